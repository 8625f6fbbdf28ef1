"""``cr-assistant oversight report|view``: the LPU Lead's view of the decision records.

``report [--from DATE] [--to DATE] [--unit NAME] [--format text|markdown|csv|json]`` prints the
report; ``view`` opens the same in the TUI, with bar charts and a filter by unit and period.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from assistant.errors import InputError


def register(sub: Any) -> None:
    from assistant.commands.recording import add_db_option
    from assistant.record.report import FORMATS

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
    query = OversightQuery.from_args(args)
    if action == "view":
        from assistant.tui.screens.oversight import run_oversight_view

        return run_oversight_view(query)
    from assistant.record.report import render

    report = query.report(query.start, query.end, query.unit_name)
    print(render(report, args.format))
    return 0


class OversightQuery:
    """What the report reads: the store, the trees for titles, the settings for unit names."""

    def __init__(
        self,
        catalogue: Any,
        settings: Any,
        target: str,
        start: dt.date | None = None,
        end: dt.date | None = None,
        unit_name: str | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.settings = settings
        self.target = target
        self.start = start
        self.end = end
        self.unit_name = unit_name

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> OversightQuery:
        from assistant.catalogue import Catalogue
        from assistant.record.settings import load_settings
        from assistant.record.store import resolve_target

        settings = load_settings()
        if args.date_from and args.date_to and args.date_from > args.date_to:
            raise InputError(
                f"oversight: --from {args.date_from} is after --to {args.date_to}: swap them"
            )
        return cls(
            Catalogue.from_options(args.trees),
            settings,
            resolve_target(args.db, settings.db),
            args.date_from,
            args.date_to,
            args.unit,
        )

    def units(self) -> tuple[str, ...]:
        return tuple(self.settings.units)

    def report(self, start: dt.date | None, end: dt.date | None, unit_name: str | None) -> Any:
        """The report for a period and unit. InputError (one line) if the database cannot be
        read: a report has nothing to show without it."""
        from assistant.record.model import slug
        from assistant.record.report import Labels, build_report
        from assistant.record.store import Period, RecordUnavailable, open_store

        unit = slug(unit_name) if unit_name else None
        period = Period(
            start.isoformat() if start else None,
            (end + dt.timedelta(days=1)).isoformat() if end else None,
            unit,
        )
        try:
            store = open_store(self.target)
            try:
                records = store.cases(period)
            finally:
                store.close()
        except RecordUnavailable as error:
            raise InputError(f"oversight: {error}") from None
        labels = Labels(self._tree)
        return build_report(
            records,
            labels,
            self.settings.unit_name,
            start.isoformat() if start else None,
            end.isoformat() if end else None,
            unit,
        )

    def _tree(self, tree_id: str) -> Any:
        try:
            return self.catalogue.tree(tree_id)
        except InputError:
            return None

