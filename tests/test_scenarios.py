"""The shipped scenario library: every scenario passes, and together they reach the whole tree."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.catalogue import Catalogue
from assistant.cli import main
from assistant.scenarios import ScenarioLibrary, scenario_coverage

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "trees" / "scenarios" / "kent-o32g"


@pytest.fixture(scope="module")
def shipped(library: ScenarioLibrary) -> list:
    return [library.check(item) for item in library.load_all(library.files("kent-o32g"))]


def test_the_runner_passes_every_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["scenarios", "run"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "FAIL" not in out
    passed = sum(1 for line in out.splitlines() if line.startswith("PASS"))
    assert passed == len(list(SHIPPED.glob("*.toml")))
    assert f"{passed} passed, 0 failed" in out


def test_the_library_has_at_least_thirty_scenarios_each_with_a_story_and_notes(shipped) -> None:
    assert len(shipped) >= 30
    for result in shipped:
        scenario = result.scenario
        assert not scenario.has_placeholders, scenario.id
        assert len(scenario.narrative) > 80, scenario.id
        assert scenario.notes and all(note.cite for note in scenario.notes), scenario.id


def test_every_outcome_role_and_cited_paragraph_is_reached(
    library: ScenarioLibrary, shipped
) -> None:
    tree = library.tree("kent-o32g")
    cover = scenario_coverage(tree, library.corpus, shipped)
    assert cover.missing_roles == []
    assert cover.missing_paragraphs == []
    assert cover.missing_outcomes == []


def test_the_hard_cases_are_in_the_library(shipped) -> None:
    expectations = {r.scenario.id: r.scenario.expected for r in shipped}
    sets = [set(e.authorisers) for e in expectations.values()]
    assert any(len(roles) >= 3 for roles in sets), "several authorisations at once"
    assert {"inspector", "yjt_supervisor"} in sets, "juvenile hate crime with a previous sanction"
    assert {"substantive_inspector", "yjt"} in sets, "APVA / siblings"
    assert {"superintendent"} in sets, "sexual offence in very exceptional circumstances"
    # One line per person to contact: the Inspector also gives the Sergeant's authorisation.
    assert {"inspector"} in sets, "exceptional knife case with no victim"
    assert {"superintendent", "yjt"} in sets, "juvenile sexual offence against a sibling"
    outcomes = {r.recommendation.outcome_id for r in shipped}
    for outcome in (
        "stop_domestic",
        "stop_knife_juvenile",
        "stop_second_cr",
        "stop_cannabis_caution",
        "stop_cannabis_charge",
        "stop_hate_victim",
        "stop_traffic",
    ):
        assert outcome in outcomes


def test_a_failing_scenario_is_reported_with_expected_got_and_first_divergence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SHIPPED / "46-juvenile-previous-sanction.toml").read_text()
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(text.replace('authorisers = ["yjt_supervisor"]', 'authorisers = ["sergeant"]'))
    status = main(["scenarios", "run", str(wrong)])
    out = capsys.readouterr().out
    assert status == 1
    assert "FAIL    wrong" in out
    assert "community_resolution; sergeant" in out
    assert "community_resolution; yjt_supervisor" in out
    assert "authorisers missing: sergeant" in out
    assert "first divergence: Q16 history = 'Yes' adds yjt_supervisor" in out
    assert "O32g 3.5.3" in out


def test_json_and_junit_outputs_carry_every_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit = tmp_path / "scenarios.xml"
    text = (SHIPPED / "35-indictable-only-robbery.toml").read_text()
    wrong = tmp_path / "35-wrong.toml"
    # An indictable-only offence ends in prosecution (a charging decision), so expecting
    # "not_permitted" makes the scenario fail.
    wrong.write_text(text.replace('disposal = "prosecution"', 'disposal = "not_permitted"'))
    paths = [str(SHIPPED / "07-victim-consent-not-secured.toml"), str(wrong)]
    status = main(["scenarios", "run", *paths, "--json", "--junit-xml", str(junit)])
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    assert data["passed"] == 1 and data["failed"] == 1
    first = data["scenarios"][0]
    assert first["expected"]["authorisers"] == ["inspector"]
    assert first["got"]["authorisers"] == ["inspector"]
    failing = [item for item in data["scenarios"] if not item["passed"]]
    assert all(item["first_divergence"]["cite"] for item in failing)
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    assert suite.get("tests") == str(len(data["scenarios"]))
    assert suite.get("failures") == str(data["failed"])
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [item["id"] for item in data["scenarios"]]
    assert sum(1 for case in cases if case.find("failure") is not None) == data["failed"]


def test_coverage_command_lists_what_no_scenario_reaches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["scenarios", "coverage", "--tree", "kent-o32g"])
    out = capsys.readouterr().out
    assert status == 0
    assert "Authorising roles: 6 of 6 reached" in out
    outcomes = sum(
        1 for node in Catalogue().tree("kent-o32g").nodes.values() if node.kind == "outcome"
    )
    assert f"Outcomes: {outcomes} of {outcomes} reached" in out
    status = main(["scenarios", "coverage", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data[0]["missing"]["roles"] == []
    assert all(data[0]["outcomes"][key] for key in ("cr", "stop_knife", "stop_domestic"))


def test_list_names_every_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr().out
    assert "01-shop-theft-first-offence  [kent-o32g]" in out
    assert len(out.splitlines()) == len(list(SHIPPED.glob("*.toml")))


def test_replay_many_replays_the_library(library: ScenarioLibrary) -> None:
    from assistant.scenarios import replay_many

    timing = replay_many(60, library.catalogue)
    assert timing.replays == 60
    assert timing.scenarios == len(list(SHIPPED.glob("*.toml")))
