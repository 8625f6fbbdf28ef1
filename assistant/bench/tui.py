"""TUI figures, each from fresh processes: start-up, peak memory, key press to next question.

The baseline is a minimal Textual app run by the same child script the same way (one Static
with class ``question``), so interpreter start-up, Textual's import and the headless driver are
paid on both sides and the ratio is what the assistant adds.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from assistant.bench.timing import Figure, unavailable

START_TARGET = 1.3  # TUI start-up and peak memory, as a ratio to the minimal app (issue 9)
FIRST_QUESTION_TARGET = 1.5  # the first question on screen (issue 4)
KEY_TARGET_MS = 30.0
CHILD_TIMEOUT = 120


@dataclass
class Start:
    wall: float  # seconds from Popen to the first question on screen
    cpu: float  # the child's own CPU seconds by then
    rss_mb: float  # its peak resident memory by then
    full: float  # seconds from Popen to the whole screen (title bar and footer too)


def tui_available() -> str | None:
    """Why the TUI rows cannot run, or None when they can."""
    if importlib.util.find_spec("assistant.tui.app") is None:
        return "assistant/tui/app.py is not on main yet"
    return None


def _env(home: str) -> dict[str, str]:
    # A fresh, empty user data and config folder: no saved session or contacts to load.
    env = dict(os.environ)
    env.update(XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config", TERM="xterm")
    # Both apps run as an installed program does, from cached bytecode: written by the warm-up
    # run into a folder of this run's own, even where PYTHONDONTWRITEBYTECODE is set (which
    # would otherwise compile the assistant's sources, but not Textual's, on every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = f"{home}/pycache"
    return env


def _child(mode: str, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *flags, "-m", "assistant.bench.child", mode],
        capture_output=True,
        text=True,
        env=env,
        timeout=CHILD_TIMEOUT,
        check=False,
    )


def _start(mode: str, env: dict[str, str]) -> Start:
    started = time.perf_counter()
    done = _child(mode, env)
    marks = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()}
    if "READY" in marks and "FULL" in marks:
        at, cpu, rss_kb = marks["READY"]
        # perf_counter is the system-wide monotonic clock, shared by parent and child.
        full = float(marks["FULL"][0]) - started
        return Start(float(at) - started, float(cpu), int(rss_kb) / 1024, full)
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    raise RuntimeError(f"{mode} did not show a question: {tail}")


def start_figures(runs: int) -> list[Figure]:
    why = tui_available()
    names = (
        "TUI start to first question",
        "TUI start to whole screen",
        "TUI start, CPU time",
        "TUI peak memory (RSS)",
    )
    fields = ("wall", "full", "cpu", "rss_mb")
    units = ("ms", "ms", "ms", "MB")
    if why is not None:
        return [
            unavailable("tui", name, unit, why, target=f"{START_TARGET}x")
            for name, unit in zip(names, units, strict=True)
        ]
    tui: list[Start] = []
    minimal: list[Start] = []
    with tempfile.TemporaryDirectory(prefix="cr-bench-home-") as home:
        env = _env(home)
        _start("start-minimal", env)  # warm the file cache for both sides
        _start("start-tui", env)
        for _ in range(runs):  # alternating, so both see the same machine
            minimal.append(_start("start-minimal", env))
            tui.append(_start("start-tui", env))
        imports = import_costs(env)

    def median(items: list[Start], field: str) -> float:
        return float(statistics.median(getattr(item, field) for item in items))

    figures = []
    for name, field, unit in zip(names, fields, units, strict=True):
        scale = 1 if unit == "MB" else 1000
        value, baseline = median(tui, field) * scale, median(minimal, field) * scale
        note = f"median of {runs} fresh processes each"
        if field == "wall":
            met = "met" if value <= FIRST_QUESTION_TARGET * baseline else "missed"
            note += f"; issue 4's {FIRST_QUESTION_TARGET}x {met}"
        if field == "full":
            note += "; title bar and footer, mounted a frame after the question"
        figures.append(
            Figure(
                "tui",
                name,
                unit,
                value,
                "minimal Textual app (one Static)",
                baseline,
                target=f"{START_TARGET}x",
                met=value <= START_TARGET * baseline,
                note=note,
            )
        )
    figures[0].extra = {"imports": imports}
    return figures


def import_costs(env: dict[str, str], top: int = 15) -> dict[str, Any]:
    """``python -X importtime`` of the TUI start: the costliest imports, self and cumulative."""
    done = _child("start-tui", env, "-X", "importtime")
    rows: list[tuple[str, int, int]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        self_us, cumulative_us, name = _split(line)
        rows.append((name, self_us, cumulative_us))
    by_self = sorted(rows, key=lambda row: -row[1])[:top]
    by_package: dict[str, int] = {}
    for name, self_us, _ in rows:
        package = name.strip().split(".")[0]
        if package == "assistant":  # the assistant's own modules, one by one
            package = ".".join(name.strip().split(".")[:2])
        by_package[package] = by_package.get(package, 0) + self_us
    return {
        "total_ms": sum(row[1] for row in rows) / 1000,
        "top_modules_self_ms": [(name.strip(), us / 1000) for name, us, _ in by_self],
        "packages_self_ms": sorted(
            ((name, us / 1000) for name, us in by_package.items()), key=lambda item: -item[1]
        )[:top],
    }


def _split(line: str) -> tuple[int, int, str]:
    # "import time:       123 |        456 |     textual.app": nesting is the name's indent.
    fields = line.split(":", 1)[1].split("|")
    return int(fields[0]), int(fields[1]), fields[2].rstrip()[1:]


def key_figure() -> Figure:
    name = "key press to next question rendered"
    why = tui_available()
    if why is not None:
        return unavailable("tui", name, "ms", why, target=f"under {KEY_TARGET_MS:g} ms")
    with tempfile.TemporaryDirectory(prefix="cr-bench-home-") as home:
        env = _env(home)
        tui = _presses("keys-tui", env)
        minimal = _presses("keys-minimal", env)
    value = statistics.median(tui) * 1000
    return Figure(
        "tui",
        name,
        "ms",
        value,
        "minimal app: key mounts the next Static",
        statistics.median(minimal) * 1000,
        target=f"under {KEY_TARGET_MS:g} ms",
        met=value < KEY_TARGET_MS,
        note=f"median of {len(tui)} presses along one path of kent-o32g",
        extra={
            "presses_ms": [round(t * 1000, 1) for t in tui],
            "max_ms": max(tui) * 1000,
            "baseline_presses_ms": [round(t * 1000, 1) for t in minimal],
        },
    )


def _presses(mode: str, env: dict[str, str]) -> list[float]:
    done = _child(mode, env)
    presses = [float(line.split()[1]) for line in done.stdout.splitlines() if line[:6] == "PRESS "]
    if not presses or "STUCK" in done.stdout:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{mode}: the next question did not appear: {tail}")
    return presses
