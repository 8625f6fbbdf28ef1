"""``cr-assistant scenarios``: replay trainers' scenarios as tests, and show what they cover.

``run [PATH...]`` replays each scenario's model answers and compares the result with the
expectation written from the SOP (exit 1 on any failure); ``coverage`` lists the outcomes,
authorising roles and cited paragraphs no scenario reaches; ``list`` names the scenarios (with
their teaching titles and tags, for the trainer; ``--tag``, ``--outcome``, ``--paragraph``
choose); ``class REPORT...`` combines trainees' reports into one table (Markdown, or ``--csv``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant.commands import train_options


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "scenarios", help="training scenarios: run them as tests, coverage, list"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    run = actions.add_parser("run", help="replay scenarios and compare with their expectations")
    run.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="scenario files or folders (default: every scenario of every tree)",
    )
    run.add_argument("--tree", help="only the scenarios of this tree")
    run.add_argument("--json", action="store_true", help="print the results as JSON")
    run.add_argument("--junit-xml", metavar="FILE", help="also write the results as JUnit XML")
    run.set_defaults(handler=handle_run)

    cover = actions.add_parser(
        "coverage", help="outcomes, roles and paragraphs that no scenario reaches"
    )
    cover.add_argument("--tree", help="one tree (default: every tree with scenarios)")
    cover.add_argument("--json", action="store_true", help="print the coverage as JSON")
    cover.set_defaults(handler=handle_coverage)

    listing = actions.add_parser("list", help="the scenarios available for training")
    listing.add_argument("--tree", help="only the scenarios of this tree")
    train_options.add_choice_arguments(listing)
    listing.set_defaults(handler=handle_list)

    combined = actions.add_parser(
        "class", help="combine several trainees' training reports into one table"
    )
    combined.add_argument(
        "reports", nargs="+", metavar="REPORT", help="training reports (.md) written by --train"
    )
    combined.add_argument("--csv", action="store_true", help="print CSV instead of Markdown")
    combined.set_defaults(handler=handle_class)


def _library(args: argparse.Namespace) -> Any:
    from assistant.catalogue import Catalogue
    from assistant.scenarios import ScenarioLibrary

    return ScenarioLibrary(Catalogue.from_options(args.trees))


def _selected(library: Any, args: argparse.Namespace) -> list[Any]:
    from assistant.errors import InputError

    paths = library.expand(args.paths) if getattr(args, "paths", None) else library.files(args.tree)
    if not paths:
        raise InputError("no scenario files found: they live in trees/scenarios/<tree-id>/*.toml")
    scenarios = library.load_all(paths)
    if args.tree:
        scenarios = [item for item in scenarios if item.tree_id == args.tree]
    return list(scenarios)


def handle_run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.safefile import refuse_existing, write_atomic
    from assistant.scenarios.output import junit_xml, results_json, results_table

    if args.junit_xml:  # a missing folder is reported before the scenarios run, not after
        refuse_existing(Path(args.junit_xml), overwrite=True)
    library = _library(args)
    results = [library.check(scenario) for scenario in _selected(library, args)]
    if args.junit_xml:
        write_atomic(Path(args.junit_xml), junit_xml(results), overwrite=True)
    if args.json:
        json.dump(results_json(results), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for line in results_table(results):
            print(line)
    return 0 if all(result.passed for result in results) else 1


def handle_coverage(args: argparse.Namespace) -> int:
    from assistant.scenarios import scenario_coverage
    from assistant.textout import wrap

    library = _library(args)
    tree_ids = [args.tree] if args.tree else list(library.catalogue.tree_files)
    reports = []
    for tree_id in tree_ids:
        files = library.files(tree_id)
        if not files and not args.tree:
            continue
        results = [library.check(item) for item in library.load_all(files)]
        reports.append(scenario_coverage(library.tree(tree_id), library.corpus, results))
    if args.json:
        json.dump(
            [report.to_dict() for report in reports], sys.stdout, indent=2, ensure_ascii=False
        )
        print()
        return 0
    for report in reports:
        tree = report.tree
        print(f"Scenario coverage of {tree.id}: {report.scenarios} scenarios")
        outcomes = {key: f"{key} ({tree.nodes[key].title})" for key in report.outcomes}
        roles = {key: f"{key} ({tree.roles[key].name})" for key in report.roles}
        paragraphs = {key: key for key in report.paragraphs}
        sections = [
            ("Outcomes", report.outcomes, outcomes),
            ("Authorising roles", report.roles, roles),
            ("Paragraphs cited by the tree", report.paragraphs, paragraphs),
        ]
        for heading, table, names in sections:
            missing = [names[key] for key, reached in table.items() if not reached]
            print(f"  {heading}: {len(table) - len(missing)} of {len(table)} reached")
            if missing:
                print(wrap("not reached: " + ", ".join(missing), indent="    "))
    return 0


def handle_list(args: argparse.Namespace) -> int:
    """For the trainer: each scenario with its teaching title and tags (the answer shows)."""
    from assistant.training_select import choose

    library = _library(args)
    scenarios = library.load_all(library.files(args.tree))
    choice = train_options.scenario_choice(args)
    if choice.any and scenarios:
        scenarios = choose(scenarios, choice, library)
    for scenario in scenarios:
        tags = f"  ({', '.join(scenario.tags)})" if scenario.tags else ""
        print(f"{scenario.id}  [{scenario.tree_id}]  {scenario.title_after}{tags}")
    return 0


def handle_class(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.training_class import class_csv, class_markdown
    from assistant.training_report import read_report

    reports = [read_report(Path(path)) for path in args.reports]
    sys.stdout.write(class_csv(reports) if args.csv else class_markdown(reports))
    return 0
