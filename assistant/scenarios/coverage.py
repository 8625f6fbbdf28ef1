"""Which outcomes, authorising roles and cited paragraphs of a tree the scenarios reach."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.corpus import Corpus
from assistant.coverage import citing_nodes
from assistant.engine.model import Tree
from assistant.engine.recommendation import Recommendation
from assistant.scenarios.model import ScenarioResult


@dataclass(frozen=True)
class ScenarioCoverage:
    tree: Tree
    scenarios: int
    # Each item of the tree -> the ids of the scenarios whose model path reaches it.
    outcomes: dict[str, list[str]]
    roles: dict[str, list[str]]
    paragraphs: dict[str, list[str]]

    @staticmethod
    def _missing(table: dict[str, list[str]]) -> list[str]:
        return [key for key, reached in table.items() if not reached]

    @property
    def missing_outcomes(self) -> list[str]:
        return self._missing(self.outcomes)

    @property
    def missing_roles(self) -> list[str]:
        return self._missing(self.roles)

    @property
    def missing_paragraphs(self) -> list[str]:
        return self._missing(self.paragraphs)

    def to_dict(self) -> dict[str, object]:
        return {
            "tree": self.tree.id,
            "scenarios": self.scenarios,
            "outcomes": self.outcomes,
            "roles": self.roles,
            "paragraphs": self.paragraphs,
            "missing": {
                "outcomes": self.missing_outcomes,
                "roles": self.missing_roles,
                "paragraphs": self.missing_paragraphs,
            },
        }


def reached_citations(rec: Recommendation, corpus: Corpus) -> set[str]:
    """Every paragraph the officer is shown on this result (path, rules, obligations, readings)."""
    cites = [*rec.cite, *rec.completion_cite]
    for step in rec.path:
        cites += step.cite
    for item in rec.authorisations:
        cites += item.cite
    for obligation in rec.obligations:
        cites += obligation.cite
    for reading in rec.readings:
        cites += reading.cite
    return {corpus.resolve(citation).citation for citation in cites}


def scenario_coverage(
    tree: Tree, corpus: Corpus, results: Sequence[ScenarioResult]
) -> ScenarioCoverage:
    outcomes: dict[str, list[str]] = {
        node.id: [] for node in tree.nodes.values() if node.kind == "outcome"
    }
    roles: dict[str, list[str]] = {role.id: [] for role in tree.roles_by_rank() if role.authorises}
    paragraphs: dict[str, list[str]] = {citation: [] for citation in citing_nodes(tree, corpus)}
    mine = [result for result in results if result.scenario.tree_id == tree.id]
    for result in mine:
        rec, scenario_id = result.recommendation, result.scenario.id
        outcomes[rec.outcome_id].append(scenario_id)
        for role in rec.authorising_roles:
            roles.setdefault(role.id, []).append(scenario_id)
        for citation in reached_citations(rec, corpus):
            if citation in paragraphs:
                paragraphs[citation].append(scenario_id)
    return ScenarioCoverage(tree, len(mine), outcomes, roles, paragraphs)
