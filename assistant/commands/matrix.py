"""``cr-assistant matrix``: who must authorise what, and what rules a CR out, from the tree."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "matrix", help="the authorisation matrix and hard exclusions, derived from the tree"
    )
    parser.add_argument("--tree", help="tree id (or a .toml file)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--markdown", action="store_true", help="print Markdown tables")
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--csv", action="store_true", help="print CSV (one row per circumstance)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.matrix import (
        authorisation_matrix,
        matrix_csv,
        matrix_json,
        matrix_lines,
        matrix_markdown,
    )
    from assistant.textout import wrap

    tree = Catalogue.from_options(args.trees).tree(args.tree)
    matrix = authorisation_matrix(tree)
    if args.markdown:
        sys.stdout.write(matrix_markdown(matrix))
    elif args.json:
        print(matrix_json(matrix))
    elif args.csv:
        sys.stdout.write(matrix_csv(matrix))
    else:
        for line in matrix_lines(matrix):
            print(wrap(line) if line.strip() else "")
    return 0
