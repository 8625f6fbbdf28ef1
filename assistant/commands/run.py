"""``cr-assistant run [--tree ID]`` (and ``cr-assistant`` alone): the Textual chat UI."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("run", help="open the assistant (the default)")
    parser.add_argument("--tree", help="tree id (see 'cr-assistant check')")
    parser.add_argument(
        "--train",
        nargs="*",
        metavar="SCENARIO",
        help="training mode: the scenarios named (id or file), or without one every "
        "scenario of the tree in order",
    )
    from assistant.commands.recording import add_record_options

    add_record_options(parser)
    from assistant.commands import train_options

    train_options.add_arguments(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check everything before the screen is taken over: an unknown tree, training option or
    unit is one line in the terminal, and any notice about the database stays above the TUI."""
    from assistant.catalogue import Catalogue
    from assistant.commands import train_options
    from assistant.commands.recording import recorder_for
    from assistant.tui.launch import Launch, launch

    catalogue = Catalogue.from_options(args.trees)
    tree_id = getattr(args, "tree", None)
    if tree_id:
        catalogue.tree_path(tree_id)
    train = getattr(args, "train", None)
    if train is None:
        train_options.refuse_without_train(args, "run")
        # A training sitting is never recorded.
        return launch(Launch(catalogue, tree_id, recorder=recorder_for(args)))
    choice, trainee = train_options.scenario_choice(args), train_options.trainee(args)
    return launch(Launch(catalogue, tree_id, train, choice, trainee))
