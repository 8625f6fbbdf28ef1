"""The hazard log is data a safety officer can trust: every control names code that exists and
tests that exist and pass, and `cr-assistant safety` prints it and the safety case."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.catalogue import Catalogue
from assistant.cli import main
from assistant.errors import InputError
from assistant.presentation import policy_stamp, review_line
from assistant.safety import (
    hazard_log_path,
    load_hazard_log,
    missing_implementations,
    missing_tests,
    read_junit,
)
from tests.conftest import REPO

# What issue 19 asks the log to cover, as words each hazard's title must carry.
REQUIRED_HAZARDS = (
    "wrong disposal",
    "authoriser",
    "rule escaped",
    "advice text false",
    "lapsed policy",
    "lost or altered case",
    "search or chat",
    "hostile text",
    "personal data",
    "decision record",
)

BROKEN_LOG = """
[log]
title = "t"
standard = "s"
owner = "o"
updated = "2026-01-01"

[[scale.severity]]
score = 1
name = "a"
meaning = "m"

[[scale.likelihood]]
score = 6
name = "b"
meaning = "m"

[[scale.band]]
low = 1
high = 20
name = "Low"
meaning = "m"

[[hazard]]
id = "H01"
title = "x"
hazard = "x"
causes = ["x"]
effect = "x"
initial = { severity = 2, likelihood = 1 }
residual = { severity = 3, likelihood = 1 }
residual_note = "x"

[[hazard.control]]
does = "x"
implemented_by = ["assistant/nowhere.py::nothing"]
tests = []

[[hazard]]
id = "H02"
title = "y"
hazard = "y"
causes = ["y"]
effect = "y"
initial = { severity = 0, likelihood = 1 }
residual = { severity = 1, likelihood = 1 }
residual_note = "y"

