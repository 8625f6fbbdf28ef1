"""Start the TUI. Kept tiny so ``cr-assistant --help`` never imports Textual."""

from __future__ import annotations

import argparse


def launch(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.tui.app import AssistantApp

    catalogue = Catalogue.from_options(args.trees)
    if getattr(args, "tree", None):
        # An unknown tree id is a one-line error before the screen is taken over.
        catalogue.tree_path(args.tree)
    from assistant.commands.recording import recorder_for

    # Before the screen is taken over: an unknown unit is one line, and any notice about the
    # database stays in the terminal above the TUI.
    recorder = recorder_for(args) if getattr(args, "train", None) is None else None
    app = AssistantApp(
        catalogue,
        tree_id=getattr(args, "tree", None),
        train=getattr(args, "train", None),
        recorder=recorder,
    )
    try:
        app.run()
    finally:
        if recorder is not None:
            recorder.close()
    return app.return_code or 0
