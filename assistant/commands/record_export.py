"""``ask --export FILE [--crime-ref REF] [--officer NAME]``: the case record for the crime
log, written once the walk reaches its result (see :mod:`assistant.case_record`).

Everything is checked before the first question, so a bad reference or an existing file is one
line at the start, never after the officer has answered every question.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.case_record import CaseDetails, RecordFormat


@dataclass(frozen=True)
class ExportRequest:
    path: Path
    fmt: RecordFormat
    details: CaseDetails


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("case record for the crime log")
    group.add_argument(
        "--export",
        metavar="FILE",
        help="after the result, write the case record: FILE.txt plain text for a log "
        "field, FILE.md Markdown (never overwrites)",
    )
    group.add_argument("--crime-ref", metavar="REF", default="", help="crime reference")
    group.add_argument("--officer", metavar="NAME", default="", help="the officer's name")


def export_request(args: argparse.Namespace) -> ExportRequest | None:
    """The checked request, or None without --export; InputError (one line) before any
    question is asked."""
    from assistant.case_record import case_details, record_format
    from assistant.safefile import refuse_existing

    if not args.export:
        if args.crime_ref or args.officer:
            raise InputError("ask: --crime-ref and --officer belong to --export FILE: add it")
        return None
    path = Path(args.export).expanduser()
    fmt = record_format(path)
    try:
        details = case_details(args.crime_ref, args.officer)
    except InputError as error:
        raise InputError(f"ask: {error}") from None
    refuse_existing(path, how="choose a new name: a record is never overwritten")
    return ExportRequest(path, fmt, details)


def write_requested(
    request: ExportRequest, rec: Any, tree: Any, corpus: Any, contacts: Any, out: TextIO
) -> None:
    from assistant.case_record import record_document
    from assistant.safefile import write_private

    text = record_document(request.fmt, rec, tree, corpus, request.details, contacts=contacts)
    write_private(request.path, text)
    print(f"\nCase record written to {request.path} (readable by you only).", file=out)
