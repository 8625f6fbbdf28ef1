"""Crash recovery: the case is saved after every answer, privately and atomically, and resumes."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.engine import Session, Tree
from assistant.errors import InputError
from assistant.recovery import KEEP_FOR, SavedAnswer, SessionStore, replay_answers
from tests.conftest import REPO

# A long walk through kent-o32g (20 questions), by label.
LONG_WALK = (
    ("age", "10 to 17 (a juvenile)"),
    ("evidence", "Yes"),
    ("status", "None of these"),
    ("offence", "Another offence (for example theft, criminal damage, assault, public order)"),
    ("victim_exists", "Yes"),
    (
        "relationship",
        "The victim is the offender's parent or carer (APVA when the offender is under 18)",
    ),
    ("coercion", "No"),
    ("hate", "No"),
    ("weapon", "No weapon"),
    ("suitable", "No"),
    ("gravity", "1 (Community Resolution)"),
    ("understanding", "Yes"),
    ("responsibility", "Yes"),
    ("consent", "Yes"),
    ("victim", "Yes: the victim has been consulted and supports a CR"),
    ("victim_voice", "Yes"),
    ("history", "Yes"),
    ("repeat", "None"),
    ("administering", "A police officer trained to level 1 restorative practice"),
    ("delivery", "There and then (an instant outcome such as an apology)"),
)


def walk(tree: Tree, answers: int = 3, offence_date: dt.date | None = None) -> Session:
    session = Session(tree, offence_date=offence_date)
    for _question, label in LONG_WALK[:answers]:
        session.answer(label)
    return session


# A name the program gives its own saved cases.
OWN_NAME = "kent-o32g-20260101T090000Z-abc123.json"


def session_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_save_keeps_case_facts_only_privately(o32g: Tree, tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions")
    assert store.save(walk(o32g, 3, dt.date(2026, 11, 20)), "kent-o32g")
    [path] = session_files(tmp_path / "sessions")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "sessions").stat().st_mode) == 0o700
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {
        "format",
        "tree",
        "tree_version",
        "answers",
        "offence_date",
        "saved_at",
        "finished",
    }
    assert data["tree"] == "kent-o32g" and data["offence_date"] == "2026-11-20"
    assert [(a["node"], a["answer"]) for a in data["answers"]] == list(LONG_WALK[:3])
    # Every later save of the same walk replaces the one file; no temporary file is left.
    assert store.save(walk(o32g, 4), "kent-o32g")
    assert session_files(tmp_path / "sessions") == [path]
    assert not [p for p in (tmp_path / "sessions").iterdir() if p.name.startswith(".")]
    assert len(json.loads(path.read_text(encoding="utf-8"))["answers"]) == 4


def test_a_crash_while_saving_leaves_the_previous_save(
    o32g: Tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SessionStore(tmp_path)
    store.save(walk(o32g, 2), "kent-o32g")
    [path] = session_files(tmp_path)
    before = path.read_bytes()

    def disk_full(_handle: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    assert store.save(walk(o32g, 3), "kent-o32g") is False
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    [warning] = store.warnings
    assert "No space left on device" in warning and "CR_ASSISTANT_DATA" in warning
    assert "\n" not in warning


def test_pending_is_the_newest_unfinished_walk_of_the_tree(o32g: Tree, tmp_path: Path) -> None:
    older = SessionStore(tmp_path)
    older.save(walk(o32g, 2), "kent-o32g")
    assert older.current is not None
    data = json.loads(older.current.read_text(encoding="utf-8"))
    data["saved_at"] = "2026-01-01T09:00:00+00:00"
    older.current.write_text(json.dumps(data), encoding="utf-8")
    newer = SessionStore(tmp_path)
    newer.save(walk(o32g, 3), "kent-o32g")

    pending = SessionStore(tmp_path).pending("kent-o32g")
    assert pending is not None and pending.path == newer.current
    assert pending.question_count == 3 and "3 answers" in pending.describe()
    assert SessionStore(tmp_path).pending("suffolk-tiers") is None
    # A store never offers back its own walk.
    assert newer.pending("kent-o32g") is not None
    assert newer.pending("kent-o32g").path == older.current  # type: ignore[union-attr]


def test_a_walk_saved_at_its_outcome_stays_pending_until_finish(o32g: Tree, tmp_path: Path) -> None:
    # Saved at the outcome, but the result was never written (a crash, a full disk): it must
    # be offered again, or its answers are lost.
    store = SessionStore(tmp_path)
    done = Session(o32g)
    done.answer("Under 10")
    assert done.finished
    store.save(done, "kent-o32g")
    pending = SessionStore(tmp_path).pending("kent-o32g")
    assert pending is not None and pending.finished and pending.path == store.current
    store.finish()
    assert SessionStore(tmp_path).pending("kent-o32g") is None
    assert session_files(tmp_path) == []


def test_restore_replays_the_answers_and_keeps_saving_there(o32g: Tree, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    store.save(walk(o32g, 5, dt.date(2026, 1, 2)), "kent-o32g")
    saved = SessionStore(tmp_path).pending()
    assert saved is not None
    resumed_store = SessionStore(tmp_path)
    session = resumed_store.restore(saved, o32g)
    assert [(s.node.id, s.answer.label) for s in session.steps] == list(LONG_WALK[:5])
    assert session.offence_date == dt.date(2026, 1, 2)
    assert session.current.id == "relationship"
    assert resumed_store.dropped == ()
    session.answer(LONG_WALK[5][1])
    resumed_store.save(session, "kent-o32g")
    assert session_files(tmp_path) == [saved.path]
    resumed_store.finish()
    assert session_files(tmp_path) == []


def test_restore_by_catalogue_and_for_a_tree_that_is_gone(catalogue, o32g, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = SessionStore(tmp_path)
    store.save(walk(o32g, 2), "kent-o32g")
    saved = SessionStore(tmp_path).pending()
    assert saved is not None
    assert len(SessionStore(tmp_path).restore(saved, catalogue).steps) == 2
    with pytest.raises(InputError, match="tree 'force-x', which is not available: add its force"):
        SessionStore(tmp_path).restore(replace(saved, tree_id="force-x"), catalogue)


def test_a_changed_tree_restores_as_far_as_it_can_and_says_what_was_dropped(o32g: Tree) -> None:
    answers = (
        SavedAnswer("age", "10 to 17 (a juvenile)"),
        SavedAnswer("evidence", "Perhaps"),  # an answer the tree no longer offers
        SavedAnswer("status", "None of these"),
        SavedAnswer("retired_question", "Yes"),  # a question the tree no longer has
    )
    session, dropped = replay_answers(o32g, answers)
    assert [s.node.id for s in session.steps] == ["age"]
    assert session.current.id == "evidence"
    reasons = {item.node: item.reason for item in dropped}
    assert reasons["evidence"] == "that answer is no longer offered: choose again"
    assert reasons["status"].startswith("not on the path now; kept as the default")
    assert reasons["retired_question"] == "that question is no longer in the tree"
    # The later answer is still offered as the default once the walk reaches it.
    session.answer("Yes")
    assert session.default() is not None
    assert session.offered()[session.default()].label == "None of these"  # type: ignore[index]


@pytest.mark.parametrize(
    "content",
    [
        b"{ not json",
        b"\xff\xfe\x00garbage",
        b'{"format": 99, "tree": "kent-o32g"}',
        b'{"format": 1, "tree": "kent-o32g", "answers": "age", "saved_at": "now"}',
        b"[]",
        b"",
    ],
    ids=["bad-json", "not-utf8", "future-format", "wrong-types", "a-list", "empty"],
)
def test_a_damaged_session_file_is_moved_aside_with_one_warning(
    o32g: Tree, tmp_path: Path, content: bytes
) -> None:
    damaged = tmp_path / OWN_NAME
    damaged.write_bytes(content)
    store = SessionStore(tmp_path)
    assert store.pending("kent-o32g") is None
    [warning] = store.warnings
    assert warning.startswith(f"{damaged}: ")
    assert f"moved aside to {OWN_NAME}.damaged" in warning and "\n" not in warning
    # Out of the way, not destroyed: the next start has nothing to warn about.
    assert not damaged.exists() and (tmp_path / f"{OWN_NAME}.damaged").read_bytes() == content
    again = SessionStore(tmp_path)
    assert again.pending("kent-o32g") is None and again.warnings == []
    # A good file beside it is still found.
    SessionStore(tmp_path).save(walk(o32g, 1), "kent-o32g")
    assert SessionStore(tmp_path).pending("kent-o32g") is not None


def test_prune_removes_only_old_files_of_its_own(o32g: Tree, tmp_path: Path) -> None:
    assert KEEP_FOR.days == 7
    old, fresh = SessionStore(tmp_path), SessionStore(tmp_path)
    old.save(walk(o32g, 2), "kent-o32g")
    fresh.save(walk(o32g, 3), "kent-o32g")
    leftover = tmp_path / f".{OWN_NAME}.abc123.tmp"  # a save cut off by a crash
    leftover.write_text("{", encoding="utf-8")
    damaged = tmp_path / f"{OWN_NAME}.damaged"  # moved aside at an earlier start
    damaged.write_text("{", encoding="utf-8")
    # Someone else's files in the same folder, however old, are not the program's to delete.
    others = [tmp_path / name for name in ("notes.json", "backup-kent.json", ".x.tmp", "a.json~")]
    for path in others:
        path.write_text("{}", encoding="utf-8")
    eight_days_ago = time.time() - 8 * 24 * 3600
    for path in (old.current, leftover, damaged, *others):
        assert path is not None
        os.utime(path, (eight_days_ago, eight_days_ago))
    removed = SessionStore(tmp_path).prune()
    assert sorted(removed) == sorted([old.current, leftover, damaged])
    assert all(path.exists() for path in others)
    assert [p for p in session_files(tmp_path) if p not in others] == [fresh.current]
    assert SessionStore(tmp_path).prune(dt.timedelta(0)) == [fresh.current]


def test_a_walk_back_to_no_answers_leaves_no_file(o32g: Tree, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    session = walk(o32g, 1)
    store.save(session, "kent-o32g")
    session.back()
    store.save(session, "kent-o32g")
    assert session_files(tmp_path) == []


def test_missing_folder_is_created_and_an_unusable_one_is_a_warning(
    o32g: Tree, tmp_path: Path
) -> None:
    assert SessionStore(tmp_path / "a" / "b").save(walk(o32g, 1), "kent-o32g")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    store = SessionStore(blocker / "sessions")
    assert store.save(walk(o32g, 1), "kent-o32g") is False
    assert len(store.warnings) == 1 and "cannot be resumed after a crash" in store.warnings[0]
    assert store.pending() is None  # and reading an unusable folder is no error either


def test_the_default_folder_follows_the_environment(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CR_ASSISTANT_DATA", str(tmp_path))
    assert SessionStore().folder == tmp_path / "sessions"


# -- the plain-text mode ----------------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def data_sessions() -> Path:
    return Path(os.environ["CR_ASSISTANT_DATA"]) / "sessions"


def ask(monkeypatch: pytest.MonkeyPatch, stdin: io.StringIO, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", stdin)
    return main(["ask", "--tree", "kent-o32g", *args])


def test_ask_saves_after_every_answer_and_says_so_when_stopped(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assert ask(monkeypatch, io.StringIO("10 to\nYes\nNone\nq\n")) == 1
    assert "the case is saved: 'cr-assistant ask --resume' continues it" in capsys.readouterr().err
    [path] = session_files(data_sessions())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [(a["node"], a["answer"]) for a in data["answers"]] == list(LONG_WALK[:3])


def test_ask_in_a_pipe_never_prompts_but_keeps_the_saved_case(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    ask(monkeypatch, io.StringIO("10 to\nYes\nq\n"))
    capsys.readouterr()
    assert ask(monkeypatch, io.StringIO("q\n")) == 1
    captured = capsys.readouterr()
    assert "a saved case (2 answers, saved" in captured.err
    assert "'cr-assistant ask --resume' continues it" in captured.err
    assert "Resume the case" not in captured.out
    assert len(session_files(data_sessions())) == 1  # kept for --resume
    assert ask(monkeypatch, io.StringIO("q\n"), "--no-resume") == 1
    assert "saved case" not in capsys.readouterr().err


def test_ask_resume_brings_the_answers_back_and_finishing_removes_the_file(
    monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    ask(monkeypatch, io.StringIO("10 to\nYes\nNone\nq\n"), "--offence-date", "2026-11-01")
    capsys.readouterr()
    assert ask(monkeypatch, io.StringIO("Another\nYes\nb\nq\n"), "--resume") == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "Resumed the case you were working on (3 answers, saved" in out
    assert "released under investigation (RUI). -> None of these" in out
    assert "Q4. Which of these describes the offence?" in out
    [path] = session_files(data_sessions())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["answers"]) == 4 and data["offence_date"] == "2026-11-01"
    # Going on to the outcome removes the saved case.
    # The saved case stands at the fifth question (the fourth answer was taken back).
    rest = "".join(f"{label}\n" for _question, label in LONG_WALK[4:])
    assert ask(monkeypatch, io.StringIO(rest), "--resume", "--json") == 0
    path_taken = json.loads(capsys.readouterr().out)["path"]
    assert [(step["question"], step["answer"]) for step in path_taken] == list(LONG_WALK)
    assert session_files(data_sessions()) == []


def test_ask_at_a_terminal_offers_the_saved_case(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    ask(monkeypatch, io.StringIO("10 to\nYes\nq\n"))
    capsys.readouterr()
    assert ask(monkeypatch, Terminal("y\nq\n")) == 1
    out = capsys.readouterr().out
    assert "Resume the case you were working on (2 answers, saved" in out
    assert "Resumed the case" in out
    assert len(session_files(data_sessions())) == 1
    # Input ending at the question is no decision: the saved case stays.
    assert ask(monkeypatch, Terminal("")) == 1
    assert len(session_files(data_sessions())) == 1
    # Declining starts afresh and discards the saved case.
    assert ask(monkeypatch, Terminal("n\nq\n")) == 1
    assert "the saved one was discarded" in capsys.readouterr().out
    assert session_files(data_sessions()) == []


def test_ask_resume_with_nothing_saved_starts_a_new_case(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    assert ask(monkeypatch, io.StringIO("1\n"), "--resume") == 0
    assert "no saved case of tree 'kent-o32g' to resume; starting a new one" in (
        capsys.readouterr().err
    )
    assert main(["ask", "--tree", "kent-o32g", "--resume", "--answers", "1"]) == 2
    assert "--resume continues the saved answers, --answers gives new ones" in (
        capsys.readouterr().err
    )


def test_ask_goes_on_when_the_case_cannot_be_saved(monkeypatch, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("CR_ASSISTANT_DATA", str(blocker))
    assert ask(monkeypatch, io.StringIO("10 to\nYes\nNone\nq\n")) == 1
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("cr-assistant: warning")]
    assert len(warnings) == 1 and "the case cannot be saved in" in warnings[0]
    # Never a false promise: the stop line says the case was not saved.
    assert "the case is saved" not in err
    assert "stopped before an outcome; the case could NOT be saved" in err


@pytest.mark.slow
def test_a_killed_ask_resumes_with_the_same_answers(tmp_path: Path) -> None:
    env = {**os.environ, "CR_ASSISTANT_DATA": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    # The installed console script when there is one (as an officer runs it), else the module.
    script = Path(sys.executable).parent / "cr-assistant"
    program = [str(script)] if script.exists() else [sys.executable, "-m", "assistant"]
    command = [*program, "ask", "--tree", "kent-o32g"]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        env=env,
        text=True,
    )
    assert process.stdin is not None
    given = LONG_WALK[:4]
    for _question, label in given:
        process.stdin.write(label + "\n")
    process.stdin.flush()  # the pipe stays open: the process waits for the fifth answer
    deadline = time.monotonic() + 30
    saved: list[tuple[str, str]] = []
    while time.monotonic() < deadline and saved != list(given):
        for path in (tmp_path / "sessions").glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))  # atomic: never half a file
            saved = [(a["node"], a["answer"]) for a in data["answers"]]
        time.sleep(0.05)
    assert saved == list(given)
    assert process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    resumed = subprocess.run(
        [*command, "--resume", "--json"],
        input="\n".join(label for _question, label in LONG_WALK[4:]) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
    )
    assert "Resumed the case you were working on (4 answers" in " ".join(resumed.stderr.split())
    path_taken = json.loads(resumed.stdout)["path"]
    assert [(step["question"], step["answer"]) for step in path_taken] == list(LONG_WALK)
    assert not list((tmp_path / "sessions").glob("*.json"))


def test_a_tree_id_that_is_not_a_file_name_still_saves(o32g: Tree, tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    assert store.save(walk(o32g, 1), "../force/one tree")
    [path] = session_files(tmp_path)
    assert path.parent == tmp_path and path.name.startswith("___force_one_tree-")
    saved = SessionStore(tmp_path).pending("../force/one tree")
    assert saved is not None and saved.tree_id == "../force/one tree"


def test_ctrl_c_in_ask_says_the_case_is_saved(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    class Interrupted(io.StringIO):
        def readline(self, *_args: object) -> str:
            line = super().readline()
            if not line:
                raise KeyboardInterrupt
            return line

    assert ask(monkeypatch, Interrupted("10 to\nYes\n")) == 130
    assert "stopped; the case is saved: 'cr-assistant ask --resume' continues it" in (
        capsys.readouterr().err
    )
    assert len(session_files(data_sessions())) == 1


def test_the_resume_prompt_deletes_only_on_an_explicit_n(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    ask(monkeypatch, io.StringIO("10 to\nYes\nq\n"))
    capsys.readouterr()
    # Enter, a stray word or q are not a choice: it asks again; the input ending keeps the case.
    assert ask(monkeypatch, Terminal("\nmaybe\nq\n")) == 1
    out = capsys.readouterr().out
    assert out.count("Resume the case you were working on (2 answers") == 4
    assert "type y to resume it, or n to discard it" in out
    assert "discarded" not in out
    assert len(session_files(data_sessions())) == 1
    assert ask(monkeypatch, Terminal("x\nn\nq\n")) == 1
    assert "the saved one was discarded" in capsys.readouterr().out
    assert session_files(data_sessions()) == []


class FullDisk(io.StringIO):
    """A standard output on a full disk: writes are buffered, flushing them fails."""

    def flush(self) -> None:
        raise OSError(28, "No space left on device")


def test_a_result_that_cannot_be_written_leaves_the_case_to_resume(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    answers = "".join(f"{label}\n" for _question, label in LONG_WALK)
    captured = sys.stdout
    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert ask(monkeypatch, io.StringIO(answers), "--json") == 1
    err = capsys.readouterr().err
    assert "the result could not be written (No space left on device)" in err
    assert "the case is saved: 'cr-assistant ask --resume' continues it" in err
    assert len(session_files(data_sessions())) == 1
    monkeypatch.setattr(sys, "stdout", captured)
    # Resumed, the walk is already at its outcome: the result is written and only then removed.
    assert ask(monkeypatch, io.StringIO(""), "--resume", "--json") == 0
    path_taken = json.loads(capsys.readouterr().out)["path"]
    assert [(step["question"], step["answer"]) for step in path_taken] == list(LONG_WALK)
    assert session_files(data_sessions()) == []


def test_questions_that_cannot_be_written_end_in_one_line(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    answers = "".join(f"{label}\n" for _question, label in LONG_WALK)
    monkeypatch.setattr(sys, "stdout", FullDisk())
    assert ask(monkeypatch, io.StringIO(answers)) == 1
    err = capsys.readouterr().err
    assert err == "cr-assistant: the questions could not be written (No space left on device)\n"
    assert session_files(data_sessions()) == []  # nothing was answered, nothing is promised
