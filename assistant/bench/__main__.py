"""``python -m assistant.bench [--quick] [--json FILE] [--only PARTS] [--sizes N,N,...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.bench.report import machine, table, write_json
from assistant.bench.timing import Figure

PARTS = ("engine", "scale", "tui", "serve")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.bench",
        description="Start-up, response and scale, each against a baseline in the same run.",
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs, sizes up to 10k")
    parser.add_argument(
        "--json", type=Path, default=Path("bench-results.json"), help="where to write results"
    )
    parser.add_argument(
        "--only", default=",".join(PARTS), help="comma-separated: " + ", ".join(PARTS)
    )
    parser.add_argument("--sizes", help="synthetic tree sizes, e.g. 1000,10000,100000")
    args = parser.parse_args(argv)
    parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = [part for part in parts if part not in PARTS]
    if unknown:
        parser.error(f"unknown part {', '.join(unknown)}: choose from {', '.join(PARTS)}")

    from assistant.bench.scale import DEFAULT_SIZES, QUICK_SIZES

    sizes = (
        tuple(int(size) for size in args.sizes.split(","))
        if args.sizes
        else (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    )
    figures: list[Figure] = []
    if "engine" in parts:
        from assistant.bench.engine import engine_figures

        figures += engine_figures(args.quick)
        _progress("engine")
    if "scale" in parts:
        from assistant.bench.scale import scale_figures

        figures += scale_figures(sizes, rounds=2 if args.quick else 3)
        _progress("scale")
    if "tui" in parts:
        from assistant.bench.tui import key_figure, start_figures

        figures += start_figures(3 if args.quick else 10)
        figures.append(key_figure())
        _progress("tui")
    if "serve" in parts:
        from assistant.bench.serve import SESSIONS, serve_figures

        figures += serve_figures((1, 5) if args.quick else SESSIONS)
        _progress("serve")
    info = machine()
    print(table(figures, info))
    write_json(args.json, figures, info)
    print(f"\nresults written to {args.json.resolve()}")
    return 0


def _progress(part: str) -> None:
    print(f"[{part} done]", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
