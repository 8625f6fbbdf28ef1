"""The real program in a pseudo-terminal: killed mid-case, started again, resumed.

This is what an officer sees after a crash or a closed laptop: the answers given before the kill
come back after pressing y. It also checks that Ctrl+Q and Ctrl+C leave with status 0 and give
the terminal back (alternate screen left, cursor shown).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.engine import Session, Tree
from assistant.engine.session import number_key_answers
from assistant.recovery import read_saved
from tests.tui.keys import ADULT_THEFT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

REPO = Path(__file__).resolve().parents[2]
COLUMNS, LINES = 80, 24
# An adult's low-value theft, as answer numbers (tests/tui/keys.py); the first five.
KEYS = ADULT_THEFT[:5]
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"
MOUSE_TRACKING_OFF = b"\x1b[?1000l"


class Terminal:
    """``cr-assistant`` running in a pseudo-terminal of its own, with its output collected."""

    def __init__(self, data: Path, *args: str) -> None:
        self.output = b""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
            "CR_ASSISTANT_DATA": str(data),
            "XDG_CONFIG_HOME": str(data / "config"),
            "CR_ASSISTANT_CONTACTS": str(data / "config" / "contacts.toml"),
        }
        for name in ("TEXTUAL", "NO_COLOR", "TEXTUAL_DRIVER"):
            env.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=REPO,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child has gone and closed its side
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, check: Callable[[], bool], what: str, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if check():
                return
            if self.process.poll() is not None:
                self.drain(0.2)
                break
            self.drain(0.1)
        if check():
            return
        tail = self.output[-600:].decode("utf-8", "replace")
        pytest.fail(
            f"timed out after {timeout:.0f} s waiting for {what}; "
            f"exit status {self.process.poll()}; last output: {tail!r}"
        )

    def shows(self, text: str) -> bool:
        return text.encode() in self.output

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def exit_status(self, timeout: float = 20) -> int:
        end = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < end:
            self.drain(0.1)
        status = self.process.poll()
        if status is None:
            pytest.fail(f"the program did not exit within {timeout:.0f} s")
        self.drain(0.3)
        return status

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        with contextlib.suppress(OSError):
            os.close(self.master)


def saved_answers(data: Path) -> list[tuple[str, str]]:
    files = list((data / "sessions").glob("*.json")) if (data / "sessions").exists() else []
    if len(files) != 1:
        return []
    try:
        saved = read_saved(files[0])
    except ValueError:
        return []
    return [(answer.node, answer.label) for answer in saved.answers]


def walk(tree: Tree, keys: str) -> Session:
    session = Session(tree)
    for key in keys:
        session.answer(int(key))
    return session


def typed(tree: Tree, before: str, key: str) -> str:
    """The key for the next answer, with Enter where one digit does not answer at once (at the
    age question "1" could begin "18 or over")."""
    return key if number_key_answers(walk(tree, before).offered()) else key + "\r"


def restored_terminal(output: bytes) -> bool:
    tail = output[-400:]
    return LEAVE_ALTERNATE_SCREEN in tail and SHOW_CURSOR in tail


def test_killed_mid_case_then_resumed_with_the_same_answers(tmp_path: Path, o32g: Tree) -> None:
    before = walk(o32g, KEYS[:4])
    expected = [(step.node.id, step.answer.label) for step in before.steps]
    first = Terminal(tmp_path, "run", "--tree", "kent-o32g")
    try:
        first.wait_for(lambda: first.shows("offender"), "the first question on screen")
        for count, key in enumerate(KEYS[:4], start=1):
            first.send(typed(o32g, KEYS[: count - 1], key))
            first.wait_for(
                lambda count=count: len(saved_answers(tmp_path)) == count,
                f"answer {count} in the save file",
            )
        assert saved_answers(tmp_path) == expected
        os.killpg(first.process.pid, signal.SIGKILL)
        assert first.exit_status() == -signal.SIGKILL
    finally:
        first.kill()
    assert saved_answers(tmp_path) == expected, "the kill must leave the last save whole"

    second = Terminal(tmp_path, "run", "--tree", "kent-o32g")
    try:
        second.wait_for(lambda: second.shows("Resume the case"), "the offer to resume")
        assert second.shows("4 answers")
        mark = len(second.output)
        second.send("y")
        question = before.current.text
        second.wait_for(
            lambda: question[:24].encode() in second.output[mark:],
            f"the next question ({question[:24]}...) after resuming",
        )
        # One more answer goes on top of the restored four, into the same file.
        second.send(typed(o32g, KEYS[:4], KEYS[4]))
        after = walk(o32g, KEYS)
        want = [(step.node.id, step.answer.label) for step in after.steps]
        second.wait_for(lambda: saved_answers(tmp_path) == want, "the fifth answer saved")
        second.send("\x11")  # Ctrl+Q
        assert second.exit_status() == 0
        assert restored_terminal(second.output), repr(second.output[-400:])
    finally:
        second.kill()
    assert saved_answers(tmp_path) == want, "quitting mid-case keeps the case to resume"


def test_ctrl_c_exits_cleanly_and_restores_the_terminal(tmp_path: Path, o32g: Tree) -> None:
    terminal = Terminal(tmp_path, "run", "--tree", "kent-o32g")
    try:
        terminal.wait_for(lambda: terminal.shows("offender"), "the first question on screen")
        terminal.send(typed(o32g, "", "3"))
        terminal.wait_for(lambda: len(saved_answers(tmp_path)) == 1, "the first answer saved")
        terminal.send("\x03")  # Ctrl+C: a key in raw mode, not a signal
        assert terminal.exit_status() == 0
        assert restored_terminal(terminal.output), repr(terminal.output[-400:])
    finally:
        terminal.kill()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_restore_the_terminal_and_keep_the_case(
    tmp_path: Path, o32g: Tree, signum: signal.Signals
) -> None:
    expected = [(step.node.id, step.answer.label) for step in walk(o32g, KEYS[:1]).steps]
    terminal = Terminal(tmp_path, "run", "--tree", "kent-o32g")
    try:
        terminal.wait_for(lambda: terminal.shows("offender"), "the first question on screen")
        terminal.send(typed(o32g, "", KEYS[0]))
        terminal.wait_for(lambda: len(saved_answers(tmp_path)) == 1, "the first answer saved")
        mark = len(terminal.output)
        terminal.process.send_signal(signum)
        assert terminal.exit_status() == 128 + signum
        tail = terminal.output[mark:]
        assert restored_terminal(tail), repr(tail[-400:])
        assert MOUSE_TRACKING_OFF in tail, repr(tail[-400:])
        assert termios.tcgetattr(terminal.master)[3] & termios.ECHO, "echo must be back on"
    finally:
        terminal.kill()
    assert saved_answers(tmp_path) == expected, "the signal must keep the case to resume"