[[hazard.control]]
does = "y"
state = "open"
tests = []
"""


@pytest.fixture(scope="module")
def log():  # type: ignore[no-untyped-def]
    return load_hazard_log()


def test_the_log_covers_every_hazard_issue_19_names(log) -> None:  # type: ignore[no-untyped-def]
    titles = [hazard.title.lower() for hazard in log.hazards]
    for words in REQUIRED_HAZARDS:
        assert any(words in title for title in titles), words
    assert len({hazard.id for hazard in log.hazards}) == len(log.hazards)


def test_every_hazard_has_a_control_proved_by_tests_and_scores_on_the_scale(log) -> None:  # type: ignore[no-untyped-def]
    for hazard in log.hazards:
        assert any(control.tested for control in hazard.controls), hazard.id
        for risk in (hazard.initial, hazard.residual):
            assert 1 <= risk.severity <= 5 and 1 <= risk.likelihood <= 5, hazard.id
        assert hazard.residual.score <= hazard.initial.score, hazard.id
    assert [level.score for level in log.scale.severity] == [1, 2, 3, 4, 5]
    assert [level.score for level in log.scale.likelihood] == [1, 2, 3, 4, 5]


def test_every_named_test_exists(log) -> None:  # type: ignore[no-untyped-def]
    assert missing_tests(log, REPO) == []
    assert len(log.test_ids()) > 50


@pytest.mark.slow
def test_every_named_test_is_collected_by_pytest(log) -> None:  # type: ignore[no-untyped-def]
    """The same check through pytest itself, so a test the AST sees but pytest does not
    (a helper named test_..., a skipped module) is caught too."""
    files = sorted({test.split("::")[0] for test in log.test_ids()})
    collected = subprocess.run(
        # --slow: the slow tests too (the quick loop leaves them out); -n 0: one process.
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "--slow", "-n", "0", *files],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    ids = {line.split("[")[0] for line in collected.stdout.splitlines() if "::" in line}
    assert [test for test in log.test_ids() if test.split("[")[0] not in ids] == []


def test_every_named_implementation_exists(log) -> None:  # type: ignore[no-untyped-def]
    assert missing_implementations(log, REPO) == []


def test_a_renamed_test_or_function_is_one_line_naming_the_hazard(tmp_path: Path) -> None:
    text = hazard_log_path().read_text(encoding="utf-8")
    renamed = text.replace(
        "test_no_victim_duty_without_an_identifiable_victim", "test_no_such_test", 1
    ).replace("assistant/engine/walk.py::walk_all", "assistant/engine/walk.py::walk_none", 1)
    path = tmp_path / "hazard-log.toml"
    path.write_text(renamed, encoding="utf-8")
    log = load_hazard_log(path)
    assert missing_tests(log, REPO) == [
        f"{path}: hazard H04: control 2: no test "
        "tests/test_circumstances.py::test_no_such_test: fix the id"
    ]
    assert missing_implementations(log, REPO) == [
        f"{path}: hazard H01: control 2: 'assistant/engine/walk.py::walk_none' is not in the "
        "project: name a file, file::function or file::table.key that exists"
    ]


def test_a_broken_log_is_one_line_per_problem_naming_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "hazard-log.toml"
    path.write_text(BROKEN_LOG, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_hazard_log(path)
    problems = [line.removeprefix(f"{path}: ") for line in caught.value.problems]
    assert problems == [
        "[[scale.severity]]: must define each score 1 to 5 once: list five levels",
        "[[scale.likelihood]]: score 6 is not a score from 1 to 5: use the 5x5 scale",
        "[[scale.likelihood]]: must define each score 1 to 5 once: list five levels",
        "[[scale.band]]: the bands must cover every score 1 to 25 once: "
        "make each band start where the last ended",
        'hazard H01: control 1: is in place but names no test: name its tests or say "in '
        'place, untested"',
        "hazard H01: no control is proved by a test: name the tests of a control",
        "hazard H01: residual: risk 3 is above the risk before controls (2): "
        "controls never raise a risk: check both",
        'hazard H02: control 1: is open but names no issue: write issue = "issue N item M"',
        "hazard H02: no control is proved by a test: name the tests of a control",
        "hazard H02: initial: severity 0 is not a score from 1 to 5: use the 5x5 scale",
    ]
    for line in caught.value.problems:
        assert "\n" not in line


def test_safety_prints_every_hazard_its_risks_and_its_open_controls(capsys, log) -> None:  # type: ignore[no-untyped-def]
    assert main(["safety"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for hazard in log.hazards:
        assert f"{hazard.id} {hazard.title}" in out
    assert "Risk before controls: severity 4 x likelihood 4 = 16 (High)" in out
    assert "[OPEN" not in out  # every control is built (the decision record by issue 17)
    assert (
        "test: tests/test_circumstances.py::test_no_victim_duty_without_an_identifiable_victim"
        in out
    )
    assert "17-25 Very high: unacceptable" in out


def test_the_summary_without_results_says_they_were_not_supplied(capsys, log) -> None:  # type: ignore[no-untyped-def]
    assert main(["safety", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Safety case: cr-assistant ")
    assert f"Generated {dt.date.today().isoformat()}" in out
    catalogue = Catalogue()
    for tree_id in ("kent-o32g", "suffolk-tiers"):
        tree = catalogue.tree(tree_id)
        stamp = policy_stamp(tree, catalogue.corpus).replace("|", "\\|")
        assert f"| {tree_id} | {stamp} | {review_line(tree, catalogue.corpus)} |" in out
    assert "Review overdue" in out  # O32g's review was due April 2024
    assert f"Test results were not supplied: the {len(log.test_ids())} tests" in out
    assert ": passed" not in out and ": not in the run" not in out
    assert "| H08 | Hostile text from a force folder | 16 High | 8 Moderate | 0 |" in out
    # The decision record (issue 17) is built: H10 has no open control left.
    assert "- H10:" not in out


@pytest.mark.slow
def test_the_summary_marks_each_named_test_from_a_real_pytest_run(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    results = tmp_path / "results.xml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "tests/test_markdown_text.py",
            f"--junit-xml={results}",
        ],
        cwd=REPO,
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    outcomes = read_junit(results)
    assert (
        outcomes[
            "tests/test_markdown_text.py::test_the_chats_tree_answer_shows_the_trees_words_literally"
        ]
        == "passed"
    )
    assert main(["safety", "--markdown", "--junit-xml", str(results)]) == 0
    out = capsys.readouterr().out
    assert (
        "`tests/test_markdown_text.py::test_the_exported_rationale_shows_the_trees_words_literally`"
        ": passed" in out
    )
    assert (
        "`tests/test_recovery.py::test_prune_removes_only_old_files_of_its_own`: not in the run"
        in out
    )
    source = str(results).replace("_", "\\_")  # the path as written, Markdown escaped
    assert f"Results from {source}: of " in out and ", 2 passed, 0 failed, 0 skipped," in out


def test_a_failed_named_test_is_marked_and_the_exit_status_is_1(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    results = tmp_path / "results.xml"
    results.write_text(
        '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">'
        '<testcase classname="tests.tui.test_answer_keys" '
        'name="test_typing_18_or_over_answers_18_or_over_not_under_10" />'
        '<testcase classname="tests.test_recovery" '
        'name="test_prune_removes_only_old_files_of_its_own">'
        '<failure message="boom">x</failure></testcase>'
        '<testcase classname="tests.test_properties" '
        'name="test_random_walks_keep_the_invariants[kent-o32g]" />'
        '<testcase classname="tests.test_properties" '
        'name="test_random_walks_keep_the_invariants[suffolk-tiers]"><skipped /></testcase>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    assert main(["safety", "--markdown", "--junit-xml", str(results)]) == 1
    out = capsys.readouterr().out
    assert (
        "`tests/test_recovery.py::test_prune_removes_only_old_files_of_its_own`: **FAILED**" in out
    )
    assert (
        "`tests/tui/test_answer_keys.py::test_typing_18_or_over_answers_18_or_over_not_under_10`"
        ": passed" in out
    )
    # A parametrised test counts as passed when its cases passed or were skipped, not all skipped.
    assert "`tests/test_properties.py::test_random_walks_keep_the_invariants`: passed" in out
    assert ", 2 passed, 1 failed, 0 skipped," in out
    # Each hazard says how many of its named tests passed: H09 names the failed pruning test.
    assert "| H09 | Disclosure of personal data | 12 High | 8 Moderate | 0 | 0 of 16 |" in out
    assert (
        "| H03 | A rule escaped by classification or input | 16 High | 8 Moderate | 0 | 1 of" in out
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "not xml at all",
            "{path}:1:1: not JUnit XML (syntax error): give the file pytest --junit-xml wrote",
        ),
        (
            "<html><body/></html>",
            "{path}: file: holds no test cases: give the file pytest --junit-xml wrote",
        ),
    ],
)
def test_a_file_that_is_not_junit_xml_is_one_line(
    tmp_path: Path, capsys, content: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "results.xml"
    path.write_text(content, encoding="utf-8")
    assert main(["safety", "--markdown", "--junit-xml", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"cr-assistant: {expected.format(path=path)}\n"


def test_results_without_the_summary_are_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["safety", "--junit-xml", str(tmp_path / "r.xml")]) == 2
    assert (
        capsys.readouterr().err
        == "cr-assistant: --junit-xml goes with --markdown: add --markdown\n"
    )


@pytest.mark.slow
@pytest.mark.xdist_group("wheel")
def test_the_wheel_carries_the_log_and_safety_runs_from_it(
    tmp_path: Path, built_wheel: Path
) -> None:
    wheel = built_wheel
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "assistant/_data/safety/hazard-log.toml" in archive.namelist()
        archive.extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "safety", "--markdown"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "| H01 | Wrong disposal |" in result.stdout
    assert "| kent-o32g |" in result.stdout
