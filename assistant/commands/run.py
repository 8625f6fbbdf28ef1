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
    from assistant.tui.launch import launch

    return launch(args)
