"""Driving ``cr-assistant serve`` from a real Chromium: start the server, open the page, read
the terminal the page draws, click and type.

The page draws the app with xterm.js on a canvas, so its text is not in the DOM. An init script
(run before the page's own script) keeps a reference to each xterm ``Terminal`` as it is built;
the tests then read the rows xterm itself holds (``buffer.active.getLine``): the text on the
page, as the officer sees it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.bench.browser import CHROMIUM, CHROMIUM_ARGS, KEEP_TERMINALS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TITLE_BAR = r"^ *§ +CR assistant"
WAIT = 60.0  # seconds for anything to appear: the machine may be busy with other tests

READ_SCREEN = """() => {
  const terminal = (window.__crTerminals || []).find(t => t.buffer && t.buffer.active);
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  const box = terminal.element.querySelector(".xterm-screen").getBoundingClientRect();
  return {rows, cols: terminal.cols, left: box.left, top: box.top, width: box.width,
          height: box.height};
}"""


@dataclass
class Screen:
    rows: list[str]
    cols: int
    left: float
    top: float
    width: float
    height: float

    @property
    def text(self) -> str:
        return "\n".join(self.rows)

    def find(self, pattern: str) -> tuple[int, int] | None:
        """(row, column) of the first match of a regular expression."""
        for y, row in enumerate(self.rows):
            match = re.search(pattern, row)
            if match:
                return y, match.start()
        return None

    def point(self, row: int, column: int) -> tuple[float, float]:
        """The page coordinates of the middle of a character cell."""
        cell_width = self.width / self.cols
        cell_height = self.height / len(self.rows)
        return (
            self.left + (column + 0.5) * cell_width,
            self.top + (row + 0.5) * cell_height,
        )


def read_screen(page: Any) -> Screen | None:
    data = page.evaluate(READ_SCREEN)
    return Screen(**data) if data else None


def wait_for(page: Any, pattern: str, timeout: float = WAIT) -> Screen:
    """The screen once a regular expression matches a row of it."""
    deadline = time.monotonic() + timeout
    screen = None
    while time.monotonic() < deadline:
        screen = read_screen(page)
        if screen is not None and screen.find(pattern) is not None:
            return screen
        page.wait_for_timeout(100)
    shown = screen.text if screen else "(no terminal)"
    raise AssertionError(f"{pattern!r} did not appear on the page; it shows:\n{shown}")


def wait_for_answer(page: Any, number: int, label: str) -> tuple[Screen, int, int]:
    """Once question ``number`` (its heading "Qn.") shows the answer ``label``: the screen,
    and the row and column of the answer's "N." below that heading.

    The title bar is mounted just after the first frame (assistant/tui/app.py), moving every
    row down by one: a click aimed before it lands on the answer above."""
    wait_for(page, TITLE_BAR)
    heading = rf"\bQ{number}\. "
    answer = r"\b\d\. " + re.escape(label[:30])
    deadline = time.monotonic() + WAIT
    while True:
        screen = wait_for(page, heading, max(0.1, deadline - time.monotonic()))
        top, _ = screen.find(heading) or (0, 0)
        for row in range(top, len(screen.rows)):
            match = re.search(answer, screen.rows[row])
            if match:
                return screen, row, match.start()
        if time.monotonic() > deadline:
            raise AssertionError(f"Q{number} has no answer {label!r}:\n{screen.text}")
        page.wait_for_timeout(100)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    cwd: Path
    tmp: Path

    def log(self) -> str:
        """Everything the server wrote, once it has stopped."""
        assert self.process.stderr is not None and self.process.stdout is not None
        return self.process.stdout.read() + self.process.stderr.read()

    def session_folders(self) -> list[Path]:
        return [p for root in self.tmp.glob("cr-assistant-serve-*") for p in root.iterdir()]


def serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "assistant", "serve", "--port", "0", *args]


@contextmanager
def running_server(workdir: Path, *args: str) -> Iterator[Server]:
    """``cr-assistant serve`` as a real process on a free loopback port, stopped with SIGTERM
    (as systemd stops it). Its temporary folders go under ``workdir/tmp``; it runs in
    ``workdir/cwd`` (so a test can see that it writes nothing there)."""
    cwd, tmp = workdir / "cwd", workdir / "tmp"
    cwd.mkdir()
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp))
    process = subprocess.Popen(
        serve_command(*args),
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    if match is None:
        process.kill()
        raise AssertionError(f"the server did not start: {line}{process.communicate()[1]}")
    server = Server(match.group(0), process, cwd, tmp)
    try:
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def chromium(viewport: dict[str, int], phone: bool = False) -> Iterator[Any]:
    """Debian's Chromium, headless, with a fresh profile; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cr-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=viewport,
            is_mobile=phone,
            has_touch=phone,
            # 1, not a phone's 3: under headless emulation xterm.js sizes its canvas from
            # a ResizeObserver that reports CSS pixels, and draws 3 times too large.
            device_scale_factor=1,
            accept_downloads=True,
        )
        context.add_init_script(KEEP_TERMINALS)
        try:
            yield context
        finally:
            context.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path
