"""``cr-assistant diff OLD.toml NEW.toml``: each rule that changed, with the paths through it.

Each question, answer, authorisation, obligation or outcome that differs is named with how
many paths pass through it and one example path, decided before and after
(:mod:`assistant.rulediff`, counted without walking every path). ``--paths`` adds every path
whose decision changes (:mod:`assistant.treediff`, which walks them all, so it takes longer).
Exit status 0 when nothing changes, 1 when something does (like diff(1)), 2 on input problems.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "diff", help="the rules that changed between two trees, and the paths they affect"
    )
    parser.add_argument("old", metavar="OLD.toml", help="the tree before")
    parser.add_argument("new", metavar="NEW.toml", help="the tree after")
    parser.add_argument(
        "--paths",
        action="store_true",
        help="also list every path whose disposal or authorisers change (slower)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.catalogue import Catalogue
    from assistant.engine import load_valid_tree
    from assistant.engine.factstates import TooManyFactStates
    from assistant.errors import InputError
    from assistant.rulediff import rule_diff, rule_lines, rules_dict
    from assistant.textout import wrap
    from assistant.treediff import diff_dict, diff_lines, diff_trees

    corpus = Catalogue.from_options(args.trees).corpus
    old = load_valid_tree(Path(args.old), corpus)
    new = load_valid_tree(Path(args.new), corpus)
    try:
        rules = rule_diff(old, new)
    except TooManyFactStates as too_many:
        raise InputError(f"{args.new}: cannot compare: {too_many}") from None
    paths = diff_trees(old, new) if args.paths else None
    changed = bool(rules.changes) or (paths is not None and not paths.unchanged)
    if args.json:
        payload: dict[str, Any] = {
            "old_paths": rules.old_paths,
            "new_paths": rules.new_paths,
            "rules": rules_dict(rules),
        }
        if paths is not None:
            payload |= diff_dict(paths)
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 1 if changed else 0
    lines = rule_lines(old, new, rules)
    if paths is not None:
        lines += ["", "Every path whose decision changes:", *diff_lines(paths)]
    for line in lines:
        indent = line[: len(line) - len(line.lstrip())]
        print(wrap(line.strip(), indent=indent) if line.strip() else "")
    return 1 if changed else 0
