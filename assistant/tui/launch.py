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
    app = AssistantApp(
        catalogue, tree_id=getattr(args, "tree", None), train=getattr(args, "train", None)
    )
    app.run()
    return app.return_code or 0
