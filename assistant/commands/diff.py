"""``cr-assistant diff OLD.toml NEW.toml``: the paths whose recommendation changes.

Exit status 0 when nothing changes, 1 when something does (like diff(1)), 2 on input problems.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "diff", help="the answer paths whose disposal or authorisers change between two trees"
    )
    parser.add_argument("old", metavar="OLD.toml", help="the tree before")
    parser.add_argument("new", metavar="NEW.toml", help="the tree after")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.catalogue import Catalogue
    from assistant.engine import load_valid_tree
    from assistant.textout import wrap
    from assistant.treediff import diff_dict, diff_lines, diff_trees

    corpus = Catalogue.from_options(args.trees).corpus
    old = load_valid_tree(Path(args.old), corpus)
    new = load_valid_tree(Path(args.new), corpus)
    diff = diff_trees(old, new)
    if args.json:
        json.dump(diff_dict(diff), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for line in diff_lines(diff):
            print(wrap(line) if line.strip() else "")
    return 0 if diff.unchanged else 1
