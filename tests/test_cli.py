"""The plain-text mode and the check command, run as an officer or author would."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from assistant.cli import main
from tests.conftest import REPO

# Juvenile, Class A for personal use: 2.4.1 and 4.2.2 both go to the Youth Justice Team Supervisor.
JUVENILE_CLASS_A = ",".join(
    [
        "10 to 17",
        "Yes",  # investigative standards met
        "None of these",  # status
        "Possession of a controlled drug",
        "Class A",
        "No",  # not a hate crime
        "No weapon",
        "No",  # not one for court
        "1",  # gravity
        "Yes",  # capable of understanding
        "Yes",  # accepts responsibility
        "Yes",  # consents
        "No",  # no previous sanction
        "A police officer trained",
        "There and then",
    ]
)


def run_cli(args: list[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


def test_ask_in_a_pipe_reaches_the_sop_answer() -> None:
    answers = "\n".join(["1"]) + "\n"
    result = run_cli(["ask", "--tree", "kent-o32g"], stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "Below the age of criminal responsibility" in " ".join(result.stdout.split())
    assert "[O32g 3.4.2]" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour or cursor codes in a pipe


def test_ask_replays_answers_and_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--tree", "kent-o32g", "--answers", JUVENILE_CLASS_A, "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["disposal"] == "community_resolution"
    assert {a["role"] for a in rec["authorisations"]} == {"yjt_supervisor"}
    assert {tuple(a["cite"]) for a in rec["authorisations"]} >= {("O32g 2.4.1",)}


def test_ask_goes_back_and_shows_the_paragraph(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("3\n?\nb\n1\n"))
    assert main(["ask", "--tree", "kent-o32g"]) == 0
    out = capsys.readouterr().out
    assert "The investigation must meet with current investigative standards" in " ".join(
        out.split()
    )
    assert "Below the age of criminal responsibility" in " ".join(out.split())


def test_ask_stops_cleanly_when_input_ends(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("3\n"))
    assert main(["ask", "--tree", "kent-o32g"]) == 1
    assert "input ended before an outcome" in capsys.readouterr().err


def test_check_passes_on_the_shipped_trees_with_full_coverage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "NOT COVERED" not in out
    assert "O32g 2.5.2: cited by relationship, coercion, stop_domestic" in out


def test_check_reports_every_problem_one_line_each(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    tree = (REPO / "trees" / "kent-o32g.toml").read_text(encoding="utf-8")
    broken = tree.replace('next = "stop_consent"', 'next = "stop_consnet"')
    broken = broken.replace(
        'role = "sergeant", reason = "A second CR', 'role = "sargeant", reason = "A second CR'
    )
    broken = broken.replace('cite = ["O32g 3.3.1"]', 'cite = ["O32g 3.3.9"]')
    path = tmp_path / "broken.toml"
    path.write_text(broken, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    # Three nodes cite 3.3.1 alone; the bad reference also leaves stop_consent unreachable.
    assert sum("citation 'O32g 3.3.9'" in line for line in lines) == 3, lines
    assert len(lines) == 6, lines
    assert any(
        "node consent: answer 4 'No': next node 'stop_consnet' does not exist: "
        "did you mean 'stop_consent'?" in line
        for line in lines
    )
    assert any("unknown role 'sargeant'" in line for line in lines)
    assert any("citation 'O32g 3.3.9' is not in the guidance" in line for line in lines)
    assert any("node stop_consent: unreachable from the start" in line for line in lines)
    assert all(line.startswith(str(path)) for line in lines)


def test_toml_syntax_error_names_line_and_column(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.toml"
    path.write_text('[tree]\nid = "x"\ntitle = unquoted\n', encoding="utf-8")
    assert main(["check", str(path)]) == 2
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:3:9: TOML syntax error")
    assert "Traceback" not in out


# -- cite: several citations at once ------------------------------------------------------------


def _cited(out: str) -> list[str]:
    """The citation heading each printed paragraph block ("O32g 4.2.1 — O32g Community...")."""
    return [line.split(" — ")[0] for line in out.splitlines() if " — " in line and line[:1] != " "]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["O32g", "4.2.1", "O32g", "4.2.2"], ["O32g 4.2.1", "O32g 4.2.2"]),
        (["O32g", "4.2.1", "4.2.2"], ["O32g 4.2.1", "O32g 4.2.2"]),
        (["O32g:4.2.1", "2.3.2"], ["O32g 4.2.1", "O32g 2.3.2"]),
        (["LPU", "role.3", "O32g", "2.3.2"], ["LPU role.3", "O32g 2.3.2"]),
        (["O32g 2.3.2"], ["O32g 2.3.2"]),
    ],
)
def test_cite_prints_every_paragraph_cited(
    words: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cite", *words]) == 0
    assert _cited(capsys.readouterr().out) == expected


def test_cite_json_is_a_list_for_several_and_an_object_for_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["cite", "O32g", "4.2.1", "4.2.2", "--json"]) == 0
    several = json.loads(capsys.readouterr().out)
    assert [item["citation"] for item in several] == ["O32g 4.2.1", "O32g 4.2.2"]
    assert "juvenile (U/18)" in several[1]["text"]
    assert main(["cite", "O32g", "2.3.2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["citation"] == "O32g 2.3.2"


@pytest.mark.parametrize(
    ("words", "named"),
    [
        (["O32g", "4.2.1", "O32g", "9.9.9"], "unknown citation 'O32g 9.9.9'"),
        (["O32g", "4.2.1", "9.9.9"], "unknown citation 'O32g 9.9.9'"),
        (["XYZ", "1.1", "O32g", "4.2.1"], "unknown citation 'XYZ 1.1'"),
        (["O32g", "4.2.1", "O32g"], "'O32g' names a document but no paragraph"),
    ],
)
def test_one_bad_citation_is_one_error_line_and_nothing_printed(
    words: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cite", *words]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # the good paragraph is not printed half-way
    assert captured.err.count("\n") == 1 and named in captured.err
