"""A scenario as typed data: the story, the model answers and what the SOP says should follow."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.engine.recommendation import Recommendation


@dataclass(frozen=True)
class TeachingNote:
    text: str
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Expectation:
    """What a reader of the SOP expects: the disposal and exactly who must authorise it."""

    disposal: str
    # Role ids, highest rank first; compared as a set (the exact set must match).
    authorisers: tuple[str, ...]
    # Citations (canonical, e.g. "O32g 4.1.1") that must appear among the obligations.
    obligations: tuple[str, ...] = ()

    @property
    def authoriser_set(self) -> frozenset[str]:
        return frozenset(self.authorisers)


@dataclass(frozen=True)
class Scenario:
    id: str
    path: Path
    title: str
    narrative: str
    tree_id: str
    # Model answers, question id -> answer id, in the order the walk asks them.
    answers: tuple[tuple[str, str], ...]
    expected: Expectation
    notes: tuple[TeachingNote, ...] = ()
    # The same answers by label, as the tree words them now: what a trainee types or sees.
    labels: tuple[tuple[str, str], ...] = ()
    # Shown after the comparison; it may name the answer, which ``title`` must not.
    teaching_title: str = ""
    # Topics a trainer chooses scenarios by (``--tag``); lower case, hyphenated.
    tags: tuple[str, ...] = ()

    @property
    def title_after(self) -> str:
        """The title once the answer is known."""
        return self.teaching_title or self.title

    @property
    def answer_map(self) -> dict[str, str]:
        return dict(self.answers)

    @property
    def has_placeholders(self) -> bool:
        """Saved from a walk and not yet written up by a trainer."""
        return "TODO" in self.title or "TODO" in self.narrative


@dataclass(frozen=True)
class Divergence:
    """Where the tree's result first parts from the expectation, in words and a paragraph."""

    step: int  # 1-based question number on the model path; len(path) + 1 for "at the end"
    question_id: str | None
    text: str
    cite: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    recommendation: Recommendation
    missing_authorisers: frozenset[str]
    extra_authorisers: frozenset[str]
    missing_obligations: tuple[str, ...]
    divergence: Divergence | None

    @property
    def got_authorisers(self) -> frozenset[str]:
        return frozenset(role.id for role in self.recommendation.contact_roles)

    @property
    def disposal_ok(self) -> bool:
        return self.recommendation.disposal.id == self.scenario.expected.disposal

    @property
    def authorisers_ok(self) -> bool:
        return not self.missing_authorisers and not self.extra_authorisers

    @property
    def passed(self) -> bool:
        return self.disposal_ok and self.authorisers_ok and not self.missing_obligations
