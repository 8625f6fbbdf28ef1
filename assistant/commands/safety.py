"""``cr-assistant safety``: the hazard log, or the safety-case summary a force can sign."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "safety",
        help="the hazard log (what can go wrong, what stops it, the tests that show it)",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print the safety-case summary: date, policy versions, risks and test evidence",
    )
    parser.add_argument(
        "--junit-xml",
        metavar="FILE",
        type=Path,
        help="results of a pytest --junit-xml run: show each named test as passed or failed "
        "(exit 1 if any failed)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant import __version__
    from assistant.errors import InputError
    from assistant.safety import (
        REFERENCE_PREFIXES,
        failed_tests,
        load_hazard_log,
        log_lines,
        read_junit,
    )
    from assistant.textout import wrap

    log = load_hazard_log()
    if args.junit_xml is not None and not args.markdown:
        raise InputError("--junit-xml goes with --markdown: add --markdown")
    if not args.markdown:
        for line in log_lines(log):
            whole = not line.strip() or line.strip().startswith(REFERENCE_PREFIXES)
            print(line if whole else wrap(line))
        return 0
    outcomes = read_junit(args.junit_xml) if args.junit_xml is not None else None
    sys.stdout.write(_markdown(args, log, outcomes, __version__))
    return 1 if outcomes is not None and failed_tests(log, outcomes) else 0


def _markdown(args: argparse.Namespace, log: Any, outcomes: Any, version: str) -> str:
    from assistant.catalogue import Catalogue
    from assistant.presentation import policy_stamp, review_line
    from assistant.safety import PolicyVersion, safety_markdown

    catalogue = Catalogue.from_options(args.trees)
    today = dt.date.today()
    policies = []
    for tree_id in catalogue.tree_files:
        tree = catalogue.tree(tree_id)
        policies.append(
            PolicyVersion(
                tree_id,
                policy_stamp(tree, catalogue.corpus, today),
                review_line(tree, catalogue.corpus, today),
            )
        )
    source = str(args.junit_xml) if args.junit_xml is not None else ""
    return safety_markdown(log, policies, today, version, outcomes, source)
