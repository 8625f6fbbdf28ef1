"""``cr-assistant check [TREE...]``: validate trees; ``--coverage`` lists normative paragraphs."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("check", help="validate trees (every problem, one line each)")
    parser.add_argument("trees_to_check", nargs="*", metavar="TREE", help="tree ids or .toml files")
    parser.add_argument("--tree", action="append", default=[], help="a tree id (repeatable)")
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="list the normative paragraphs and the nodes that cite them",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.coverage import coverage
    from assistant.engine.factstates import TooManyFactStates
    from assistant.engine.lines import with_lines
    from assistant.engine.loader import load_tree
    from assistant.engine.validate import validate
    from assistant.engine.walk import StuckWalk, count_paths
    from assistant.errors import InputError
    from assistant.textout import wrap

    # Always a full parse and validation: check is how an author proves the files are good.
    catalogue = Catalogue.from_options(args.trees, cached=False)
    corpus = catalogue.corpus
    targets = [*args.trees_to_check, *args.tree] or list(catalogue.tree_files)
    failed = False
    for target in targets:
        path = catalogue.tree_path(target)
        try:
            tree = load_tree(path)
        except InputError as error:
            failed = True
            for line in error.problems:
                print(line)
            continue
        problems = validate(tree, corpus)
        paths = 0
        if not problems:
            try:
                paths = count_paths(tree)
            except StuckWalk as stuck:
                problems += with_lines(
                    path, [f"{path}: {stuck}: add an answer for these facts or fix the guards"]
                )
            except TooManyFactStates as too_many:
                problems.append(f"{path}: {too_many}")
        for line in problems:
            print(line)
        if problems:
            failed = True
            continue
        print(f"{path}: ok: {tree.id}, {len(tree.nodes)} nodes, {paths} paths to an outcome")
        if args.coverage:
            rows = coverage(tree, corpus)
            missing = [row for row in rows if not row.covered]
            print(
                f"Normative paragraphs of {tree.meta.primary_document}: {len(rows)}, "
                f"{len(rows) - len(missing)} covered"
            )
            for row in rows:
                if row.cited_by:
                    where = "cited by " + ", ".join(row.cited_by)
                elif row.uncited_reason:
                    where = "not cited: " + row.uncited_reason
                else:
                    where = "NOT COVERED"
                print(wrap(f"{row.paragraph.citation}: {where}", indent="  "))
            for row in missing:
                failed = True
                print(
                    f"{path}: [tree] uncited: {row.paragraph.citation} is normative and no node "
                    "cites it: cite it from the node it decides, or list it under "
                    "[tree.uncited] with the reason"
                )
    return 2 if failed else 0
