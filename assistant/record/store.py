"""Where decision records are kept: SQLite (the default, in the user data folder) or PostgreSQL
(``postgresql://...``, for a force-wide deployment with several servers), one schema for both.

Every problem opening or writing the database is a :class:`RecordUnavailable` carrying one line
(what is wrong, where, and what to do); the caller shows it and carries on without recording.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from assistant.record.model import (
    AnsweredQuestion,
    CaseRecord,
    ContactReason,
    SpecialCaseUsed,
    parse_stamp,
    stamp,
)
from assistant.record.schema import (
    CHILD_TABLES,
    MIGRATIONS,
    POSTGRES,
    SCHEMA_VERSION,
    SQLITE,
    Dialect,
)
from assistant.recovery import data_folder

ENV_DB = "CR_ASSISTANT_DB"
DB_FILE = "decision-records.sqlite3"
# Writers wait this long for another's transaction (20 processes at once wait well under it).
BUSY_SECONDS = 60
# One lock number for migrations on PostgreSQL: two servers starting at once migrate in turn.
_MIGRATION_LOCK = 170017


class RecordUnavailable(Exception):
    """The decision record cannot be opened or written; ``str()`` is one line."""


@dataclass(frozen=True)
class Period:
    """Cases recorded from ``start`` (inclusive) to ``end`` (exclusive), ISO dates; and unit."""

    start: str | None = None
    end: str | None = None
    unit: str | None = None


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def execute(self, query: str, params: Any = ...) -> Any: ...
    def executemany(self, query: str, params: Any) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...


def default_sqlite_path() -> Path:
    return data_folder() / DB_FILE


def resolve_target(option: str | None, configured: str = "") -> str:
    """The database to use: ``--db``, else $CR_ASSISTANT_DB, else the settings' ``db``, else
    the SQLite file in the user data folder."""
    return option or os.environ.get(ENV_DB) or configured or str(default_sqlite_path())


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def shown_target(target: str) -> str:
    """The target as messages name it: a password in a URL is never printed."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", target)


def open_store(target: str) -> Store:
    """Open (creating and migrating as needed) the database ``target`` names."""
    if is_postgres(target):
        return _open_postgres(target)
    path = Path(target.removeprefix("sqlite:///").removeprefix("sqlite://"))
    return _open_sqlite(path)


