"""Start the TUI. Kept tiny so ``cr-assistant --help`` never imports Textual."""

from __future__ import annotations

import argparse


def launch(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.commands import train_options
    from assistant.tui.app import AssistantApp

    catalogue = Catalogue.from_options(args.trees)
    if getattr(args, "tree", None):
        # An unknown tree id is a one-line error before the screen is taken over.
        catalogue.tree_path(args.tree)
    train = getattr(args, "train", None)
    # The training options are checked before the screen is taken over, too.
    if train is None:
        train_options.refuse_without_train(args, "run")
    else:
        choice, trainee = train_options.scenario_choice(args), train_options.trainee(args)
    app = AssistantApp(catalogue, tree_id=getattr(args, "tree", None), train=train)
    if train is not None:
        app.sitting_flow.configure(choice, trainee)
    app.run()
    return app.return_code or 0
