"""One browser session's assistant: ``python -m assistant.serve.child [--tree ID] [--trees DIR]``.

Started by the server (assistant/serve/server.py) once per browser tab, with textual-serve's
web driver. It is the same app as ``cr-assistant run``; only where files go differs: an export or
a training report becomes a download in the officer's browser, never a file on the server.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from assistant.catalogue import Catalogue
    from assistant.commands.recording import add_record_options, recorder_for
    from assistant.errors import InputError
    from assistant.tui.app import AssistantApp
    from assistant.tui.delivery import BrowserDownloads

    parser = argparse.ArgumentParser(prog="python -m assistant.serve.child")
    parser.add_argument("--tree")
    parser.add_argument("--trees", action="append", metavar="DIR")
    add_record_options(parser)  # given by the server (assistant/commands/serve.py)
    args = parser.parse_args(argv)
    try:
        catalogue = Catalogue.from_options(args.trees)
        if args.tree:
            catalogue.tree_path(args.tree)
        recorder = recorder_for(args)
    except InputError as error:
        for line in error.problems:
            print(f"cr-assistant: {line}", file=sys.stderr)
        return 2
    app = AssistantApp(catalogue, tree_id=args.tree, delivery=BrowserDownloads(), recorder=recorder)
    try:
        app.run()
    finally:
        if recorder is not None:
            recorder.close()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
