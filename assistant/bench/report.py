"""The table and the JSON file: every figure with its baseline, ratio and target."""

from __future__ import annotations

import datetime as dt
import json
import platform
import sys
from pathlib import Path
from typing import Any

from assistant.bench.timing import Figure


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "uname": " ".join(platform.uname()[:3] + platform.uname()[4:5]),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "x":
        return f"{value:.1f}x"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.3g} {unit}" if value < 10 else f"{value:.0f} {unit}"


def table(figures: list[Figure], info: dict[str, Any]) -> str:
    header = ("", "figure", "value", "baseline", "ratio", "target", "met", "note")
    rows = [header]
    for f in figures:
        ratio = "-" if f.ratio is None or f.unit == "x" else f"{f.ratio:.2f}x"
        met = "" if f.met is None else ("yes" if f.met else "NO")
        value = f.note if f.value is None else _number(f.value, f.unit)
        baseline = (
            f"{_number(f.baseline, f.unit)} {f.baseline_name}".strip() if f.baseline_name else ""
        )
        note = "" if f.value is None else f.note
        rows.append((f.group, f.name, value, baseline, ratio, f.target, met, note))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        f"{info['date']} | {info['uname']} | {info['cpu']} x{info['cpus']} | "
        f"Python {info['python']}",
        "",
    ]
    for index, row in enumerate(rows):
        lines.append(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("-+-".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def write_json(path: Path, figures: list[Figure], info: dict[str, Any]) -> None:
    data = {"machine": info, "figures": [figure.to_dict() for figure in figures]}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
