"""Replay scenarios through their tree and compare the result with what the SOP says."""

from __future__ import annotations

import difflib
import time
from collections.abc import KeysView, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.corpus import Corpus
from assistant.engine.model import Tree
from assistant.engine.recommendation import Recommendation
from assistant.engine.session import build_recommendation
from assistant.errors import InputError, problem
from assistant.scenarios.load import load_scenario, model_walk
from assistant.scenarios.model import Divergence, Scenario, ScenarioResult

if TYPE_CHECKING:
    from assistant.catalogue import Catalogue


def replay(scenario: Scenario, tree: Tree) -> Recommendation:
    """The recommendation the tree gives on the scenario's model answers."""
    steps, outcome = model_walk(tree, scenario.answer_map)
    return build_recommendation(tree, steps, outcome, None)


def check(scenario: Scenario, tree: Tree, corpus: Corpus) -> ScenarioResult:
    rec = replay(scenario, tree)
    return compare(scenario, rec, corpus)


def compare(scenario: Scenario, rec: Recommendation, corpus: Corpus) -> ScenarioResult:
    expected = scenario.expected
    got = frozenset(role.id for role in rec.contact_roles)
    cited = {_canonical(c, corpus) for item in rec.obligations for c in item.cite}
    missing_obligations = tuple(c for c in expected.obligations if c not in cited)
    result = ScenarioResult(
        scenario=scenario,
        recommendation=rec,
        missing_authorisers=expected.authoriser_set - got,
        extra_authorisers=got - expected.authoriser_set,
        missing_obligations=missing_obligations,
        divergence=None,
    )
    if result.passed:
        return result
    return replace(result, divergence=first_divergence(result))


def _canonical(citation: str, corpus: Corpus) -> str:
    return corpus.resolve(citation).citation


def first_divergence(result: ScenarioResult) -> Divergence:
    """The earliest point on the model path where the tree parts from the expectation."""
    rec = result.recommendation
    expected = result.scenario.expected
    position = {step.question_id: number for number, step in enumerate(rec.path, start=1)}
    end = len(rec.path) + 1
    found: list[Divergence] = []
    if not result.disposal_ok and rec.path:
        last = rec.path[-1]
        found.append(
            Divergence(
                len(rec.path),
                last.question_id,
                f"{last.question_id} = '{last.answer}' leads to {rec.outcome_id} "
                f"({rec.disposal.id}); expected {expected.disposal}",
                rec.cite,
            )
        )
    for item in rec.authorisations:
        if item.role.id in result.extra_authorisers:
            step = next(s for s in rec.path if s.question_id == item.question)
            found.append(
                Divergence(
                    position[item.question],
                    item.question,
                    f"{item.question} = '{step.answer}' adds {item.role.id}, which is not expected",
                    item.cite,
                )
            )
            break
    if result.missing_authorisers:
        covered = {
            item.role.id: person.role.id
            for person in rec.people_to_contact
            for item in person.reasons
            if item.role.id != person.role.id
        }
        for role in (r for r in expected.authorisers if r in result.missing_authorisers):
            what = (
                f"{role}'s authorisation is given by {covered[role]}, a higher rank in the same "
                "chain: one line per person to contact"
                if role in covered
                else f"no answer on the path requires {role}"
            )
            found.append(Divergence(end, None, what))
            break
    if result.missing_obligations:
        found.append(
            Divergence(end, None, "no obligation cites " + ", ".join(result.missing_obligations))
        )
    return min(found, key=lambda item: item.step)


