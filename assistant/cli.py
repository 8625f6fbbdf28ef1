"""The ``cr-assistant`` command line.

Every input problem ends as one line on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.commands import (
    ask,
    check,
    cite,
    contacts,
    oversight,
    run,
    safety,
    scenarios,
    search,
    serve,
)
from assistant.commands import diff as diff_command
from assistant.commands import graph as graph_command
from assistant.commands import matrix as matrix_command

COMMANDS = (
    run,
    ask,
    check,
    cite,
    search,
    scenarios,
    contacts,
    matrix_command,
    diff_command,
    graph_command,
    safety,
    oversight,
    serve,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cr-assistant",
        description="Can a Community Resolution be used, and who must authorise it? "
        "Asks one question at a time and cites the SOP paragraph behind each.",
    )
    parser.add_argument("--version", action="version", version=f"cr-assistant {__version__}")
    parser.add_argument(
        "--trees",
        action="append",
        metavar="DIR",
        help="a force folder with its own trees/ and guidance/ (repeatable; also "
        "$CR_ASSISTANT_TREES)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    for subparser in sub.choices.values():
        # Also after the command (cr-assistant ask --trees DIR); merged in main().
        subparser.add_argument(
            "--trees",
            action="append",
            metavar="DIR",
            dest="trees_after",
            default=argparse.SUPPRESS,
            help="a force folder (repeatable)",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.errors import InputError
    from assistant.terminal_text import terminal_safe, terminal_safe_output

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "run"])
    args.trees = [*(args.trees or []), *getattr(args, "trees_after", [])] or None
    # The plain-text commands print words from a force folder: none may drive the terminal.
    # The TUI (run) draws the screen with escape sequences of its own and shows text as text.
    guard = terminal_safe_output() if args.command != "run" else contextlib.nullcontext()
    try:
        with guard:
            result: int = args.handler(args)
        return result
    except InputError as error:
        for line in error.problems:
            print(f"cr-assistant: {terminal_safe(line)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cr-assistant: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
