"""Safe files: never half a file, never a silent overwrite, a one-line error for a bad folder.

Each export of the command line is checked too: ask --save-scenario, ask --train --train-report,
contacts --init, scenarios run --junit-xml.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import InputError
from assistant.safefile import write_atomic

CLASS_A_ANSWERS = "2,1,3,6,2,1,1,1,1,1,1,1,1"


def leftovers(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(".tmp")]


def one_line(error: InputError) -> str:
    [line] = error.problems
    assert "\n" not in line
    return line


def test_writes_the_whole_file_with_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, "line one\nline two — é\n")
    assert target.read_text(encoding="utf-8") == "line one\nline two — é\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    private = tmp_path / "private.toml"
    write_atomic(private, "x = 1\n", mode=0o600)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_never_overwrites_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        write_atomic(target, "new\n")
    assert one_line(caught.value) == (
        f"{target}: file: already exists and will not be overwritten: choose another name"
    )
    assert target.read_text(encoding="utf-8") == "keep me\n"
    write_atomic(target, "new\n", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new\n"


def test_a_file_created_while_writing_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    real_mkstemp = tempfile.mkstemp

    def someone_else_writes_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        target.write_text("theirs\n", encoding="utf-8")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", someone_else_writes_first)
    with pytest.raises(InputError, match="already exists and will not be overwritten"):
        write_atomic(target, "mine\n")
    assert target.read_text(encoding="utf-8") == "theirs\n"
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "report.md"
    with pytest.raises(InputError) as caught:
        write_atomic(target, "x")
    assert one_line(caught.value) == (
        f"{target}: folder: '{target.parent}' does not exist: "
        "create the folder first or choose another path"
    )


def test_a_read_only_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    # Simulated, so the test also holds when run as root (who may write anywhere).
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    target = tmp_path / "report.md"
    with pytest.raises(InputError) as caught:
        write_atomic(target, "x")
    assert one_line(caught.value) == (
        f"{target}: folder: Permission denied: choose a folder you can write to"
    )
    assert not target.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_a_really_read_only_folder_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(InputError, match="Permission denied: choose a folder you can write"):
            write_atomic(folder / "report.md", "x")
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_crash_mid_write_leaves_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    target = tmp_path / "report.md"
    if overwrite:
        target.write_text("the old report\n", encoding="utf-8")

    def disk_full(_handle: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(InputError, match="No space left on device"):
        write_atomic(target, "x" * 100_000, overwrite=overwrite)
    assert leftovers(tmp_path) == []
    if overwrite:
        assert target.read_text(encoding="utf-8") == "the old report\n"
    else:
        assert not target.exists()


# -- every export of the command line --------------------------------------------------------
def test_save_scenario_refuses_an_existing_file_before_any_question(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "mine.toml"
    target.write_text("kept\n", encoding="utf-8")
    code = main(["ask", "--tree", "kent-o32g", "--answers", "1", "--save-scenario", str(target)])
    captured = capsys.readouterr()
    assert code == 2 and "Q1." not in captured.out
    assert captured.err == (
        f"cr-assistant: {target}: file: already exists and will not be overwritten: "
        "choose a new name: a saved scenario is never overwritten\n"
    )
    assert target.read_text(encoding="utf-8") == "kept\n"


def test_save_scenario_into_a_missing_folder(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "nowhere" / "mine.toml"
    code = main(["ask", "--tree", "kent-o32g", "--answers", "1", "--save-scenario", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert f"{target}: folder: '{target.parent}' does not exist" in err


def test_save_scenario_when_the_folder_refuses(tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    real_mkstemp = tempfile.mkstemp

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("dir") == tmp_path:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    target = tmp_path / "mine.toml"
    code = main(["ask", "--tree", "kent-o32g", "--answers", "1", "--save-scenario", str(target)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert f"{target}: folder: Permission denied: choose a folder you can write to" in err
    assert not target.exists() and leftovers(tmp_path) == []


def test_save_scenario_writes_a_whole_file(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "mine.toml"
    code = main(["ask", "--tree", "kent-o32g", "--answers", "1", "--save-scenario", str(target)])
    assert code == 0
    assert 'tree = "kent-o32g"' in target.read_text(encoding="utf-8")
    assert leftovers(tmp_path) == []


def test_train_report_refuses_then_overwrites_with_force(tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "sitting.md"
    report.write_text("last week\n", encoding="utf-8")
    args = ["ask", "--tree", "kent-o32g", "--train", "01-shop-theft-first-offence"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main([*args, "--train-report", str(report)]) == 2
    assert "already exists and will not be overwritten: choose another name or add --force" in (
        capsys.readouterr().err
    )
    assert report.read_text(encoding="utf-8") == "last week\n"
    missing = tmp_path / "none" / "sitting.md"
    assert main([*args, "--train-report", str(missing)]) == 2
    assert f"'{missing.parent}' does not exist" in capsys.readouterr().err


def test_contacts_init_never_overwrites_and_reports_an_unwritable_place(
    tmp_path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "contacts.toml"
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(target))
    assert main(["contacts", "--init"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["contacts", "--init"]) == 2
    assert capsys.readouterr().err == (
        f"cr-assistant: {target}: file: already exists and will not be overwritten: edit it, "
        "or move it away and run 'cr-assistant contacts --init' again\n"
    )
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(blocker / "contacts.toml"))
    assert main(["contacts", "--init"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "set CR_ASSISTANT_CONTACTS to a file in a folder" in err


def test_graph_output_and_junit_xml_are_safe_writes(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    drawing = tmp_path / "tree.mmd"
    assert main(["graph", "--tree", "suffolk-tiers", "--output", str(drawing)]) == 0
    first = drawing.read_text(encoding="utf-8")
    assert first.strip() and leftovers(tmp_path) == []
    assert main(["graph", "--tree", "suffolk-tiers", "--format", "dot", "--output", str(drawing)])
    assert capsys.readouterr().err.endswith(
        "already exists and will not be overwritten: add --force to overwrite it\n"
    )
    assert drawing.read_text(encoding="utf-8") == first
    missing = tmp_path / "none" / "results.xml"
    assert main(["scenarios", "run", "--tree", "kent-o32g", "--junit-xml", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: folder: '{missing.parent}' does not exist" in err
    assert err.count("cr-assistant:") == 1
