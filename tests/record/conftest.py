"""Decision-record fixtures: both real engines (SQLite always; PostgreSQL from the machine's
binaries, skipped with the reason only when none are installed), and cases walked from the
tree's own training scenarios."""

from __future__ import annotations

import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path

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
    """A session walked with a training scenario's model answers (by label)."""
    answers = tomllib.loads((SCENARIOS / f"{scenario}.toml").read_text())["answers"]
    session = Session(tree)
    while not session.finished:
        node = session.current
        session.answer(node.answers[0] if node.kind == "info" else answers[node.id])
    return session
