"""A walk through a validated tree: one question at a time, with back, restart and change.

Answers are remembered by question id, so going back or changing an earlier answer keeps every
later answer that still applies as the pre-selected default (and reports the ones that no longer
apply): nothing the officer said is lost silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.engine.model import Answer, FactValue, Node, Tree, first_route
from assistant.engine.recommendation import (
    Obligation,
    PathStep,
    Recommendation,
    RequiredAuthorisation,
    Route,
    covering_readings,
    people_to_contact,
)
from assistant.errors import InputError


class AnswerError(InputError):
    """The officer's reply matches no offered answer (or more than one)."""


class SessionFinished(InputError):
    """An answer was given after the walk reached its outcome."""


@dataclass(frozen=True)
class Step:
    node: Node
    answer: Answer


class Session:
    def __init__(
        self, tree: Tree, offence_date: dt.date | None = None, today: dt.date | None = None
    ) -> None:
        self.tree = tree
        self.offence_date = offence_date
        # None means the real date when the result is made; tests pass a fixed one.
        self.today = today
        self.steps: list[Step] = []
        # Every answer the officer has given, by question id, kept across back and change.
        self.remembered: dict[str, str] = {}

    # -- where we are --------------------------------------------------------------------------
    @property
    def current(self) -> Node:
        return self.tree.nodes[self.steps[-1].answer.next] if self.steps else self.tree.start

    @property
    def finished(self) -> bool:
        return self.current.kind == "outcome"

    @property
    def facts(self) -> dict[str, FactValue]:
        facts: dict[str, FactValue] = {}
        for step in self.steps:
            facts.update(step.answer.sets)
        return facts

    def offered(self) -> tuple[Answer, ...]:
        return self.current.offered(self.facts)

    def default(self) -> int | None:
        """Position (0-based) of the remembered answer to this question, if still offered."""
        label = self.remembered.get(self.current.id)
        for position, answer in enumerate(self.offered()):
            if answer.label == label:
                return position
        return None

    # -- moving --------------------------------------------------------------------------------
    def answer(self, choice: int | str | Answer) -> Node:
        """Answer the current question by 1-based number, label (or its start) or Answer."""
        if self.finished:
            raise SessionFinished("the walk has reached its outcome: go back or restart")
        offered = self.offered()
        if isinstance(choice, Answer):
            if choice not in offered:
                raise AnswerError(f"'{choice.label}' is not an answer to this question")
            chosen = choice
        elif isinstance(choice, int):
            if not 1 <= choice <= len(offered):
                raise AnswerError(f"choose a number from 1 to {len(offered)}")
            chosen = offered[choice - 1]
        else:
            chosen = match_answer(offered, choice)
        node = self.current
        self.steps.append(Step(node, chosen))
        if node.kind == "question":
            self.remembered[node.id] = chosen.label
        return self.current

    def back(self) -> Node:
        """Undo the last answer (info acknowledgements are undone with the answer before)."""
        while self.steps:
            step = self.steps.pop()
            if step.node.kind == "question":
                break
        return self.current

    def restart(self) -> Node:
        self.steps.clear()
        self.remembered.clear()
        return self.current

    def change(self, question_id: str) -> list[str]:
        """Return to an earlier question, then walk on through remembered answers.

        Stops at the question being changed; returns nothing dropped yet (see :meth:`replay`).
        """
        for index, step in enumerate(self.steps):
            if step.node.id == question_id:
                del self.steps[index:]
                return []
        raise InputError(f"'{question_id}' is not a question on the current path")

    def replay(self) -> list[str]:
        """Walk forward through remembered answers as far as they still apply.

        Returns the ids of questions whose remembered answers are no longer on the path
        (dropped), so the interface can say so. Stops at the first question without one.
        """
        while not self.finished:
            node = self.current
            if node.kind == "info":
                self.answer(node.answers[0])
                continue
            position = self.default()
            if position is None:
                break
            self.answer(position + 1)
        on_path = {step.node.id for step in self.steps}
        dropped = [question for question in self.remembered if question not in on_path]
        for question in dropped:
            if question != self.current.id:
                del self.remembered[question]
        return [question for question in dropped if question != self.current.id]

    # -- the result ------------------------------------------------------------------------------
    def recommendation(self) -> Recommendation:
        if not self.finished:
            raise InputError("the walk has not reached an outcome yet")
        return build_recommendation(
            self.tree, self.steps, self.current, self.offence_date, self.today or dt.date.today()
        )


def match_answer(offered: tuple[Answer, ...], text: str) -> Answer:
    """A number, the start of a label, or (only when unambiguous) a close spelling."""
    reply = text.strip()
    if not reply:
        raise AnswerError("type a number or the start of an answer")
    if reply.isdigit() and 1 <= int(reply) <= len(offered):
        return offered[int(reply) - 1]
    folded = reply.casefold()
    exact = [answer for answer in offered if answer.label.casefold() == folded]
    if exact:
        return exact[0]
    starts = [answer for answer in offered if answer.label.casefold().startswith(folded)]
    if len(starts) == 1:
        return starts[0]
    if len(starts) > 1:
        options = "; ".join(answer.label for answer in starts)
        raise AnswerError(f"'{reply}' could be any of: {options}: type more of the answer")
    import difflib  # only for a typed answer that matches no label exactly

    labels = {answer.label.casefold(): answer for answer in offered}
    close = difflib.get_close_matches(folded, list(labels), n=2, cutoff=0.75)
    if len(close) == 1:
        return labels[close[0]]
    if reply.isdigit():
        raise AnswerError(f"choose a number from 1 to {len(offered)}")
    raise AnswerError(f"'{reply}' is not one of the answers: type its number (1-{len(offered)})")


