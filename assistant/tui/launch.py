"""Start the TUI. Kept tiny so ``cr-assistant --help`` never imports Textual."""

from __future__ import annotations

import argparse


def launch(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.commands import train_options
    from assistant.commands.recording import recorder_for
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
    # Before the screen is taken over: an unknown unit is one line, and any notice about the
    # database stays in the terminal above the TUI. A training sitting is never recorded.
    recorder = recorder_for(args) if train is None else None
    app = AssistantApp(
        catalogue, tree_id=getattr(args, "tree", None), train=train, recorder=recorder
    )
    if train is not None:
        app.main.sitting_flow.configure(choice, trainee)
    try:
        app.run()
    finally:
        if recorder is not None:
            recorder.close()
    return app.return_code or 0
