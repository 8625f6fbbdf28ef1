"""Why the assistant decided as it did: each deciding answer, the rule it triggered, its paragraph.

Built from the recommendation's path and the tree's rules, the same way the engine builds the
recommendation (guards checked against the facts set so far; a case that ends without a CR keeps
only the exclusion and its readings), so a supervisor can check the reasoning line by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.engine import Recommendation, Tree
from assistant.engine.model import Answer, FactValue, Node, Role
from assistant.engine.recommendation import coverings
from assistant.presentation import GUIDANCE

RuleKind = Literal["authorisation", "obligation", "exclusion", "reading"]


@dataclass(frozen=True)
class ExplanationLine:
    question_id: str
    question: str
    answer: str
    kind: RuleKind
    text: str  # the rule in plain English
    cite: tuple[str, ...]

    @property
    def sentence(self) -> str:
        return f'"{self.answer}" ({self.question_id}): {self.text}'


def explain(recommendation: Recommendation, tree: Tree) -> list[ExplanationLine]:
    facts: dict[str, FactValue] = {}
    lines: list[ExplanationLine] = []
    kept = {duty.text for duty in recommendation.obligations}
    given_by = _covered_by(recommendation)
    steps = [(tree.nodes[step.question_id], step.answer) for step in recommendation.path]
    here = tree.start
    for position, (node, label) in enumerate(steps):
        # The path lists questions only: pass the info nodes before this one as the engine did,
        # so the facts they set hold here too.
        while here.kind == "info" and here.answers and here.id != node.id:
            passed = (here.offered(facts) or here.answers)[0]
            facts.update(passed.sets)
            here = tree.nodes[passed.next]
        answer = _given(node, label, facts)
        if answer is None:
            continue  # the tree changed since the recommendation was made
        facts.update(answer.sets)
        here = tree.nodes[answer.next]
        last = position == len(steps) - 1
        if recommendation.is_cr:
            lines += _rules(node, answer, facts, tree, kept, given_by)
        elif last:
            lines.append(_exclusion(node, answer, recommendation))
        if recommendation.is_cr or last:
            lines += _reading_lines(node, answer, tree, answer.readings)
    _covering(recommendation, tree, lines)
    if steps:
        # The outcome's and its route's readings (and any other the result rests on) go under
        # the deciding answer, so Why lists every reading the result shows.
        node, label = steps[-1]
        shown = {line.text for line in lines if line.kind == "reading"}
        for reading in recommendation.readings:
            text = f"Reading taken where {GUIDANCE} is silent or unclear: {reading.text}"
            if text not in shown:
                lines.append(
                    ExplanationLine(node.id, node.text, label, "reading", text, reading.cite)
                )
    return lines


# (question id, role id, reason) of an authorisation -> the higher rank who gives it.
CoveredBy = dict[tuple[str, str, str], Role]


def _covered_by(rec: Recommendation) -> CoveredBy:
    """Each authorisation a higher rank of the same chain gives, and that person's role: Why
    names the person the officer contacts, never a lower rank they need not call."""
    return {
        (item.question, item.role.id, item.reason): person.role
        for person in rec.people_to_contact
        for item in person.covers
    }


def _covering(rec: Recommendation, tree: Tree, lines: list[ExplanationLine]) -> None:
    """Where a higher rank covers a lower one, the chain's reading (one the recommendation
    shows) goes under the answer that asked for the lower rank (the last one, when several did)."""
    shown = {reading.id: reading for reading in rec.readings}
    for item in coverings(rec.people_to_contact, tree.meta.chains):
        reading = shown.get(item.reading)
        if reading is None:
            continue
        covered = {(reason.question, reason.cite) for reason in item.person.covers}
        at = [
            index
            for index, line in enumerate(lines)
            if line.kind == "authorisation" and (line.question_id, line.cite) in covered
        ]
        text = f"Reading taken where {GUIDANCE} is silent or unclear: {reading.text}"
        if not at or any(line.text == text for line in lines):
            continue
        asked = lines[at[-1]]
        lines.insert(
            at[-1] + 1,
            ExplanationLine(
                asked.question_id, asked.question, asked.answer, "reading", text, reading.cite
            ),
        )


def _reading_lines(
    node: Node, answer: Answer, tree: Tree, readings: tuple[str, ...]
) -> list[ExplanationLine]:
    return [
        ExplanationLine(
            node.id,
            node.text,
            answer.label,
            "reading",
            f"Reading taken where {GUIDANCE} is silent or unclear: {reading.text}",
            reading.cite,
        )
        for reading in (tree.readings[r] for r in readings)
    ]


def _given(node: Node, label: str, facts: dict[str, FactValue]) -> Answer | None:
    return next((a for a in node.offered(facts) if a.label == label), None)


def _rules(
    node: Node,
    answer: Answer,
    facts: dict[str, FactValue],
    tree: Tree,
    kept: set[str],
    given_by: CoveredBy,
) -> list[ExplanationLine]:
    lines = []
    for rule in answer.authorise:
        if rule.when.holds(facts):
            role = tree.roles[rule.role]
            cover = given_by.get((node.id, role.id, rule.reason))
            who = (
                f"the {role.name}"
                if cover is None
                else f"the {role.name} or above, given by the {cover.name} you contact"
            )
            lines.append(
                ExplanationLine(
                    node.id,
                    node.text,
                    answer.label,
                    "authorisation",
                    f"Authorisation required from {who}: {rule.reason}",
                    rule.cite,
                )
            )
            lines += _reading_lines(node, answer, tree, rule.readings)
    for duty in answer.obligations:
        # Only duties the result keeps (a passed completion limit drops a deferred outcome's).
        if duty.when.holds(facts) and duty.text in kept:
            lines.append(
                ExplanationLine(
                    node.id, node.text, answer.label, "obligation", f"Must: {duty.text}", duty.cite
                )
            )
    return lines


def _exclusion(node: Node, answer: Answer, rec: Recommendation) -> ExplanationLine:
    """The deciding answer of a result that is not a CR, in the verdict's own words (the
    disposal and the headline the result opens with, never a generic "No Community Resolution":
    Suffolk's Level 3 is a tier of its scheme, and below the age of criminal responsibility there
    is no criminal-justice outcome at all), then why."""
    why = answer.explain or rec.explanation
    verdict = f"{rec.disposal_label}: {rec.headline}"
    return ExplanationLine(
        node.id,
        node.text,
        answer.label,
        "exclusion",
        f"{verdict}. {why}" if why else verdict,
        rec.cite or node.cite,
    )


@dataclass(frozen=True)
class ExplainedAnswer:
    """One deciding answer and what it triggered, in the words every rendering shows: its rules
    in full, its duties counted (the checklist lists them), its readings referred to."""

    question_id: str
    question: str
    answer: str
    summaries: tuple[tuple[str, tuple[str, ...]], ...]  # (text, paragraphs)


def explained_answers(recommendation: Recommendation, tree: Tree) -> list[ExplainedAnswer]:
    """The explanation grouped by answer: each deciding answer once, its rules under it."""
    return [
        ExplainedAnswer(question_id, question, answer, _summaries(lines))
        for (question_id, question, answer), lines in _by_answer(explain(recommendation, tree))
    ]


def _by_answer(
    lines: list[ExplanationLine],
) -> list[tuple[tuple[str, str, str], list[ExplanationLine]]]:
    groups: dict[tuple[str, str, str], list[ExplanationLine]] = {}
    for line in lines:
        groups.setdefault((line.question_id, line.question, line.answer), []).append(line)
    return list(groups.items())


_COUNTED_WORDS = (
    (
        "reading",
        f"Rests on a reading where {GUIDANCE} is silent or unclear (see the readings)",
        f"Rests on {{}} readings where {GUIDANCE} is silent or unclear (see the readings)",
    ),
    ("obligation", "Adds a duty to the checklist", "Adds {} duties to the checklist"),
)
_COUNTED = {kind for kind, _, _ in _COUNTED_WORDS}


def _summaries(lines: list[ExplanationLine]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    summaries = [(line.text, line.cite) for line in lines if line.kind not in _COUNTED]
    # Readings and duties are listed in full elsewhere (the readings, the checklist): here each
    # kind is one counted line, not the same sentence once per reading.
    for kind, one, several in _COUNTED_WORDS:
        counted = [line for line in lines if line.kind == kind]
        if counted:
            cites = tuple(dict.fromkeys(cite for line in counted for cite in line.cite))
            summaries.append((one if len(counted) == 1 else several.format(len(counted)), cites))
    return tuple(summaries)
