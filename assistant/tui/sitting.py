"""A training sitting in the TUI (``run --train``): for each scenario a briefing with a
prediction, the walk, the comparison with the model answers; then the score.

The app shows each walk (its session and transcript, every paragraph held back until its answer);
this class keeps the order of the sitting and the screens around each walk, as
:class:`~assistant.tui.keeper.CaseKeeper` keeps the saved cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from assistant.engine import Tree
    from assistant.scenarios import Scenario, ScenarioLibrary
    from assistant.training import Prediction, Sitting, TrainingResult
    from assistant.training_select import ScenarioChoice
    from assistant.tui.host import WalkHost
    from assistant.tui.screens.training import SittingScreen


class SittingFlow:
    def __init__(self, host: WalkHost) -> None:
        self.host = host
        self.library: ScenarioLibrary | None = None
        self.sitting: Sitting | None = None
        self._waiting: list[Scenario] = []
        # Set by ``run --train`` (assistant/tui/launch.py): which scenarios, and who sits.
        self.choice: ScenarioChoice | None = None
        self.trainee = ""
        # The score screen, once shown: it knows whether the report was written.
        self._score: SittingScreen | None = None
        self._over = False

    def unsaved_results(self) -> bool:
        """Whether quitting now would lose results: scenarios walked, no report written yet."""
        if self.sitting is None or self._over or not self.sitting.results:
            return False
        return self._score is None or self._score.written is None

    def configure(self, choice: ScenarioChoice, trainee: str) -> None:
        self.choice = choice
        self.trainee = trainee

    def withheld(self, what: str) -> bool:
        """During a training walk, True (and a toast saying when it will be shown) for what
        would give the answer away: the matrix, a paragraph looked up, a search."""
        if self.host.training is None:
            return False
        self.host.notify(
            f"In training, {what} is shown after the comparison with the model answer.",
            title="Held back",
        )
        return True

    def start(self, tree_id: str, refs: list[str]) -> str | None:
        """Begin a sitting of the scenarios named (all of the tree's when none are): None, or
        the one line saying why it cannot begin."""
        from assistant.errors import InputError
        from assistant.scenarios import ScenarioLibrary
        from assistant.training import Sitting, trainable
        from assistant.training_select import choose

        self.library = library = ScenarioLibrary(self.host.catalogue)
        try:
            if refs:
                scenarios = [library.find(ref, tree_id) for ref in refs]
            else:
                scenarios = library.load_all(library.files(tree_id))
            if not scenarios:
                return f"✘ tree '{tree_id}' has no scenarios."
            if self.choice is not None and self.choice.any:
                scenarios = choose(scenarios, self.choice, library)
            checked = trainable(scenarios, library)
        except InputError as error:
            return f"✘ {error.problems[0]}"
        for line in checked.refused:
            self.host.notify(line, title="Scenario left out", severity="warning", timeout=10)
        scenarios = list(checked.scenarios)
        self.sitting = Sitting(scenarios, trainee=self.trainee)
        self._waiting = list(scenarios)
        self._next()
        return None

    def compare(self, result: TrainingResult) -> None:
        """A scenario's walk reached its outcome: record it and show the comparison."""
        from assistant.tui.screens.training import ComparisonScreen

        assert self.sitting is not None
        self.sitting.record(result)
        self.host.push_screen(ComparisonScreen(result, self.host.corpus), self._compared)

    def _next(self) -> None:
        from assistant.tui.screens.training import BriefingScreen, SittingScreen

        assert self.sitting is not None and self.library is not None
        if not self._waiting:
            self.host.training = None  # no scenario is being walked while the score is shown
            report = SittingScreen(self.sitting, self.host.corpus, delivery=self.host.delivery)
            self._score = report
            self.host.push_screen(report, self._closed)
            return
        scenario = self._waiting.pop(0)
        total = len(self.sitting.scenarios)
        number = total - len(self._waiting)
        tree = self.library.tree(scenario.tree_id)
        self.host.push_screen(
            BriefingScreen(
                scenario,
                tree,
                heading=f"Scenario {number} of {total}: {scenario.title}",
                sitting=self.sitting,
            ),
            lambda prediction: self._briefed(scenario, tree, prediction),
        )

    async def _briefed(self, scenario: Scenario, tree: Tree, prediction: Prediction | None) -> None:
        from assistant.training import TrainingRun

        if prediction is None:  # the trainee left the sitting
            self._waiting = []
            self._next()
            return
        run = TrainingRun(scenario, tree)
        run.predict(prediction.disposal, prediction.authorisers)
        await self.host.walk_scenario(run)

    def _compared(self, go_on: bool | None) -> None:
        if not go_on:
            self._waiting = []
        self._next()

    async def _closed(self, path: Path | None) -> None:
        self._over = True
        await self.host.end_training()