class Store:
    """The decision records in one database. Every write is one transaction."""

    def __init__(
        self,
        connection: Any,
        dialect: Dialect,
        where: str,
        begin: Callable[[Any], contextlib.AbstractContextManager[Cursor]],
        errors: tuple[type[BaseException], ...],
    ) -> None:
        self.connection = connection
        self.dialect = dialect
        self.where = where
        self._begin = begin
        self._errors = errors
        # One transaction at a time on this connection: a server's threads may share the store.
        self._lock = threading.Lock()

    # -- schema --------------------------------------------------------------------------------
    def migrate(self) -> None:
        """Create the schema or bring it up to date; refuse a database from a newer program."""
        with self._transaction(lock=True) as cursor:
            tables = self._tables(cursor)
            if "schema_version" not in tables:
                if tables - {"sqlite_sequence"}:
                    raise RecordUnavailable(
                        f"{self.where} holds other tables and no decision-record schema: "
                        "give --db a database of its own"
                    )
                cursor.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                cursor.execute("INSERT INTO schema_version (version) VALUES (0)")
            cursor.execute("SELECT version FROM schema_version")
            version = int(cursor.fetchone()[0])
            if version > SCHEMA_VERSION:
                raise RecordUnavailable(
                    f"{self.where} was written by a newer cr-assistant (schema {version}, this "
                    f"one knows {SCHEMA_VERSION}): update cr-assistant"
                )
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[number - 1]:
                    cursor.execute(self.dialect.render(statement))
                cursor.execute(self.dialect.sql("UPDATE schema_version SET version = ?"), (number,))

    def _tables(self, cursor: Cursor) -> set[str]:
        if self.dialect is SQLITE:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )
        return {row[0] for row in cursor.fetchall()}

    @contextlib.contextmanager
    def _transaction(self, lock: bool = False) -> Iterator[Cursor]:
        try:
            with self._lock, self._begin(self.connection) as cursor:
                if lock and self.dialect is POSTGRES:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                yield cursor
        except self._errors as error:
            raise RecordUnavailable(f"{self.where}: {_first_line(error)}") from error

    # -- writing -------------------------------------------------------------------------------
    def write(self, record: CaseRecord) -> None:
        """Write ``record`` in one transaction, replacing an earlier record of the same case."""
        sql = self.dialect.sql
        for attempt in range(3):
            try:
                with self._transaction() as cursor:
                    self._delete_case(cursor, record.case_key)
                    cursor.execute(
                        sql(
                            "INSERT INTO cases (case_key, recorded_at, tree_id, policy_version, "
                            "tree_digest, unit, outcome_id, disposal_id, is_cr, changed_from, "
                            "changed_question, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id"
                        ),
                        (
                            record.case_key,
                            stamp(record.recorded_at),
                            record.tree_id,
                            record.policy_version,
                            record.tree_digest,
                            record.unit,
                            record.outcome_id,
                            record.disposal_id,
                            int(record.is_cr),
                            record.changed_from,
                            record.changed_question,
                            record.digest,
                        ),
                    )
                    case_id = cursor.fetchone()[0]
                    self._write_children(cursor, case_id, record)
                return
            except RecordUnavailable as error:
                # Two servers replaying the same queued case at once: the second sees the first's
                # row appear; once more replaces it.
                if "unique" not in str(error).casefold() or attempt == 2:
                    raise

    def _delete_case(self, cursor: Cursor, case_key: str) -> None:
        sql = self.dialect.sql
        cursor.execute(sql("SELECT id FROM cases WHERE case_key = ?"), (case_key,))
        row = cursor.fetchone()
        if row is None:
            return
        for table in CHILD_TABLES:
            cursor.execute(sql(f"DELETE FROM {table} WHERE case_id = ?"), (row[0],))
        cursor.execute(sql("DELETE FROM cases WHERE id = ?"), (row[0],))

    def _write_children(self, cursor: Cursor, case_id: int, record: CaseRecord) -> None:
        sql = self.dialect.sql
        rows: dict[str, tuple[str, list[tuple[Any, ...]]]] = {
            "case_answers": (
                "(case_id, position, question_id, answer_id) VALUES (?, ?, ?, ?)",
                [
                    (case_id, n, item.question_id, item.answer_id)
                    for n, item in enumerate(record.answers)
                ],
            ),
            "case_contacts": (
                "(case_id, position, contact_role, role_id, question_id, paragraphs) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        case_id,
                        n,
                        item.contact_role,
                        item.role_id,
                        item.question_id,
                        ",".join(item.paragraphs) or "none",
                    )
                    for n, item in enumerate(record.contacts)
                ],
            ),
            "case_readings": (
                "(case_id, position, reading_id) VALUES (?, ?, ?)",
                [(case_id, n, reading) for n, reading in enumerate(record.readings)],
            ),
            "case_special_cases": (
                "(case_id, position, special_case_id, question_id) VALUES (?, ?, ?, ?)",
                [
                    (case_id, n, item.special_case_id, item.question_id)
                    for n, item in enumerate(record.special_cases)
                ],
            ),
        }
        for table, (columns, values) in rows.items():
            if values:
                cursor.executemany(sql(f"INSERT INTO {table} {columns}"), values)

    def prune(self, retention_days: int, now: float | None = None) -> int:
        """Delete the records older than ``retention_days``; how many were deleted."""
        import datetime as dt

        moment = dt.datetime.fromtimestamp(now or time.time(), dt.UTC)
        cutoff = stamp(moment - dt.timedelta(days=retention_days))
        sql = self.dialect.sql
        old = "SELECT id FROM cases WHERE recorded_at < ?"
        with self._transaction() as cursor:
            for table in CHILD_TABLES:
                cursor.execute(sql(f"DELETE FROM {table} WHERE case_id IN ({old})"), (cutoff,))
            cursor.execute(sql("DELETE FROM cases WHERE recorded_at < ?"), (cutoff,))
            return int(cursor.rowcount or 0)

    # -- reading -------------------------------------------------------------------------------
    def count(self) -> int:
        with self._transaction() as cursor:
            cursor.execute("SELECT COUNT(*) FROM cases")
            return int(cursor.fetchone()[0])

    def cases(self, period: Period = Period()) -> list[CaseRecord]:
        """The records in ``period``, oldest first."""
        where, params = _filter(period)
        sql = self.dialect.sql
        with self._transaction() as cursor:
            cursor.execute(
                sql(
                    "SELECT id, case_key, recorded_at, tree_id, policy_version, tree_digest, "
                    "unit, outcome_id, disposal_id, is_cr, changed_from, changed_question, digest "
                    f"FROM cases {where} ORDER BY recorded_at, id"
                ),
                params,
            )
            heads = cursor.fetchall()
            children: dict[str, dict[int, list[tuple[Any, ...]]]] = {}
            for table, columns in _CHILD_COLUMNS.items():
                cursor.execute(
                    sql(
                        f"SELECT case_id, {columns} FROM {table} WHERE case_id IN "
                        f"(SELECT id FROM cases {where}) ORDER BY case_id, position"
                    ),
                    params,
                )
                found: dict[int, list[tuple[Any, ...]]] = {}
                for row in cursor.fetchall():
                    found.setdefault(row[0], []).append(tuple(row[1:]))
                children[table] = found
        return [_record(head, children) for head in heads]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


