"""The decision record of a finished case, on both engines: what it holds, what it can never
hold, changed answers, retention, and a write that fails."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from assistant.engine import Tree
from assistant.engine.loader import read_toml, tree_from_data
from assistant.engine.validate import validate
from assistant.errors import InputError
from assistant.record.model import CaseRecord, build_record, slug
from assistant.record.recorder import RecordQueue, start_recorder
from assistant.record.settings import RecordSettings, load_settings
from assistant.record.store import Period, open_store
from tests.record.conftest import execute, walk

# A person's name as written, a sentence and a crime reference: none may reach a record.
NOT_PLAIN = ("John Smith", "The offender said he was sorry.", "46/123456/26")


def settings(tmp_path: Path, **values: object) -> RecordSettings:
    return RecordSettings(tmp_path / "settings.toml", **values)  # type: ignore[arg-type]


def recorder_for(tmp_path: Path, target: str, unit: str | None = "maidstone-ocu", **values: object):
    return start_recorder(
        settings(tmp_path, units=("Maidstone OCU", "Medway CSU"), **values),
        unit,
        target,
        RecordQueue(tmp_path / "queue.jsonl"),
    )


def test_a_traffic_special_case_is_recorded_with_its_route_contacts_and_readings(
    o32g: Tree, db_target: str, tmp_path: Path
) -> None:
    session = walk(o32g, "36-traffic-special-case")
    recorder = recorder_for(tmp_path, db_target)
    assert recorder.notices == []
    assert recorder.result_shown(session) is None
    [record] = open_store(db_target).cases()
    assert record.tree_id == "kent-o32g"
    assert record.policy_version == slug(o32g.meta.version)
    assert record.unit == "maidstone-ocu"
    assert record.outcome_id == "cr" and record.is_cr
    assert [(a.question_id, a.answer_id) for a in record.answers][3:5] == [
        ("offence", "traffic"),
        ("traffic", "exceptional-special-case"),
    ]
    assert [(s.special_case_id, s.question_id) for s in record.special_cases] == [
        ("traffic_special_case", "traffic")
    ]
    [reason] = record.contacts
    assert (reason.contact_role, reason.role_id, reason.question_id) == (
        "inspector",
        "inspector",
        "traffic",
    )
    assert reason.paragraphs == ("O32g_2.3.1", "O32g_4.2.2", "LPU_role.3")
    assert record.readings == ("traffic_inspector",)
    assert record.changed_from is None
    assert record.intact()


@pytest.mark.parametrize(
    ("scenario", "route"),
    [
        ("30-knife-exceptional-adult", "knife_exceptional"),
        ("33-sexual-offence-very-exceptional", "sexual_very_exceptional"),
        ("36-traffic-special-case", "traffic_special_case"),
        ("07-victim-consent-not-secured", "victim_consent_exceptional"),
        ("05-second-cr-within-12-months", "second_cr_in_12_months"),
        ("01-shop-theft-first-offence", None),
        ("37-traffic-not-special", None),
    ],
)
def test_special_case_routes_are_the_trees_own_marks(
    o32g: Tree, scenario: str, route: str | None
) -> None:
    session = walk(o32g, scenario)
    record = build_record(o32g, session.steps, session.recommendation(), session.case_id, None)
    assert [used.special_case_id for used in record.special_cases] == ([route] if route else [])


def test_a_special_case_the_tree_does_not_declare_is_refused_on_load(o32g: Tree, corpus) -> None:
    path = o32g.meta.path
    data = read_toml(path)
    answer = next(a for a in data["nodes"]["traffic"]["answers"] if "special_case" in a)
    answer["special_case"] = "traffic_specal_case"
    problems = validate(tree_from_data(path, data), corpus)
    assert any(
        "node traffic: answer 1" in line and "unknown special case 'traffic_specal_case'" in line
        for line in problems
    ), problems
    # ... and the declared one no answer takes any more is named too.
    assert any("special case traffic_special_case: no answer takes" in p for p in problems)


def test_no_column_can_hold_a_name_free_text_or_a_crime_reference(
    o32g: Tree, db_target: str, tmp_path: Path
) -> None:
    recorder_for(tmp_path, db_target).result_shown(walk(o32g, "36-traffic-special-case"))
    columns = _text_columns(db_target)
    assert len(columns) >= 15  # every text column of the five tables, found by the database
    for table, column in columns:
        for value in NOT_PLAIN:
            # Even written past the program, straight into the database: refused.
            with pytest.raises(Exception, match=r"(?i)check"):
                execute(db_target, f"UPDATE {table} SET {column} = ?", (value,))
    # The record itself refuses such a value before it reaches the database.
    session = walk(o32g, "01-shop-theft-first-offence")
    with pytest.raises(ValueError, match="not a plain name"):
        build_record(o32g, session.steps, session.recommendation(), session.case_id, "John Smith")


def _text_columns(target: str) -> list[tuple[str, str]]:
    if not target.startswith("postgresql://"):
        found = []
        for table in TABLES:
            rows = execute(target, f"PRAGMA table_info({table})")
            found += [(table, row[1]) for row in rows if row[2] == "TEXT"]
        return found
    rows = execute(
        target,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type = 'text'",
    )
    return [(table, column) for table, column in rows if table in TABLES]


TABLES = ("cases", "case_answers", "case_contacts", "case_readings", "case_special_cases")


def test_the_record_type_has_no_field_for_a_name_or_free_text() -> None:
    import dataclasses

    names = {field.name for field in dataclasses.fields(CaseRecord)}
    assert not names & {"name", "officer", "offender", "victim", "notes", "comment", "crime_ref"}
    assert names == {
        "case_key",
        "recorded_at",
        "tree_id",
        "policy_version",
        "tree_digest",
        "unit",
        "outcome_id",
        "disposal_id",
        "is_cr",
        "answers",
        "contacts",
        "readings",
        "special_cases",
        "changed_from",
        "changed_question",
        "digest",
    }


def test_an_answer_changed_after_the_result_replaces_the_record_and_keeps_the_outcome_before(
    o32g: Tree, db_target: str, tmp_path: Path
) -> None:
    recorder = recorder_for(tmp_path, db_target)
    session = walk(o32g, "36-traffic-special-case")
    recorder.result_shown(session)
    session.change("consent")
    session.answer("No")  # the offender does not consent: the outcome changes
    assert session.finished
    recorder.result_shown(session)
    [record] = open_store(db_target).cases()
    assert record.outcome_id not in ("cr", "")
    assert (record.changed_from, record.changed_question) == ("cr", "consent")
    assert record.special_cases == ()  # the route no longer ends in a CR
    # A restart is a new case, with a record of its own.
    session.restart()
    for reply in ("Under 10",):
        session.answer(reply)
    recorder.result_shown(session)
    assert len(open_store(db_target).cases()) == 2


def test_records_older_than_the_forces_retention_are_deleted_on_start(
    o32g: Tree, db_target: str, tmp_path: Path
) -> None:
    session = walk(o32g, "01-shop-theft-first-offence")
    store = open_store(db_target)
    now = dt.datetime.now(dt.UTC)
    for key, days in (("old", 31), ("recent", 29)):
        store.write(
            build_record(
                o32g,
                session.steps,
                session.recommendation(),
                key,
                None,
                now=now - dt.timedelta(days=days),
            )
        )
    recorder_for(tmp_path, db_target, retention_days=30)
    assert [record.case_key for record in open_store(db_target).cases()] == ["recent"]


def test_a_failed_write_is_queued_privately_and_written_at_the_next_start(
    o32g: Tree, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database folder should be")
    recorder = recorder_for(tmp_path, str(blocked / "records.sqlite3"))
    assert len(recorder.notices) == 1 and "cannot be opened" in recorder.notices[0]
    notice = recorder.result_shown(walk(o32g, "36-traffic-special-case"))
    assert notice is not None and "written at the next start" in notice
    queue = tmp_path / "queue.jsonl"
    assert stat.S_IMODE(queue.stat().st_mode) == 0o600
    good = str(tmp_path / "records.sqlite3")
    later = recorder_for(tmp_path, good)
    assert later.notices == ["decision record: 1 queued record(s) written"]
    assert not queue.exists()
    [record] = open_store(good).cases()
    assert record.special_cases[0].special_case_id == "traffic_special_case"


def test_the_sqlite_file_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "records.sqlite3"
    open_store(str(path)).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_damaged_database_is_one_line_and_recording_waits_in_the_queue(
    o32g: Tree, tmp_path: Path
) -> None:
    path = tmp_path / "records.sqlite3"
    path.write_bytes(os.urandom(8192))
    recorder = recorder_for(tmp_path, str(path))
    [notice] = recorder.notices
    assert "damaged" in notice and "move the file aside" in notice and "\n" not in notice
    assert recorder.result_shown(walk(o32g, "01-shop-theft-first-offence")) is not None
    assert len(RecordQueue(tmp_path / "queue.jsonl").records()) == 1


def test_a_database_from_a_newer_program_is_refused_in_one_line(
    db_target: str, tmp_path: Path
) -> None:
    open_store(db_target).close()
    execute(db_target, "UPDATE schema_version SET version = 99")
    recorder = recorder_for(tmp_path, db_target)
    [notice] = recorder.notices
    assert "newer cr-assistant (schema 99" in notice and "update cr-assistant" in notice
    assert recorder.store is None


def test_settings_name_the_forces_units_and_refuse_any_other(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[record]\nunits = ["Maidstone OCU", "Medway CSU"]\nretention_days = 90\n')
    loaded = load_settings(path)
    assert loaded.retention_days == 90
    assert loaded.unit_key("medway csu") == "medway-csu"
    with pytest.raises(InputError, match="not one of the force's units"):
        loaded.unit_key("PC 1234 Smith")
    path.write_text('[record]\nunits = ["Maidstone OCU", "Smith, John: PC 1234"]\n')
    with pytest.raises(InputError, match="is not an OCU or team name"):
        load_settings(path)
    path.write_text("[record]\nretention_days = 0\n")
    with pytest.raises(InputError, match="retention_days: 0 is outside"):
        load_settings(path)


def test_reading_a_period_and_a_unit(o32g: Tree, db_target: str) -> None:
    session = walk(o32g, "01-shop-theft-first-offence")
    store = open_store(db_target)
    moment = dt.datetime(2026, 3, 15, 12, tzinfo=dt.UTC)
    for key, unit, days in (("a", "maidstone-ocu", 0), ("b", "medway-csu", 0), ("c", None, 40)):
        store.write(
            build_record(
                o32g,
                session.steps,
                session.recommendation(),
                key,
                unit,
                now=moment - dt.timedelta(days=days),
            )
        )
    assert [r.case_key for r in store.cases(Period("2026-03-01", "2026-04-01"))] == ["a", "b"]
    assert [r.case_key for r in store.cases(Period(unit="medway-csu"))] == ["b"]
    assert [r.case_key for r in store.cases(Period(end="2026-03-01"))] == ["c"]