def _required(
    tree: Tree, step: Step, facts: dict[str, FactValue]
) -> Iterator[RequiredAuthorisation]:
    """The authorisations an answer calls for, given the facts after it."""
    for rule in step.answer.authorise:
        if rule.when.holds(facts):
            yield RequiredAuthorisation(tree.roles[rule.role], rule.reason, rule.cite, step.node.id)


def authorisations_so_far(tree: Tree, steps: list[Step]) -> tuple[RequiredAuthorisation, ...]:
    """What the answers given so far call for, the same way the result collects them; the
    final word is the recommendation."""
    facts: dict[str, FactValue] = {}
    found: list[RequiredAuthorisation] = []
    for step in steps:
        facts.update(step.answer.sets)
        found.extend(_required(tree, step, facts))
    return _rank_order(_unique(found))


def build_recommendation(
    tree: Tree,
    steps: list[Step],
    outcome: Node,
    offence_date: dt.date | None,
    today: dt.date | None = None,
) -> Recommendation:
    facts: dict[str, FactValue] = {}
    authorisations: list[RequiredAuthorisation] = []
    obligations: list[Obligation] = []
    reading_ids: list[str] = []
    path: list[PathStep] = []
    for step in steps:
        facts.update(step.answer.sets)
        authorisations.extend(_required(tree, step, facts))
        obligations.extend(
            Obligation(rule.text, rule.cite, rule.warning)
            for rule in step.answer.obligations
            if rule.when.holds(facts)
        )
        reading_ids.extend(step.answer.readings)
        if step.node.kind == "question":
            path.append(
                PathStep(
                    step.node.id,
                    step.node.text,
                    step.answer.label,
                    step.node.cite,
                    step.answer.explain,
                )
            )
    is_cr = tree.disposals[outcome.disposal].is_cr
    if is_cr:
        obligations.extend(
            Obligation(rule.text, rule.cite, rule.warning)
            for rule in outcome.obligations
            if rule.when.holds(facts)
        )
        record = tree.meta.authorisation_record
        if authorisations and record is not None:
            obligations.append(Obligation(record.text, record.cite, record.warning))
    else:
        # A case that is not a CR keeps only what the outcome itself says must be done, and the
        # readings of the answer that decided it.
        obligations = [
            Obligation(rule.text, rule.cite, rule.warning)
            for rule in outcome.obligations
            if rule.when.holds(facts)
        ]
        authorisations = []
        reading_ids = list(steps[-1].answer.readings) if steps else []
    reading_ids.extend(outcome.readings)
    required = _rank_order(_unique(authorisations))
    # A higher rank covering a lower one rests on a reading: show it (Readings 1).
    reading_ids.extend(covering_readings(people_to_contact(required), tree.meta.chains))
    disposal = tree.disposals[outcome.disposal]
    chosen = first_route(outcome.routes, facts) or first_route(disposal.routes, facts)
    route = Route(chosen.text, chosen.cite) if chosen else Route(disposal.label)
    reading_ids.extend(chosen.readings if chosen else ())
    readings = tuple(tree.readings[r] for r in dict.fromkeys(reading_ids))
    applies = bool(is_cr and tree.meta.completion_weeks and tree.meta.completion_when.holds(facts))
    completion = None
    if applies and offence_date is not None and tree.meta.completion_weeks:
        completion = offence_date + dt.timedelta(weeks=tree.meta.completion_weeks)
    return Recommendation(
        tree_id=tree.id,
        tree_title=tree.meta.title,
        force=tree.meta.force,
        outcome_id=outcome.id,
        title=outcome.title,
        explanation=outcome.text,
        disposal=disposal,
        route=route,
        authorisations=required,
        obligations=tuple({item.text: item for item in obligations}.values()),
        readings=readings,
        path=tuple(path),
        facts=tuple(facts.items()),
        cite=outcome.cite,
        ask=tree.roles.get(tree.meta.contact_role) if readings else None,
        offence_date=offence_date,
        completion_date=completion,
        completion_cite=tree.meta.completion_cite if completion else (),
        completion_applies=applies,
        today=today,
        passed_title=tree.meta.completion_passed_title,
    )


def _unique(items: list[RequiredAuthorisation]) -> list[RequiredAuthorisation]:
    seen: dict[tuple[str, str], RequiredAuthorisation] = {}
    for item in items:
        seen.setdefault((item.role.id, item.reason), item)
    return list(seen.values())


def _rank_order(items: list[RequiredAuthorisation]) -> tuple[RequiredAuthorisation, ...]:
    # Highest rank first; the order the rules fired in breaks ties.
    return tuple(sorted(items, key=lambda item: -item.role.rank))