_CHILD_COLUMNS = {
    "case_answers": "question_id, answer_id",
    "case_contacts": "contact_role, role_id, question_id, paragraphs",
    "case_readings": "reading_id",
    "case_special_cases": "special_case_id, question_id",
}


def _filter(period: Period) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if period.start:
        clauses.append("recorded_at >= ?")
        params.append(period.start)
    if period.end:
        clauses.append("recorded_at < ?")
        params.append(period.end)
    if period.unit:
        clauses.append("unit = ?")
        params.append(period.unit)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _record(head: Any, children: dict[str, dict[int, list[tuple[Any, ...]]]]) -> CaseRecord:
    case_id = head[0]
    return CaseRecord(
        case_key=head[1],
        recorded_at=parse_stamp(head[2]),
        tree_id=head[3],
        policy_version=head[4],
        tree_digest=head[5],
        unit=head[6],
        outcome_id=head[7],
        disposal_id=head[8],
        is_cr=bool(head[9]),
        answers=tuple(AnsweredQuestion(*row) for row in children["case_answers"].get(case_id, [])),
        contacts=tuple(
            ContactReason(role, rule_role, question, tuple(p for p in paragraphs.split(",")))
            if paragraphs != "none"
            else ContactReason(role, rule_role, question, ())
            for role, rule_role, question, paragraphs in children["case_contacts"].get(case_id, [])
        ),
        readings=tuple(row[0] for row in children["case_readings"].get(case_id, [])),
        special_cases=tuple(
            SpecialCaseUsed(*row) for row in children["case_special_cases"].get(case_id, [])
        ),
        changed_from=head[10],
        changed_question=head[11],
        digest=head[12],
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


# -- SQLite ------------------------------------------------------------------------------------
def _open_sqlite(path: Path) -> Store:
    try:
        _private_file(path)
        connection = sqlite3.connect(
            path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        connection.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        _wal(connection)
    except (OSError, sqlite3.Error) as error:
        raise RecordUnavailable(_sqlite_problem(path, error)) from None
    store = Store(connection, SQLITE, str(path), _sqlite_transaction, (sqlite3.Error,))
    try:
        store.migrate()
    except RecordUnavailable as error:
        store.close()
        cause = error.__cause__
        if isinstance(cause, sqlite3.DatabaseError):
            raise RecordUnavailable(_sqlite_problem(path, cause)) from None
        raise
    return store


def _sqlite_problem(path: Path, error: BaseException) -> str:
    reason = _first_line(error)
    if "not a database" in reason or "malformed" in reason:
        return (
            f"{path}: the decision record database is damaged ({reason}): move the file aside "
            "and a new one is started"
        )
    return f"{path}: the decision record cannot be opened ({reason})"


def _private_file(path: Path) -> None:
    """The database file exists and is readable by its owner only (0600, in a 0700 folder)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077 and path.stat().st_uid == os.geteuid():
            path.chmod(0o600)


def _wal(connection: sqlite3.Connection) -> None:
    # Switching to WAL takes a moment's exclusive lock; a writer starting at the same moment
    # sees "locked" without waiting, so try again briefly.
    for _ in range(200):
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.05)
    connection.execute("PRAGMA journal_mode = WAL")


@contextlib.contextmanager
def _sqlite_transaction(connection: sqlite3.Connection) -> Iterator[Cursor]:
    cursor = connection.cursor()
    cursor.execute("BEGIN IMMEDIATE")
    try:
        yield cursor
    except BaseException:
        connection.rollback()
        raise
    else:
        connection.commit()
    finally:
        cursor.close()


# -- PostgreSQL --------------------------------------------------------------------------------
def _open_postgres(url: str) -> Store:
    where = shown_target(url)
    try:
        import psycopg
    except ImportError:
        raise RecordUnavailable(
            f"{where}: PostgreSQL needs psycopg: pip install 'cr-assistant[postgres]'"
        ) from None
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise RecordUnavailable(f"{where}: cannot connect ({_first_line(error)})") from None
    store = Store(connection, POSTGRES, where, _postgres_transaction, (psycopg.Error,))
    try:
        store.migrate()
    except RecordUnavailable:
        store.close()
        raise
    return store


@contextlib.contextmanager
def _postgres_transaction(connection: Any) -> Iterator[Cursor]:
    with connection.transaction(), connection.cursor() as cursor:
        yield cursor
