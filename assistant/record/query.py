"""What the oversight report reads, for the command line and the TUI screen alike: the records
of a period and unit, with titles from the trees and unit names from the force's settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from assistant.errors import InputError
from assistant.record.model import slug
from assistant.record.report import Labels, OversightReport, build_report
from assistant.record.settings import RecordSettings, load_settings
from assistant.record.store import Period, RecordUnavailable, open_store, resolve_target


class OversightQuery:
    """What the report reads: the store, the trees for titles, the settings for unit names."""

    def __init__(
        self,
        catalogue: Any,
        settings: RecordSettings,
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
    def open(cls, catalogue: Any, db_option: str | None) -> OversightQuery:
        """The report over the database ``--db`` (or $CR_ASSISTANT_DB, the settings' db, the
        SQLite file) names. InputError (one line) for a malformed settings file."""
        settings = load_settings()
        return cls(catalogue, settings, resolve_target(db_option, settings.db))

    def units(self) -> tuple[str, ...]:
        return tuple(self.settings.units)

    def report(
        self, start: dt.date | None, end: dt.date | None, unit_name: str | None
    ) -> OversightReport:
        """The report for a period and unit. InputError (one line) if the database cannot be
        read: a report has nothing to show without it."""
        unit = None
        if unit_name:
            # A unit not on the force's list is a typing slip, not a unit with no cases.
            unit = self.settings.unit_key(unit_name) if self.settings.units else slug(unit_name)
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
