"""Recording finished cases for a front end (``ask``, the TUI, ``serve``).

:func:`start_recorder` opens the store, deletes records past the force's retention and writes
any records queued by an earlier run. :meth:`Recorder.result_shown` is called once the result is
on the screen: it writes the case's record in one transaction. Nothing here ever stops the
officer: every failure becomes a one-line notice, and a record that could not be written is
kept in a private queue file (0600) and written at the next start.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.engine.session import Session
from assistant.record.model import CaseRecord, ShownResult, answered, build_record
from assistant.record.settings import RecordSettings
from assistant.record.store import (
    RecordUnavailable,
    Store,
    open_store,
    resolve_target,
    shown_target,
)
from assistant.recovery import data_folder

QUEUE_FILE = "decision-record-queue.jsonl"


def queue_path() -> Path:
    return data_folder() / QUEUE_FILE


@dataclass
class RecordQueue:
    """Records waiting to be written, one JSON line each, in a file only its owner can read."""

    path: Path

    def add(self, record: CaseRecord) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write(record.to_json() + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def records(self) -> list[CaseRecord]:
        from assistant.errors import InputError
        from assistant.safefile import RECORD_QUEUE, read_input

        if not self.path.exists():
            return []
        try:
            # Bounded and regular files only, as every file the program reads.
            lines = read_input(self.path, RECORD_QUEUE).splitlines()
        except InputError:
            return []
        found = []
        for line in lines:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                record = CaseRecord.from_json(line)
                # A line altered in the file is not a record of what the assistant advised.
                if record.intact():
                    found.append(record)
        return found

    def replace(self, records: Sequence[CaseRecord]) -> None:
        from assistant.safefile import write_atomic

        if not records:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        text = "".join(record.to_json() + "\n" for record in records)
        write_atomic(self.path, text, mode=0o600, overwrite=True)


@dataclass
class Recorder:
    """Writes the record of each finished case; ``store`` is None when the database is out of
    reach (records then wait in the queue)."""

    settings: RecordSettings
    unit: str | None
    store: Store | None
    queue: RecordQueue
    where: str
    # One-line notices from starting (the database out of reach, queued records written ...).
    notices: list[str] = field(default_factory=list)
    # The results shown so far in each case (by Session.case_id), oldest first.
    shown: dict[str, list[ShownResult]] = field(default_factory=dict)
    # The database as given (``where`` is the same with any password hidden).
    target: str = ""

    def result_shown(self, session: Session) -> str | None:
        """Record the case whose result the officer now sees. Returns a notice for the officer
        when the record could not be written (it is queued), else None."""
        recommendation = session.recommendation()
        earlier = self.shown.setdefault(session.case_id, [])
        record = build_record(
            session.tree,
            session.steps,
            recommendation,
            session.case_id,
            self.unit,
            earlier,
        )
        earlier.append(ShownResult(record.outcome_id, answered(session.steps)))
        if self.store is not None:
            try:
                self.store.write(record)
                return None
            except RecordUnavailable as error:
                problem = str(error)
        else:
            problem = ""  # the notice at the start said why
        try:
            self.queue.add(record)
        except OSError as error:
            return (
                f"the decision record of this case was not written{_why(problem)} and could not "
                f"be kept ({error.strerror}): tell your supervisor; your result stands"
            )
        return (
            f"the decision record of this case was not written{_why(problem)}; it is kept in "
            f"{self.queue.path} and written at the next start: your result stands"
        )

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _why(problem: str) -> str:
    return f" ({problem})" if problem else ""


def start_recorder(
    settings: RecordSettings,
    unit: str | None,
    db_option: str | None = None,
    queue: RecordQueue | None = None,
) -> Recorder:
    """Open the record for a run: prune past retention, then write queued records. ``unit`` is
    a unit key already checked against the settings. Never raises for the database."""
    target = resolve_target(db_option, settings.db)
    queue = queue or RecordQueue(queue_path())
    notices: list[str] = []
    store: Store | None
    try:
        store = open_store(target)
        store.prune(settings.retention_days)
    except RecordUnavailable as error:
        store = None
        notices.append(
            f"decision record: {error}; until then finished cases are kept in {queue.path}"
        )
    recorder = Recorder(settings, unit, store, queue, shown_target(target), notices, target=target)
    if store is not None:
        notices.extend(flush_queue(store, queue))
    return recorder


def flush_queue(store: Store, queue: RecordQueue) -> list[str]:
    """Write the queued records; the ones that still fail stay queued."""
    waiting = queue.records()
    if not waiting:
        return []
    left: list[CaseRecord] = []
    for record in waiting:
        try:
            store.write(record)
        except RecordUnavailable:
            left.append(record)
    try:
        queue.replace(left)
    except Exception:  # the queue stays as it was: written again next start (idempotent)
        return [f"decision record: {queue.path} could not be updated; it is tried again"]
    written = len(waiting) - len(left)
    if not written:
        return [f"decision record: {len(left)} queued record(s) could not be written yet"]
    return [f"decision record: {written} queued record(s) written"]
