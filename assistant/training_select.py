"""Choosing the scenarios of a sitting: by tag, by the outcome they lead to, by a paragraph
they turn on, and a random set of them. A trainer chooses; the trainee never sees why.

Within one kind the choices are alternatives (``--tag youth --tag drugs``: either); across
kinds all must hold (``--tag youth --outcome prosecution``: both).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.errors import InputError
from assistant.scenarios import Scenario, ScenarioLibrary, replay


@dataclass(frozen=True)
class ScenarioChoice:
    tags: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    random: int | None = None  # this many, chosen at random, in a random order
    seed: int | None = None  # the same seed gives the same set (one set for a whole class)

    @property
    def any(self) -> bool:
        return bool(self.tags or self.outcomes or self.paragraphs or self.random is not None)

    def describe(self) -> str:
        parts = [f"--tag {tag}" for tag in self.tags]
        parts += [f"--outcome {outcome}" for outcome in self.outcomes]
        parts += [f"--paragraph {paragraph}" for paragraph in self.paragraphs]
        return " ".join(parts)


def _outcome_ids(words: str, library: ScenarioLibrary, scenarios: Sequence[Scenario]) -> set[str]:
    """Disposal ids of the scenarios' trees that ``words`` names, by id or by label."""
    wanted = words.strip().lower().replace("-", "_").replace(" ", "_")
    found: set[str] = set()
    known: set[str] = set()
    for tree_id in {scenario.tree_id for scenario in scenarios}:
        for disposal in library.tree(tree_id).disposals.values():
            known.add(disposal.id)
            label = disposal.label.lower().replace(" ", "_")
            if wanted in (disposal.id, label):
                found.add(disposal.id)
    if not found:
        raise InputError(
            f"--outcome '{words[:40]}' is no outcome of these scenarios' trees: use one of "
            + ", ".join(sorted(known))
        )
    return found


def _paragraph_cites(scenario: Scenario, library: ScenarioLibrary) -> set[str]:
    """The paragraphs the scenario turns on: the rules its model answers trigger (not the
    obligations every case has), the outcome's own, and its teaching notes'."""
    from assistant.explain import explain

    tree = library.tree(scenario.tree_id)
    rec = replay(scenario, tree)
    cites = {c for line in explain(rec, tree) if line.kind != "obligation" for c in line.cite}
    cites |= set(rec.cite)
    cites |= {cite for note in scenario.notes for cite in note.cite}
    return {library.corpus.resolve(cite).citation for cite in cites}


def choose(
    scenarios: Sequence[Scenario], choice: ScenarioChoice, library: ScenarioLibrary
) -> list[Scenario]:
    """The scenarios the choice selects, in file order (or at random with ``random``);
    InputError (one line) when none is left or a choice names nothing."""
    chosen = list(scenarios)
    if choice.tags:
        wanted = {tag.lower() for tag in choice.tags}
        chosen = [scenario for scenario in chosen if wanted & set(scenario.tags)]
    if choice.outcomes:
        ids: set[str] = set()
        for words in choice.outcomes:
            ids |= _outcome_ids(words, library, scenarios)
        chosen = [scenario for scenario in chosen if scenario.expected.disposal in ids]
    if choice.paragraphs:
        default = library.tree(scenarios[0].tree_id).meta.primary_document if scenarios else None
        cites = {library.corpus.resolve(text, default).citation for text in choice.paragraphs}
        chosen = [s for s in chosen if cites & _paragraph_cites(s, library)]
    if not chosen:
        tags = sorted({tag for scenario in scenarios for tag in scenario.tags})
        raise InputError(
            f"no scenario matches {choice.describe()}: choose again"
            + (f" (the tags are {', '.join(tags)})" if tags and choice.tags else "")
        )
    if choice.random is not None:
        if choice.random < 1:
            raise InputError("--random needs a number of scenarios, 1 or more")
        picker = random.Random(choice.seed)
        chosen = picker.sample(chosen, min(choice.random, len(chosen)))
    return chosen