class ScenarioLibrary:
    """Scenario files of a catalogue's trees, loaded and checked on demand."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._trees: dict[str, Tree] = {}

    @property
    def corpus(self) -> Corpus:
        return self.catalogue.corpus

    # The TreeSource protocol, so scenario files can name any tree of the catalogue.
    def keys(self) -> KeysView[str]:
        return self.catalogue.tree_files.keys()

    def get(self, tree_id: str) -> Tree | None:
        if tree_id not in self.catalogue.tree_files:
            return None
        return self.tree(tree_id)

    def tree(self, tree_id: str) -> Tree:
        if tree_id not in self._trees:
            self._trees[tree_id] = self.catalogue.tree(tree_id)
        return self._trees[tree_id]

    def files(self, tree_id: str | None = None) -> list[Path]:
        """Every scenario file of one tree, or of every tree, in file-name order per folder."""
        tree_ids = [tree_id] if tree_id else list(self.catalogue.tree_files)
        if tree_id:
            self.catalogue.tree_path(tree_id)  # an unknown tree id is an error, not "no scenarios"
        return [
            path
            for each in tree_ids
            for folder in self.catalogue.scenario_folders(each)
            for path in sorted(folder.glob("*.toml"))
        ]

    def expand(self, targets: Sequence[str]) -> list[Path]:
        """Files and folders given on the command line, folders expanded to their .toml files."""
        paths: list[Path] = []
        for target in targets:
            path = Path(target)
            if path.is_dir():
                found = sorted(path.rglob("*.toml"))
                if not found:
                    raise InputError(
                        problem(
                            target,
                            "folder",
                            "holds no scenario files (*.toml)",
                            "give a scenario file or a folder of them",
                        )
                    )
                paths += found
            elif path.is_file():
                paths.append(path)
            else:
                raise InputError(
                    problem(
                        target,
                        "path",
                        "no such file or folder",
                        "give a scenario file or a folder of them",
                    )
                )
        return paths

    def load(self, path: Path) -> Scenario:
        return load_scenario(path, self, self.corpus)

    def load_all(self, paths: Sequence[Path]) -> list[Scenario]:
        """Load every file; if any is broken, raise with every problem of every file."""
        scenarios: list[Scenario] = []
        problems: list[str] = []
        for path in paths:
            try:
                scenarios.append(self.load(path))
            except InputError as error:
                problems.extend(error.problems)
        if problems:
            raise InputError(problems[0], problems)
        return scenarios

    def find(self, reference: str, tree_id: str | None = None) -> Scenario:
        """A scenario by file path or by id (its file name without .toml)."""
        path = Path(reference)
        if path.suffix == ".toml" and path.is_file():
            return self.load(path)
        files = self.files(tree_id)
        matches = [item for item in files if item.stem == reference]
        if len(matches) == 1:
            return self.load(matches[0])
        if len(matches) > 1:
            raise InputError(
                f"scenario '{reference}' is in several folders "
                f"({', '.join(str(m) for m in matches)}): give its path"
            )
        close = difflib.get_close_matches(reference, [item.stem for item in files], n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see `cr-assistant scenarios list`"
        raise InputError(f"unknown scenario '{reference}': {hint}")

    def check(self, scenario: Scenario) -> ScenarioResult:
        return check(scenario, self.tree(scenario.tree_id), self.corpus)


@dataclass(frozen=True)
class ReplayTiming:
    replays: int
    scenarios: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.replays} scenario replays ({self.scenarios} distinct) in "
            f"{self.seconds:.3f} s ({self.seconds / self.replays * 1e6:.0f} µs each)"
        )


def replay_many(count: int = 1000, catalogue: Catalogue | None = None) -> ReplayTiming:
    """Benchmark: replay and compare the shipped scenarios ``count`` times in all (files and
    trees loaded once, outside the timing)."""
    from assistant.catalogue import Catalogue

    library = ScenarioLibrary(catalogue or Catalogue())
    scenarios = library.load_all(library.files())
    if not scenarios:
        raise InputError("no scenarios to replay")
    trees = [library.tree(item.tree_id) for item in scenarios]
    corpus = library.corpus
    started = time.perf_counter()
    for number in range(count):
        index = number % len(scenarios)
        check(scenarios[index], trees[index], corpus)
    return ReplayTiming(count, len(scenarios), time.perf_counter() - started)
