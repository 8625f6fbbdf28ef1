"""Start the TUI. Kept tiny so ``cr-assistant --help`` never imports Textual; the command line
is read and checked by :mod:`assistant.commands.run` before the screen is taken over."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.catalogue import Catalogue
    from assistant.record.recorder import Recorder
    from assistant.training_select import ScenarioChoice


@dataclass(frozen=True)
class Launch:
    """What ``cr-assistant run`` starts: checked options only."""

    catalogue: Catalogue
    tree_id: str | None = None
    # Training: the scenarios named (all of the tree's when empty); None for an ordinary walk.
    train: list[str] | None = None
    choice: ScenarioChoice | None = None
    trainee: str = ""
    recorder: Recorder | None = None


def launch(start: Launch) -> int:
    from assistant.tui.app import AssistantApp

    app = AssistantApp(
        start.catalogue, tree_id=start.tree_id, train=start.train, recorder=start.recorder
    )
    if start.train is not None and start.choice is not None:
        app.main.sitting_flow.configure(start.choice, start.trainee)
    try:
        app.run()
    finally:
        if start.recorder is not None:
            start.recorder.close()
    return app.return_code or 0
