"""``ask --train``: a training sitting in plain text (the Trainer and Conversation of
:mod:`assistant.commands.ask` ask the questions; :mod:`assistant.training` judges)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.commands import train_options
from assistant.errors import InputError


def sitting_scenarios(library: Any, refs: list[str], tree_id: str | None, choice: Any) -> list[Any]:
    """The scenarios named (or every scenario of the tree), narrowed by the trainer's choice."""
    from assistant.training_select import choose

    if refs:
        scenarios = [library.find(reference, tree_id) for reference in refs]
    else:
        assert tree_id is not None
        scenarios = library.load_all(library.files(tree_id))
        if not scenarios:
            raise InputError(
                f"tree '{tree_id}' has no scenarios: add them to trees/scenarios/{tree_id}/"
            )
    return choose(scenarios, choice, library) if choice.any else scenarios


def train(args: argparse.Namespace, catalogue: Any) -> int:
    """A training sitting; exit 0 when every scenario was finished, 1 when it was cut short."""
    from assistant.commands.ask import Trainer, choose_tree
    from assistant.safefile import refuse_existing, write_private
    from assistant.scenarios import ScenarioLibrary
    from assistant.training import Sitting, TrainingRun, summary_lines, trainable
    from assistant.training_report import report_text

    if args.answers or args.json or args.save_scenario or args.export:
        raise InputError(
            "ask: --train cannot be combined with --answers, --json, --save-scenario or "
            "--export: run the training on its own"
        )
    name = train_options.trainee(args)
    choice = train_options.scenario_choice(args)
    report = Path(args.train_report) if args.train_report else None
    if report is not None:
        refuse_existing(report, args.force, how="choose another name or add --force")
    library = ScenarioLibrary(catalogue)
    tree_id = args.tree
    if not args.train:
        tree_id = args.tree or choose_tree(catalogue, sys.stdin, sys.stdout)
        if tree_id is None:
            return 1
    checked = trainable(sitting_scenarios(library, args.train, tree_id, choice), library)
    for line in checked.refused:
        print(f"cr-assistant: warning: {line}", file=sys.stderr)
    scenarios = list(checked.scenarios)
    sitting = Sitting(scenarios, trainee=name)
    trainer = Trainer(library, sys.stdin, sys.stdout)
    trainer.say(
        f"Training{f' for {name}' if name else ''}: {len(scenarios)} "
        f"scenario{'s' if len(scenarios) > 1 else ''}. Answer as you would on duty; each "
        "question's paragraph is shown once you have answered it."
    )
    for number, scenario in enumerate(scenarios, start=1):
        run = TrainingRun(scenario, library.tree(scenario.tree_id))
        if not trainer.take(run, number, len(scenarios)):
            break
        result = run.result()
        sitting.record(result)
        trainer.show_comparison(result)
    trainer.say()
    for line in summary_lines(sitting.summary()):
        trainer.say(line)
    if report is not None and sitting.results:
        write_private(report, report_text(sitting, library.corpus), overwrite=args.force)
        trainer.say(f"Report written to {report} (readable by you only)")
    elif report is not None:
        trainer.say(f"No scenario was completed, so no report was written to {report}")
    return 0 if sitting.complete else 1
