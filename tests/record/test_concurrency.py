"""Twenty officers finishing cases at once lose nothing: 20 writer processes x 50 cases each
leave exactly 1,000 records, on SQLite (WAL, one file) and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.engine import Tree
from assistant.record.model import build_record
from assistant.record.store import open_store
from tests.conftest import REPO
from tests.record.conftest import walk

WRITERS = 20
CASES_EACH = 50

# Each writer opens its own connection and writes its cases one transaction each, as a
# separate cr-assistant process finishing cases would.
WRITER = """
import dataclasses, sys
from assistant.record.model import CaseRecord
from assistant.record.store import open_store
target, writer, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
template = CaseRecord.from_json(sys.stdin.read())
store = open_store(target)
for n in range(count):
    store.write(dataclasses.replace(template, case_key=f"w{writer}-{n}").sealed())
store.close()
"""


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_twenty_writers_at_once_leave_exactly_a_thousand_records(
    o32g: Tree, db_target: str
) -> None:
    session = walk(o32g, "36-traffic-special-case")
    template = build_record(o32g, session.steps, session.recommendation(), "template", None)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_target, str(n), str(CASES_EACH)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for n in range(WRITERS)
    ]
    failures = []
    for process in writers:
        _, errors = process.communicate(template.to_json(), timeout=540)
        if process.returncode:
            failures.append(errors.strip().splitlines()[-1:])
    assert failures == []
    store = open_store(db_target)
    records = store.cases()
    assert store.count() == WRITERS * CASES_EACH == len(records)
    assert len({record.case_key for record in records}) == WRITERS * CASES_EACH
    assert all(record.intact() for record in records)
    # Every case kept its whole record (the children written in the same transaction).
    assert all(record.special_cases and record.answers for record in records)


def test_the_queue_and_the_database_agree_when_a_case_is_written_twice(
    o32g: Tree, db_target: str, tmp_path: Path
) -> None:
    """A queued case replayed by two starts at once is one record, not two."""
    session = walk(o32g, "01-shop-theft-first-offence")
    record = build_record(o32g, session.steps, session.recommendation(), "same-case", None)
    store = open_store(db_target)
    store.write(record)
    store.write(record)
    assert store.count() == 1


def test_threads_sharing_one_store_lose_nothing(o32g: Tree, db_target: str) -> None:
    """A server's request threads share one store: each write is still whole and none lost."""
    import dataclasses
    from concurrent.futures import ThreadPoolExecutor

    session = walk(o32g, "36-traffic-special-case")
    template = build_record(o32g, session.steps, session.recommendation(), "template", None)
    store = open_store(db_target)

    def write(n: int) -> None:
        store.write(dataclasses.replace(template, case_key=f"t{n}").sealed())

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(200)))
    assert store.count() == 200
    assert all(record.special_cases for record in store.cases())
