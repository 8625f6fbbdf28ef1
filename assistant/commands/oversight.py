"""``cr-assistant oversight report|view``: the LPU Lead's view of the decision records.

``report [--from DATE] [--to DATE] [--unit NAME] [--format text|markdown|csv|json]`` prints the
report; ``view`` opens the same in the TUI, with bar charts and a filter by unit and period.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from assistant.errors import InputError

FORMATS = ("text", "markdown", "csv", "json")


def register(sub: Any) -> None:
    from assistant.commands.recording import add_db_option

    parser = sub.add_parser(
        "oversight", help="the decision records: special cases, authorisations, changed answers"
    )
    actions = parser.add_subparsers(dest="oversight_action", metavar="ACTION")
    for name, text in (
        ("report", "print the oversight report"),
        ("view", "open the oversight report in the TUI, with bar charts"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD")
        action.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD")
        action.add_argument("--unit", metavar="NAME", help="one OCU or team (from the settings)")
        add_db_option(action)
        if name == "report":
            # As assistant.record.report.FORMATS: not imported, so --help stays quick.
            action.add_argument("--format", choices=FORMATS, default="text")
    parser.set_defaults(handler=handle)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a date: write YYYY-MM-DD") from None


def handle(args: argparse.Namespace) -> int:
    action = getattr(args, "oversight_action", None)
    if action is None:
        raise InputError("oversight: say what to do: 'oversight report' or 'oversight view'")
    from assistant.catalogue import Catalogue
    from assistant.record.query import OversightQuery

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise InputError(
            f"oversight: --from {args.date_from} is after --to {args.date_to}: swap them"
        )
    query = OversightQuery.open(Catalogue.from_options(args.trees), args.db)
    query.start, query.end, query.unit_name = args.date_from, args.date_to, args.unit
    if action == "view":
        from assistant.tui.screens.oversight import run_oversight_view

        return run_oversight_view(query)
    from assistant.record.report import render

    report = query.report(query.start, query.end, query.unit_name)
    print(render(report, args.format))
    return 0
