"""The decision-record options every front end shares: ``--record``, ``--unit``, ``--db``.

``ask`` and ``run`` record only when asked (``--record``, or ``enabled = true`` in the force's
settings); a served deployment records by default (``on_by_default=True``, with ``--no-record``
to turn it off). The unit is checked against the force's list before the first question.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_record_options(parser: Any, on_by_default: bool = False) -> None:
    group = parser.add_argument_group("decision record (see README, 'Decision record')")
    if on_by_default:
        group.add_argument(
            "--no-record",
            dest="record",
            action="store_false",
            default=True,
            help="do not keep a decision record of finished cases",
        )
    else:
        group.add_argument(
            "--record",
            action="store_true",
            default=None,
            help="keep a decision record of each finished case (ids only, no names)",
        )
    group.add_argument(
        "--unit", metavar="NAME", help="the OCU or team to record cases under (from the settings)"
    )
    add_db_option(group)


def add_db_option(parser: Any) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="postgresql://... or a SQLite file (default: $CR_ASSISTANT_DB, the settings' db, "
        "or the SQLite file in your data folder)",
    )


def recorder_for(args: argparse.Namespace, on_by_default: bool = False) -> Any | None:
    """A started recorder when this run records, else None. A bad settings file or an unknown
    unit is an InputError (before any question); a database out of reach is a notice only."""
    from assistant.record.recorder import start_recorder
    from assistant.record.settings import load_settings

    settings = load_settings()
    chosen = getattr(args, "record", None)
    on = chosen if chosen is not None else (settings.enabled or on_by_default)
    if not on:
        if getattr(args, "unit", None) or getattr(args, "db", None):
            from assistant.errors import InputError

            raise InputError(
                "--unit and --db say where a decision record goes: add --record to keep one"
            )
        return None
    unit = settings.unit_key(getattr(args, "unit", None))
    recorder = start_recorder(settings, unit, getattr(args, "db", None))
    for notice in recorder.notices:
        print(f"cr-assistant: {notice}", file=sys.stderr)
    return recorder


def record_result(recorder: Any | None, session: Any) -> None:
    """Record the finished case (the result is already out); a failure is one notice line."""
    if recorder is None:
        return
    notice = recorder.result_shown(session)
    if notice:
        print(f"cr-assistant: {notice}", file=sys.stderr)
