"""``cr-assistant graph``: the tree as Mermaid, Graphviz DOT, JSON, or SVG/PNG through ``dot``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

# As in assistant.graph, which imports networkx: not loaded just to parse the command line.
FORMATS = ("mermaid", "dot", "json", "svg", "png")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "graph", help="draw the tree: questions, answers, outcomes coloured by disposal"
    )
    parser.add_argument("--tree", help="tree id (or a .toml file)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="mermaid",
        help="mermaid (default), dot, json; svg or png need Graphviz's dot",
    )
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of the screen")
    parser.add_argument("--force", action="store_true", help="let --output overwrite a file")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.errors import InputError
    from assistant.graph import TEXT_FORMATS, render_image, render_text
    from assistant.safefile import refuse_existing, write_atomic

    tree = Catalogue.from_options(args.trees).tree(args.tree)
    output = Path(args.output) if args.output else None
    fix = "add --force to overwrite it"
    if output is not None:
        refuse_existing(output, args.force, fix)  # before drawing anything
    if args.format in TEXT_FORMATS:
        text = render_text(tree, args.format)
        if output is not None:
            write_atomic(output, text, overwrite=args.force, exists_fix=fix)
        else:
            sys.stdout.write(text)
    else:
        if output is None and args.format == "png" and sys.stdout.isatty():
            raise InputError("graph --format png: give --output FILE (a PNG is not for the screen)")
        data = render_image(tree, args.format)
        if output is not None:
            write_atomic(output, data, overwrite=args.force, exists_fix=fix)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    if output is not None:
        print(f"Wrote {output} ({args.format}, {len(tree.nodes)} nodes).", file=sys.stderr)
    return 0
