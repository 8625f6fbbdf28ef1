"""``cr-assistant serve``: the same assistant, in officers' browsers (assistant/serve)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0-65535)")
    return port


def _count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of sessions (1 or more)")
    return count


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "serve",
        help="serve the assistant to web browsers (one app per tab; this machine only unless "
        "--behind-proxy or --token-file)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (8000; 0: any free port)"
    )
    parser.add_argument("--tree", help="tree id every session opens (see 'cr-assistant check')")
    parser.add_argument(
        "--behind-proxy",
        action="store_true",
        help="the force's reverse proxy in front does sign-on and TLS (needed, or "
        "--token-file, to listen beyond this machine)",
    )
    parser.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        help="a file (mode 600) holding a shared access token; browsers open /?token=TOKEN",
    )
    parser.add_argument(
        "--max-sessions",
        type=_count,
        metavar="N",
        help="sessions at once; the next browser is told the server is busy (default: sized "
        "to this machine's memory and processors)",
    )
    from assistant.commands.recording import add_record_options

    # A served deployment keeps the decision record unless told not to (--no-record).
    add_record_options(parser, on_by_default=True)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.serve.access import check_bind, read_token
    from assistant.serve.server import ServeConfig, default_max_sessions, run

    check_bind(args.host, args.behind_proxy, args.token_file)
    token = read_token(args.token_file) if args.token_file is not None else None
    catalogue = Catalogue.from_options(args.trees)
    child_args = record_child_args(args)
    if args.tree:
        child_args += ["--tree", args.tree]
    for folder in args.trees or []:
        child_args += ["--trees", str(Path(folder).resolve())]
    config = ServeConfig(
        host=args.host,
        port=args.port,
        title=page_title(catalogue, args.tree),
        child_args=tuple(child_args),
        max_sessions=args.max_sessions or default_max_sessions(),
        token=token,
        behind_proxy=args.behind_proxy,
    )
    return run(config)


def record_child_args(args: argparse.Namespace) -> list[str]:
    """Check the decision record here (an unknown unit is one line before the server starts;
    old records are pruned, queued ones written) and tell each session to record the same way.
    The database goes to the sessions in the environment, never on a command line anyone on
    the machine can read (a PostgreSQL address may hold a password)."""
    from assistant.commands.recording import recorder_for
    from assistant.record.store import ENV_DB

    recorder = recorder_for(args, on_by_default=True)
    if recorder is None:
        return []
    recorder.close()
    os.environ[ENV_DB] = str(recorder.target)
    return ["--record", *(["--unit", args.unit] if args.unit else [])]


def page_title(catalogue: Any, tree_id: str | None) -> str:
    """ "CR assistant · FORCE · POLICY" for the tree every session opens (loaded and checked
    here, so a broken tree is one line before the server starts), or the forces offered."""
    files = catalogue.tree_files
    if tree_id is None and len(files) == 1:
        tree_id = next(iter(files))
    if tree_id is None:
        forces = sorted({file.force for file in files.values() if file.force})
        return " · ".join(["CR assistant", *forces])
    tree = catalogue.tree(tree_id)
    document = catalogue.corpus.document(tree.meta.primary_document)
    return f"CR assistant · {tree.meta.force} · {document.reference or document.title}"
