"""The probe inputs of issue 19 as a hostile force folder (tests/fixtures/force-hostile, written
by tests/fixtures/make_hostile.py), and the files too strange to commit (a FIFO, a link to
/dev/zero, a 2 MB sparse file) made here.

Each hostile file is refused with one line naming the file (and line) and the limit or the
character, exit status 2, no traceback, and nothing it holds reaches the terminal raw. A saved
case that cannot be used is moved aside with one line and the start goes on. An export never
replaces anything but a regular file. Every file that holds a case's answers is private (0600).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import sys
import tomllib
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.engine.loader import read_toml
from assistant.errors import InputError
from assistant.recovery import SessionStore
from assistant.safefile import SAVED_CASE, TREE, read_input
from tests.conftest import REPO

HOSTILE = REPO / "tests" / "fixtures" / "force-hostile"
EXAMPLE = REPO / "tests" / "fixtures" / "force-example"
EXPECTED = tomllib.loads((HOSTILE / "expected.toml").read_text(encoding="utf-8"))["expect"]
OWN_NAME = "kent-o32g-20260101T090000Z-abc123.json"
# What must never reach a terminal from a hostile file.
RAW = ("\x1b", "\x9b", "\x07", "\u202e", "\u2066", "\u200b", "\u200d", "\u2060")

pytestmark = pytest.mark.timeout(120)  # a FIFO that blocked a read would hang: fail instead


def expected(prefix: str) -> list[dict[str, object]]:
    return [row for row in EXPECTED if str(row["file"]).startswith(prefix)]


def shown_raw(text: str) -> list[str]:
    return [character for character in RAW if character in text]


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(tmp_path / "contacts.toml"))


@pytest.fixture
def force(tmp_path: Path) -> Path:
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.fixture
def special_files(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a link to /dev/zero, a folder and a 2 MB sparse file, each named like an input."""
    folder = tmp_path / "special"
    folder.mkdir()
    fifo = folder / "fifo"
    os.mkfifo(fifo)
    zero = folder / "zero"
    zero.symlink_to("/dev/zero")
    huge = folder / "huge"
    with huge.open("wb") as file:
        file.truncate(2_000_001)  # sparse: no disk used, but stat says 2 MB
    return {"fifo": fifo, "zero": zero, "huge": huge, "folder": folder}


SPECIAL_WORDS = {
    "fifo": "is a FIFO (named pipe), not a regular file",
    "zero": "is a character device, not a regular file",
    "huge": "2.0 MB is larger than the 1 MB",
    "folder": "is a folder, not a regular file",
}


# -- the force folder's own files ----------------------------------------------------------------


def test_check_refuses_every_hostile_tree_at_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    rows = expected("trees/")
    files = [str(HOSTILE / str(row["file"])) for row in rows]
    assert main(["check", "--trees", str(EXAMPLE), *files]) == 2
    out, err = capsys.readouterr()
    for row in rows:
        path = HOSTILE / str(row["file"])
        found = [line for line in out.splitlines() if line.startswith(f"{path}:{row['line']}:")]
        assert any(str(row["words"]) in line for line in found), (row, out)
    assert shown_raw(out + err) == [] and "Traceback" not in out + err


def test_a_hostile_force_folder_stops_each_command_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for command in (
        ["check"],
        ["ask", "--tree", "example-street"],
        ["matrix"],
        ["scenarios", "list"],
    ):
        status = main([*command[:1], "--trees", str(HOSTILE), *command[1:]])
        out, err = capsys.readouterr()
        assert status == 2, command
        assert err.count("\n") == 1 and err.startswith(f"cr-assistant: {HOSTILE / 'trees'}")
        assert shown_raw(out + err) == []


