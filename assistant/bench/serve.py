"""Browser load: N sessions at once against one ``cr-assistant serve``, each figure against a
minimal Textual app served the same way (the same server, page and script; one process per
tab) in the same run.

For N = 1, 5, 20 (``--sessions``), in Debian's headless Chromium driven by Playwright:

- *first question*: from opening the N pages (all at once) to each page showing the question,
  read from xterm.js's own screen buffer (median over the N pages);
- *memory per session*: the resident memory of the server's app processes once every page shows
  its question, divided by N;
- *key to screen*: in every page at once, a letter typed into the chat input, timed in the page
  from the key event to xterm.js parsing the screen update that shows it (median and 95th
  percentile over 10 letters per page).
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.bench.browser import CHROMIUM, KEEP_TERMINALS
from assistant.bench.browser import CHROMIUM_ARGS as BROWSER_ARGS
from assistant.bench.timing import Figure, unavailable

# Other tabs must not be slowed while one is measured.
CHROMIUM_ARGS = [
    *BROWSER_ARGS,
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]
SESSIONS = (1, 5, 20)
LATENCY_TARGET_MS = 100.0
LETTERS = "abcdefghij"
WAIT = 60.0
QUESTION = re.compile(r"Q1\. How old")

# Key to screen: the time of each key, and of the first screen update showing its letter.
KEY_TIMES = """
(() => {
  window.__crKeyTimes = [];
  document.addEventListener("keydown", (event) => {
    window.__crKeyAt = performance.now();
    window.__crKeyLetter = event.key;
  }, true);
})();
"""

SCREEN_TEXT = """() => {
  const t = (window.__crTerminals || []).find(t => t.buffer && t.buffer.active);
  if (!t) return "";
  const b = t.buffer.active, rows = [];
  for (let y = 0; y < t.rows; y++) {
    const line = b.getLine(b.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""

# Resolves with the milliseconds from the key event to the parsed update showing ``typed``.
AWAIT_TYPED = """(typed) => new Promise((resolve) => {
  const t = window.__crTerminals.find(t => t.buffer && t.buffer.active);
  const pattern = new RegExp("▊ *" + typed + "( |▎|$)");  // in the input box
  const shows = () => {
    const b = t.buffer.active;
    for (let y = 0; y < t.rows; y++) {
      const line = b.getLine(b.viewportY + y);
      if (line && pattern.test(line.translateToString(true))) return true;
    }
    return false;
  };
  const listener = t.onWriteParsed(() => {
    if (shows()) { listener.dispose(); resolve(performance.now() - window.__crKeyAt); }
  });
})"""


def serve_available() -> str | None:
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)"
    return None


@dataclass
class Load:
    first_question: float  # seconds, median over the pages
    memory_mb: float  # per session
    key_median_ms: float
    key_p95_ms: float


def _start_server(app: str, home: str) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, TMPDIR=home, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
    env.update(XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config")
    # As installed programs run: from bytecode cached by the warm-up page (see bench/tui.py).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = f"{home}/pycache"
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.bench.serve", app],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    match = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline())
    if match is None:
        process.kill()
        raise RuntimeError(f"the {app} server did not start")
    return process, match.group(0)


def _children_rss_mb(pid: int) -> float:
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1024


async def _measure(url: str, server_pid: int, sessions: int) -> Load:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory(prefix="cr-bench-chromium-") as profile:
        async with async_playwright() as pw:
            context = await pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1366, "height": 768},
            )
            await context.add_init_script(KEEP_TERMINALS)
            await context.add_init_script(KEY_TIMES)
            pages = [await context.new_page() for _ in range(sessions)]

            async def first_question(page: Any) -> float:
                started = time.perf_counter()
                await page.goto(url)
                while not QUESTION.search(await page.evaluate(SCREEN_TEXT)):
                    if time.perf_counter() - started > WAIT:
                        raise RuntimeError("no question within the wait")
                    await asyncio.sleep(0.02)
                return time.perf_counter() - started

            firsts = await asyncio.gather(*(first_question(page) for page in pages))
            await asyncio.sleep(2.0)  # the title bar and footer, mounted after the first frame
            memory = _children_rss_mb(server_pid) / sessions

            async def keys(page: Any) -> list[float]:
                await page.focus("textarea.xterm-helper-textarea")
                times = []
                for index, letter in enumerate(LETTERS):
                    typed = LETTERS[: index + 1]
                    waiting = asyncio.ensure_future(page.evaluate(AWAIT_TYPED, typed))
                    await asyncio.sleep(0.05)  # the listener is in place before the key
                    await page.keyboard.press(letter)
                    times.append(await asyncio.wait_for(waiting, WAIT))
                    await asyncio.sleep(0.2)  # a person's pace, not a burst
                return times

            latencies = [
                ms for page_times in await asyncio.gather(*map(keys, pages)) for ms in page_times
            ]
            await context.close()
    latencies.sort()
    return Load(
        first_question=statistics.median(firsts),
        memory_mb=memory,
        key_median_ms=statistics.median(latencies),
        key_p95_ms=latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))],
    )


def _load(app: str, sessions: int) -> Load:
    with tempfile.TemporaryDirectory(prefix="cr-bench-serve-") as home:
        process, url = _start_server(app, home)
        try:
            # A first page, not counted: both servers' app code is read from disk once.
            asyncio.run(_measure(url, process.pid, 1))
            return asyncio.run(_measure(url, process.pid, sessions))
        finally:
            process.terminate()
            process.wait(timeout=60)


def serve_figures(sessions: tuple[int, ...] = SESSIONS) -> list[Figure]:
    why = serve_available()
    if why:
        return [unavailable("serve", "browser sessions", "s", why)]
    figures: list[Figure] = []
    for count in sessions:
        ours, base = _load("assistant", count), _load("minimal", count)
        group, n = "serve", f"N={count}"
        figures.append(
            Figure(
                group,
                f"first question, {n}",
                "s",
                ours.first_question,
                "minimal app served",
                base.first_question,
            )
        )
        figures.append(
            Figure(
                group,
                f"memory per session, {n}",
                "MB",
                ours.memory_mb,
                "minimal app served",
                base.memory_mb,
            )
        )
        met = ours.key_p95_ms < LATENCY_TARGET_MS
        figures.append(
            Figure(
                group,
                f"key to screen (median), {n}",
                "ms",
                ours.key_median_ms,
                "minimal app served",
                base.key_median_ms,
                note=f"95th: {ours.key_p95_ms:.0f} ms",
            )
        )
        figures.append(
            Figure(
                group,
                f"key to screen (95th), {n}",
                "ms",
                ours.key_p95_ms,
                "minimal app served",
                base.key_p95_ms,
                target=f"< {LATENCY_TARGET_MS:.0f} ms",
                met=met,
            )
        )
    return figures


def _serve_minimal_or_assistant(app: str) -> int:
    """A server on a free loopback port: the assistant's sessions, or the minimal app's."""
    from assistant.serve.server import ServeConfig, run

    module = "assistant.serve.child" if app == "assistant" else "assistant.bench.webminimal"
    args = ("--tree", "kent-o32g") if app == "assistant" else ()
    config = ServeConfig(
        host="127.0.0.1",
        port=0,
        title=f"bench: {app}",
        child_args=args,
        max_sessions=max(SESSIONS) + 2,
        app_module=module,
    )
    return run(config)


if __name__ == "__main__":
    sys.exit(_serve_minimal_or_assistant(sys.argv[1]))
