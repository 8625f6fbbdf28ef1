"""Recording from the plain-text mode and the oversight report, run as an officer and the LPU
Lead would, on both engines."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.engine.loader import load_tree
from tests.conftest import REPO
from tests.record.conftest import walk

SETTINGS = '[record]\nunits = ["Maidstone OCU", "Medway CSU"]\nunit = "Maidstone OCU"\n'


def answers(scenario: str) -> str:
    """The model answers as an officer types them: each question's label, one a line."""
    session = walk(load_tree(REPO / "trees" / "kent-o32g.toml"), scenario)
    labels = [step.answer.label for step in session.steps if step.node.kind == "question"]
    return "\n".join(labels) + "\n"


def cli(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    # The environment the autouse fixture pinned (data folder, settings file) is inherited.
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


@pytest.fixture
def force_settings(_private_data_folder: Path) -> Path:
    path = _private_data_folder / "settings.toml"
    path.write_text(SETTINGS)
    return path


@pytest.mark.slow
def test_three_recorded_cases_appear_in_the_report_with_one_special_case(
    force_settings: Path, db_target: str
) -> None:
    cases = (
        ("36-traffic-special-case", "Medway CSU"),
        ("01-shop-theft-first-offence", None),
        ("31-knife-no-exceptional-circumstances", None),
    )
    for scenario, unit in cases:
        unit_option = ["--unit", unit] if unit else []
        done = cli(
            ["ask", "--tree", "kent-o32g", "--record", "--db", db_target, *unit_option],
            answers(scenario),
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""  # recorded without a word to the officer
    report = cli(["oversight", "report", "--format", "json", "--db", db_target])
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert data["cases"] == 3
    assert {row["id"]: row["count"] for row in data["by_outcome"]} == {"cr": 2, "stop_knife": 1}
    [special] = data["special_cases"]
    assert (special["id"], special["count"]) == ("traffic_special_case", 1)
    assert special["cite"] == ["O32g 2.3.1", "O32g 4.2.2", "LPU role.3"]
    assert special["reasons"][0]["id"] == "inspector"
    assert {row["id"]: row["count"] for row in data["authorisations"]} == {"inspector": 1}
    # The traffic case was recorded under Medway CSU, the others under this device's unit.
    assert {row["label"]: row["count"] for row in data["by_unit"]} == {
        "Maidstone OCU": 2,
        "Medway CSU": 1,
    }
    medway = json.loads(
        cli(
            ["oversight", "report", "--format", "json", "--db", db_target, "--unit", "Medway CSU"]
        ).stdout
    )
    assert (medway["cases"], medway["unit"]) == (1, "Medway CSU")
    text = cli(["oversight", "report", "--db", db_target]).stdout
    assert "Cases: 3" in text
    assert "Traffic offence dealt with as an excluded offence special case" in text
    rows = list(
        csv.reader(
            io.StringIO(cli(["oversight", "report", "--format", "csv", "--db", db_target]).stdout)
        )
    )
    assert rows[-1][:2] == ["special_case", "traffic_special_case"] or any(
        row[:2] == ["special_case", "traffic_special_case"] for row in rows
    )
    markdown = cli(["oversight", "report", "--format", "markdown", "--db", db_target]).stdout
    assert "## Special-case routes" in markdown and "| 1 | Traffic offence" in markdown


def test_a_unit_not_on_the_forces_list_is_refused_before_the_first_question(
    force_settings: Path, tmp_path: Path
) -> None:
    done = cli(["ask", "--tree", "kent-o32g", "--record", "--unit", "PC Smith"], "1\n")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "cr-assistant: unit 'PC Smith' is not one of the force's units in "
        f"{force_settings}: use one of Maidstone OCU, Medway CSU"
    ]
    assert "Q1." not in done.stdout


def test_without_record_nothing_is_recorded(force_settings: Path, tmp_path: Path) -> None:
    target = str(tmp_path / "records.sqlite3")
    done = cli(["ask", "--tree", "kent-o32g"], answers("01-shop-theft-first-offence"))
    assert done.returncode == 0
    assert not Path(target).exists()
    refused = cli(["ask", "--tree", "kent-o32g", "--db", target], "1\n")
    assert refused.returncode == 2 and "add --record" in refused.stderr


def test_a_damaged_database_never_stops_the_officer(
    force_settings: Path, _private_data_folder: Path
) -> None:
    damaged = _private_data_folder / "decision-records.sqlite3"
    damaged.write_bytes(b"not a database" * 1000)
    done = cli(["ask", "--tree", "kent-o32g", "--record"], answers("01-shop-theft-first-offence"))
    assert done.returncode == 0
    assert "A Community Resolution may be used" in done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in done.stderr
    assert "the decision record database is damaged" in lines[0]
    assert "kept in" in lines[1] and "your result stands" in lines[1]
    report = cli(["oversight", "report"])
    assert report.returncode == 2
    assert report.stderr.count("\n") == 1 and "damaged" in report.stderr


def test_the_report_shows_an_answer_changed_that_changed_the_outcome(
    force_settings: Path, tmp_path: Path
) -> None:
    from assistant.catalogue import Catalogue
    from assistant.record.recorder import RecordQueue, start_recorder
    from assistant.record.settings import load_settings
    from tests.record.conftest import walk

    target = str(tmp_path / "records.sqlite3")
    recorder = start_recorder(load_settings(), "maidstone-ocu", target, RecordQueue(tmp_path / "q"))
    session = walk(Catalogue().tree("kent-o32g"), "01-shop-theft-first-offence")
    recorder.result_shown(session)
    session.change("consent")
    session.answer("No")
    recorder.result_shown(session)
    data = json.loads(cli(["oversight", "report", "--format", "json", "--db", target]).stdout)
    [changed] = data["changed"]
    assert (changed["question_id"], changed["outcome_before"]) == ("consent", "cr")
    assert changed["outcome_after"] == data["by_outcome"][0]["id"] != "cr"
    assert changed["unit"] == "Maidstone OCU"


def test_a_record_altered_in_the_database_is_counted_in_the_report(
    force_settings: Path, db_target: str
) -> None:
    from tests.record.conftest import execute

    done = cli(
        ["ask", "--tree", "kent-o32g", "--record", "--db", db_target],
        answers("31-knife-no-exceptional-circumstances"),
    )
    assert done.returncode == 0, done.stderr
    clean = json.loads(cli(["oversight", "report", "--format", "json", "--db", db_target]).stdout)
    assert clean["altered"] == 0
    # Someone with access to the database turns the refusal into a CR.
    execute(db_target, "UPDATE cases SET outcome_id = ?, is_cr = 1", ("cr",))
    data = json.loads(cli(["oversight", "report", "--format", "json", "--db", db_target]).stdout)
    assert data["altered"] == 1
    text = cli(["oversight", "report", "--db", db_target]).stdout
    assert "WARNING: 1 record(s) no longer match their digest" in text


def test_a_report_for_a_unit_not_on_the_list_is_refused_not_empty(
    force_settings: Path, tmp_path: Path
) -> None:
    done = cli(["oversight", "report", "--unit", "Medway", "--db", str(tmp_path / "r.sqlite3")])
    assert done.returncode == 2
    assert "unit 'Medway' is not one of the force's units" in done.stderr
    assert done.stderr.count("\n") == 1


def test_the_command_line_offers_every_report_format() -> None:
    from assistant.commands.oversight import FORMATS as OFFERED
    from assistant.record.report import FORMATS

    assert OFFERED == FORMATS
