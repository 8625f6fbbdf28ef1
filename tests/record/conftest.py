"""Decision-record fixtures: both real engines (SQLite always; PostgreSQL from the machine's
binaries, skipped with the reason only when none are installed), and cases walked from the
tree's own training scenarios."""

from __future__ import annotations

import sqlite3
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.engine import Session, Tree
from tests.record import pgserver

SCENARIOS = Path(__file__).resolve().parents[2] / "trees" / "scenarios" / "kent-o32g"


@pytest.fixture(scope="session")
def postgres() -> Iterator[pgserver.Server]:
    if pgserver.find_binaries() is None:
        pytest.skip("PostgreSQL tests skipped: no PostgreSQL binaries (initdb, pg_ctl) here")
    server = pgserver.start()  # binaries that cannot start a server fail the run, loudly
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database of each engine: a SQLite file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "records" / "decision-records.sqlite3")
    server = request.getfixturevalue("postgres")
    return server.create_database(f"t_{uuid.uuid4().hex[:12]}")


def walk(tree: Tree, scenario: str) -> Session:
    """A session walked with a training scenario's model answers (by answer id)."""
    answers = tomllib.loads((SCENARIOS / f"{scenario}.toml").read_text())["answers"]
    session = Session(tree)
    while not session.finished:
        node = session.current
        if node.kind == "info":
            session.answer(node.answers[0])
            continue
        [chosen] = [answer for answer in session.offered() if answer.id == answers[node.id]]
        session.answer(chosen)
    return session


def native(target: str) -> Any:
    """A connection of the engine's own driver (autocommit), to act on a database as someone
    with direct access to it would, past the program."""
    if target.startswith("postgresql://"):
        import psycopg

        return psycopg.connect(target, autocommit=True)
    return sqlite3.connect(target, isolation_level=None)


def execute(target: str, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
    connection = native(target)
    try:
        marker = "%s" if target.startswith("postgresql://") else "?"
        cursor = connection.execute(statement.replace("?", marker), params)
        return list(cursor.fetchall()) if cursor.description else []
    finally:
        connection.close()
