"""The options of a training sitting shared by ``ask --train`` and ``run --train``: who the
trainee is, and which scenarios to take (see :mod:`assistant.training_select`)."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.errors import InputError


def add_choice_arguments(group: Any) -> None:
    group.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="only scenarios with this tag"
    )
    group.add_argument(
        "--outcome",
        action="append",
        default=[],
        metavar="OUTCOME",
        help="only scenarios leading to this outcome (its id, e.g. prosecution)",
    )
    group.add_argument(
        "--paragraph",
        action="append",
        default=[],
        metavar="CITATION",
        help="only scenarios that turn on this paragraph (e.g. 'O32g 2.6.1')",
    )
    group.add_argument(
        "--random", type=int, metavar="N", help="N of the chosen scenarios, at random"
    )
    group.add_argument(
        "--seed", type=int, metavar="N", help="with --random: the same seed, the same set"
    )


def add_arguments(group: Any) -> None:
    group.add_argument(
        "--trainee", metavar="NAME", default="", help="the trainee's name, for the report"
    )
    add_choice_arguments(group)


def scenario_choice(args: argparse.Namespace) -> Any:
    from assistant.training_select import ScenarioChoice

    if args.seed is not None and args.random is None:
        raise InputError("--seed belongs to --random N: add it")
    return ScenarioChoice(
        tuple(args.tag), tuple(args.outcome), tuple(args.paragraph), args.random, args.seed
    )


def trainee(args: argparse.Namespace) -> str:
    from assistant.training_report import checked_trainee

    try:
        return checked_trainee(args.trainee)
    except InputError as error:
        raise InputError(f"--trainee: {error}") from None


def refuse_without_train(args: argparse.Namespace, command: str = "ask") -> None:
    """The training options given to an ordinary walk: one line saying they need --train."""
    given = [
        option
        for option, value in (
            ("--train-report", getattr(args, "train_report", None)),
            ("--force", getattr(args, "force", None)),
            ("--trainee", args.trainee),
            ("--tag", args.tag),
            ("--outcome", args.outcome),
            ("--paragraph", args.paragraph),
            ("--random", args.random is not None),
            ("--seed", args.seed is not None),
        )
        if value
    ]
    if given:
        raise InputError(f"{command}: {', '.join(given)} belong to --train: add --train")
