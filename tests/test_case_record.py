"""The decision record for the crime log: ``ask --export`` and assistant.case_record."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from assistant.case_record import (
    BLANK,
    CaseDetails,
    case_details,
    record_document,
    record_model,
    record_text,
)
from assistant.cli import main
from assistant.corpus import Corpus
from assistant.engine import Session, Tree
from assistant.engine.walk import WalkedPath
from assistant.errors import InputError
from assistant.scenarios import ScenarioLibrary

SERGEANT_CASE = "04-previous-conviction-adult"  # a previous conviction: a Sergeant authorises
NO_AUTHORISER = "01-shop-theft-first-offence"


def numbered_replies(library: ScenarioLibrary, scenario_id: str) -> str:
    """The scenario's model answers as the numbers an officer would type."""
    scenario = library.find(scenario_id)
    session = Session(library.tree(scenario.tree_id))
    numbers = []
    for _, label in scenario.labels:
        number = [answer.label for answer in session.offered()].index(label) + 1
        numbers.append(str(number))
        session.answer(number)
    return "\n".join(numbers) + "\n"


def ask(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["ask", "--tree", "kent-o32g", "--no-resume", *args])


def test_ask_export_txt_is_a_log_record_with_a_sergeants_block_and_no_markdown(
    library: ScenarioLibrary, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "case.txt"
    stdin = numbered_replies(library, SERGEANT_CASE)
    status = ask(
        monkeypatch,
        stdin,
        "--export",
        str(target),
        "--crime-ref",
        "12/34567/26",
        "--officer",
        "PC 1234 Example",
    )
    assert status == 0
    text = target.read_text(encoding="utf-8")
    assert "Crime reference: 12/34567/26" in text and "Officer: PC 1234 Example" in text
    block = text[text.index("To be completed by the authoriser: Sergeant") :]
    for field in (
        "Name:",
        "Rank or role:",
        "Decision (authorised or not authorised):",
        "Date and time:",
        "Authoriser's rationale:",
    ):
        assert f"{field} {BLANK}" in block
    assert "O32g 4.2.3" in block  # the supervisor records it, as the SOP says
    assert f"Rationale: {BLANK}" in text  # the officer's own words, left to write
    for markdown in ("- [ ]", "|", "**", "#", "\n- ", "[ ]"):
        assert markdown not in text, markdown
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "Case record written to" in capsys.readouterr().out


def test_ask_export_md_is_markdown_with_no_supervisor_block_when_none_is_needed(
    library: ScenarioLibrary, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "case.md"
    assert ask(monkeypatch, numbered_replies(library, NO_AUTHORISER), "--export", str(target)) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Community Resolution rationale")
    assert "## Case" in text and f"Crime reference: {BLANK}" in text
    assert "## To be completed by the authoriser" not in text


def test_ask_export_never_overwrites_and_checks_everything_before_the_first_question(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    existing = tmp_path / "case.txt"
    existing.write_text("keep me", encoding="utf-8")
    cases = [
        (["--export", str(existing)], "already exists"),
        (["--export", str(tmp_path / "case.docx")], "must end .txt"),
        (["--export", str(tmp_path / "a.txt"), "--crime-ref", "12/\x1b[2J"], "escape"),
        (["--export", str(tmp_path / "a.txt"), "--officer", "x" * 81], "80 at most"),
        (["--crime-ref", "12/34567/26"], "belong to --export"),
    ]
    for args, said in cases:
        assert ask(monkeypatch, "1\n", *args) == 2, args
        err = capsys.readouterr().err
        assert said in err and len(err.strip().splitlines()) == 1, err
        assert "Q1." not in err
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / "a.txt").exists()


def test_typed_details_are_one_bounded_line_and_escaped_in_markdown(
    library: ScenarioLibrary,
) -> None:
    with pytest.raises(InputError, match="one line"):
        case_details(officer="PC Example\nrank")
    with pytest.raises(InputError, match="2000 at most"):
        case_details(rationale="a" * 2001)
    details = case_details("12/34567/26", "PC *Bold* [link](x)", "Admitted; victim content")
    scenario = library.find(SERGEANT_CASE)
    from assistant.scenarios import replay

    rec = replay(scenario, library.tree("kent-o32g"))
    markdown = record_document("markdown", rec, library.tree("kent-o32g"), library.corpus, details)
    assert r"PC \*Bold\* \[link\](x)" in markdown
    assert "Rationale: Admitted; victim content" in markdown


def test_an_authoriser_outside_the_police_ranks_gets_a_block_that_fits_them(
    o32g: Tree, o32g_paths: list[WalkedPath], corpus: Corpus
) -> None:
    """The Youth Justice Team authorises as a team, not as a supervisor of some rank: its block
    names it as the authoriser and asks for a rank or role, not a rank alone."""
    rec = next(
        path.recommendation
        for path in o32g_paths
        if any(not person.role.chain for person in path.recommendation.people_to_contact)
    )
    team = next(person.role for person in rec.people_to_contact if not person.role.chain)
    text = record_text(record_model(rec, o32g, corpus, CaseDetails()))
    block = text[text.index(f"To be completed by the authoriser: {team.name}:") :]
    assert f"Rank or role: {BLANK}" in block and "Rank: " not in block
    assert f"Authoriser's rationale: {BLANK}" in block and "Supervisor's" not in block