@pytest.mark.parametrize("row", expected("inputs/guidance-"), ids=lambda row: str(row["file"]))
def test_hostile_guidance_is_refused_at_its_line(
    force: Path, row: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    document = force / "guidance" / "example-force.md"
    shutil.copy(HOSTILE / str(row["file"]), document)
    assert main(["check", "--trees", str(force)]) == 2
    err = capsys.readouterr().err
    assert f"{document}:{row['line']}:" in err and str(row["words"]) in err
    assert shown_raw(err) == []


@pytest.mark.parametrize("row", expected("inputs/scenario-"), ids=lambda row: str(row["file"]))
def test_hostile_scenarios_are_refused_at_their_line(
    force: Path, row: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = force / "trees" / "scenarios" / "example-street"
    folder.mkdir(parents=True)
    scenario = folder / "hostile.toml"
    shutil.copy(HOSTILE / str(row["file"]), scenario)
    assert main(["--trees", str(force), "scenarios", "run", "--tree", "example-street"]) == 2
    err = capsys.readouterr().err
    assert f"{scenario}:{row['line']}:" in err and str(row["words"]) in err
    assert shown_raw(err) == [] and "Traceback" not in err


@pytest.mark.parametrize("row", expected("inputs/contacts-"), ids=lambda row: str(row["file"]))
def test_hostile_contacts_are_refused_at_their_line(
    row: dict[str, object], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    contacts = HOSTILE / str(row["file"])
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(contacts))
    main(["contacts"])
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert f"{contacts}:{row['line']}:" in shown and str(row["words"]) in shown
    assert shown_raw(shown) == []


# -- files that are not files: FIFOs, devices, huge, folders -------------------------------------


@pytest.mark.parametrize("kind", sorted(SPECIAL_WORDS))
def test_a_tree_that_is_not_a_regular_file_is_one_line(
    kind: str, special_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    tree = special_files[kind].with_suffix(".toml")
    special_files[kind].rename(tree)
    assert main(["check", "--trees", str(EXAMPLE), str(tree)]) == 2
    out, err = capsys.readouterr()
    [line] = [row for row in (out + err).splitlines() if str(tree) in row]
    assert SPECIAL_WORDS[kind] in line and "Traceback" not in out + err


@pytest.mark.parametrize("kind", ["fifo", "zero", "huge"])
@pytest.mark.parametrize("where", ["trees/example-street.toml", "guidance/example-force.md"])
def test_a_force_folder_file_that_is_not_a_regular_file_is_one_line(
    kind: str,
    where: str,
    force: Path,
    special_files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = force / where
    target.unlink()
    special_files[kind].rename(target)
    assert main(["check", "--trees", str(force)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{target}: file: " in err
    assert SPECIAL_WORDS[kind].replace("1 MB", "1 MB") in err


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_contacts_and_scenarios_that_are_not_regular_files_are_one_line(
    kind: str,
    force: Path,
    special_files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(special_files[kind]))
    main(["contacts"])
    captured = capsys.readouterr()
    assert SPECIAL_WORDS[kind] in captured.out + captured.err
    folder = force / "trees" / "scenarios" / "example-street"
    folder.mkdir(parents=True)
    scenario = folder / "odd.toml"
    special_files[kind].rename(scenario)
    assert main(["--trees", str(force), "scenarios", "run", "--tree", "example-street"]) == 2
    err = capsys.readouterr().err
    assert f"{scenario}: file: {SPECIAL_WORDS[kind]}" in err


def test_the_reader_checks_the_opened_file_and_reads_at_most_its_limit(
    special_files: dict[str, Path], tmp_path: Path
) -> None:
    # A file that grows between stat and read is refused at the limit, not read to its end.
    grown = tmp_path / "grown.json"
    grown.write_bytes(b" " * (SAVED_CASE.max_bytes + 1))
    with pytest.raises(InputError, match="larger than the 256 KB a saved case may be"):
        read_input(grown, SAVED_CASE)
    for kind in ("fifo", "zero", "folder"):
        with pytest.raises(InputError, match=re.escape(SPECIAL_WORDS[kind])):
            read_input(special_files[kind], TREE)


def test_nesting_is_refused_before_the_parser_recurses(tmp_path: Path) -> None:
    # One line per level: no line is long, but 5,000 levels would end in RecursionError.
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[\n" * 5000 + "]\n" * 5000, encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}:33: lists or tables are nested deeper"):
        read_toml(path)
    dotted = tmp_path / "dotted.toml"
    dotted.write_text("a" + ".a" * 2000 + " = 1\n", encoding="utf-8")  # tables, no brackets
    with pytest.raises(InputError, match="nested deeper than the 32 levels"):
        read_toml(dotted)


# -- saved cases and preferences: moved aside or ignored, never a blocked start ------------------


def sessions(monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = Path(os.environ["CR_ASSISTANT_DATA"]) / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("row", expected("inputs/saved-"), ids=lambda row: str(row["file"]))
def test_a_hostile_saved_case_is_moved_aside_and_the_start_goes_on(
    row: dict[str, object], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = sessions(monkeypatch) / OWN_NAME
    shutil.copy(HOSTILE / str(row["file"]), saved)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status = main(["ask", "--tree", "kent-o32g", "--resume"])
    out, err = capsys.readouterr()
    [line] = [row_ for row_ in err.splitlines() if str(saved) in row_]
    assert str(row["words"]) in line and f"moved aside to {OWN_NAME}.damaged" in line
    assert not saved.exists() and (saved.parent / f"{OWN_NAME}.damaged").exists()
    # Not resumed (nothing usable was saved): a new case starts; the next start says nothing.
    assert status == 1 and "no saved case of tree 'kent-o32g' to resume" in err
    assert "Q1. How old was the offender" in out
    assert main(["ask", "--tree", "kent-o32g", "--answers", "1"]) == 0
    assert OWN_NAME not in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["fifo", "zero", "huge"])
def test_a_saved_case_that_is_not_a_regular_file_is_moved_aside(
    kind: str, special_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = sessions(monkeypatch)
    special_files[kind].rename(folder / OWN_NAME)
    store = SessionStore(folder)
    assert store.pending("kent-o32g") is None
    [warning] = store.warnings
    words = "is a symbolic link" if kind == "zero" else SPECIAL_WORDS[kind].split(",")[0]
    if kind == "huge":
        words = "2.0 MB is larger than the 256 KB a saved case may be"
    assert warning.startswith(f"{folder / OWN_NAME}: {words}") and "moved aside" in warning


def test_hostile_preferences_read_as_nothing_remembered(
    tmp_path: Path, special_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.preferences import last_tree, preferences_path

    path = preferences_path()
    path.parent.mkdir(parents=True)
    shutil.copy(HOSTILE / "inputs" / "preferences-deep.json", path)
    assert last_tree() is None
    path.unlink()
    os.mkfifo(path)
    assert last_tree() is None


# -- exports: only a regular file is ever replaced; case answers are private ---------------------


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_an_export_never_replaces_a_fifo_or_a_link(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.safefile import write_private

    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    target = tmp_path / "out.md"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(precious)
    words = "is a FIFO (named pipe)" if kind == "fifo" else "is a symbolic link"
    # The TUI's second Save (overwrite), the training report with --force, graph --force.
    with pytest.raises(InputError, match=re.escape(words)):
        write_private(target, "rationale", overwrite=True)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    train = ["ask", "--tree", "kent-o32g", "--train", "01-shop-theft-first-offence"]
    assert main([*train, "--train-report", str(target), "--force"]) == 2
    assert main(["graph", "--tree", "kent-o32g", "--output", str(target), "--force"]) == 2
    err = capsys.readouterr().err
    assert err.count(f"{target}: file: {words}: choose another name") == 2
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert stat.S_ISFIFO(target.lstat().st_mode) or target.is_symlink()


def test_a_saved_scenario_and_a_training_report_are_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.catalogue import Catalogue
    from assistant.scenarios import ScenarioLibrary
    from tests.test_training import THEFT, replies

    saved = tmp_path / "mine.toml"
    assert (
        main(["ask", "--tree", "kent-o32g", "--answers", "1", "--save-scenario", str(saved)]) == 0
    )
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    report = tmp_path / "sitting.md"
    scenario = ScenarioLibrary(Catalogue()).find(THEFT)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n\n" + replies(scenario)))
    main(["ask", "--tree", "kent-o32g", "--train", THEFT, "--train-report", str(report)])
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
