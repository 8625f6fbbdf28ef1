"""A walk through a validated tree: one question at a time, with back, restart and change.

Answers are remembered by question id, so going back or changing an earlier answer keeps every
later answer that still applies as the pre-selected default (and reports the ones that no longer
apply): nothing the officer said is lost silently.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.engine.model import Answer, FactValue, Node, ObligationRule, Tree, first_route
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


def _options(labels: Iterable[str]) -> str:
    return "; ".join(labels)


def _shown(reply: str) -> str:
    """A reply as an error message repeats it: long replies cut, so the line stays one line."""
    return reply if len(reply) <= 40 else reply[:40] + "…"


# The earliest offence date taken: older dates are typing slips (and no procedure here is that
# old); later than today is a date that has not happened. README "Hostile input" names it.
EARLIEST_OFFENCE_DATE = dt.date(2000, 1, 1)


def offence_date(text: str, today: dt.date | None = None) -> dt.date:
    """The offence date ``text`` (YYYY-MM-DD) names, from 1 January 2000 to ``today``;
    InputError (one line) for anything else."""
    today = today or dt.date.today()
    try:
        date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"'{_shown(text)}' is not a date: write it as YYYY-MM-DD") from None
    if date > today:
        raise InputError(
            f"{date.isoformat()} is after today ({today.isoformat()}): "
            "give the date the offence was committed"
        )
    if date < EARLIEST_OFFENCE_DATE:
        raise InputError(
            f"{date.isoformat()} is before {EARLIEST_OFFENCE_DATE.isoformat()}, the earliest "
            "offence date taken: check the year"
        )
    return date


def whole_number(text: str) -> int | None:
    """The number ``text`` is, in ASCII digits only and at most nine of them ("²", "①" and
    "١" are not numbers here, and a 5,000-digit reply is no answer number); else None."""
    return int(text) if _NUMBER.fullmatch(text) else None


class AmbiguousAnswer(AnswerError):
    """The reply fits several answers; nothing was chosen."""

    def __init__(self, reply: str, candidates: tuple[str, ...]) -> None:
        self.reply = reply
        self.candidates = candidates
        super().__init__(
            f"'{_shown(reply)}' could be any of: {_options(candidates)}: type more of the answer"
        )


class UnknownAnswer(AnswerError):
    """Words that fit no answer (in the TUI they may be a question for the guidance)."""

    def __init__(self, reply: str, offered: tuple[Answer, ...]) -> None:
        self.reply = reply
        numbered = _options(f"{n}. {answer.label}" for n, answer in enumerate(offered, start=1))
        super().__init__(
            f"'{_shown(reply)}' is not one of the answers: type its number or the start of one of: "
            f"{numbered}"
        )


class UnknownNumber(AnswerError):
    """A number that is neither an answer's position nor the number a label begins with."""

    def __init__(self, reply: str, offered: tuple[Answer, ...]) -> None:
        self.reply = reply
        numbered = _options(f"{n}. {answer.label}" for n, answer in enumerate(offered, start=1))
        super().__init__(f"'{_shown(reply)}' is not an answer number: choose one of: {numbered}")


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
        # Every answer the officer has given (its id), by question id, kept across back and
        # change.
        self.remembered: dict[str, str] = {}
        # Names this case (random, never derived from it) until a restart begins another: a
        # decision record is kept per case, so a changed answer replaces the case's record.
        self.case_id = uuid.uuid4().hex

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
        answer_id = self.remembered.get(self.current.id)
        for position, answer in enumerate(self.offered()):
            if answer.id == answer_id:
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
            self.remembered[node.id] = chosen.id
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
        self.case_id = uuid.uuid4().hex
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
    """The answer a typed reply means, or an error naming the options; never a guess.

    In order: the whole label; a number that is a label's own number ("3" is the gravity
    score 3, wherever it stands); a number as the answer's position; the start of exactly one
    label; one close spelling. Case and spacing do not count.
    """
    reply = " ".join(text.split())
    if not reply:
        raise AnswerError("type a number or the start of an answer")
    folded = reply.casefold()
    labels = [" ".join(answer.label.split()).casefold() for answer in offered]
    exact = [answer for answer, label in zip(offered, labels, strict=True) if label == folded]
    if exact:
        return exact[0]
    number = whole_number(reply)
    if number is not None:
        return _numbered(offered, reply, number)
    starts = [
        answer for answer, label in zip(offered, labels, strict=True) if label.startswith(folded)
    ]
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise AmbiguousAnswer(reply, tuple(answer.label for answer in starts))
    import difflib  # only for a typed answer that matches no label exactly

    close = difflib.get_close_matches(folded, labels, n=2, cutoff=0.75)
    if len(close) == 1:
        return offered[labels.index(close[0])]
    raise UnknownAnswer(reply, offered)


def leading_number(label: str) -> int | None:
    """The number a label begins with ("18 or over" -> 18, "4 (charge)" -> 4), if any."""
    found = _LEADING_NUMBER.match(label)
    return int(found[1]) if found else None


def number_key_answers(offered: tuple[Answer, ...]) -> bool:
    """Whether one digit key is a whole reply: no label begins with a digit and there are
    fewer than ten answers, so the digit cannot be the start of a longer one ("18", "10")."""
    return len(offered) < 10 and not any(
        whole_number(answer.label.lstrip()[:1]) is not None for answer in offered
    )


def _numbered(offered: tuple[Answer, ...], reply: str, number: int) -> Answer:
    labelled = [answer for answer in offered if leading_number(answer.label) == number]
    if len(labelled) == 1:
        return labelled[0]
    if labelled:
        raise AmbiguousAnswer(reply, tuple(answer.label for answer in labelled))
    if 1 <= number <= len(offered):
        return offered[number - 1]
    raise UnknownNumber(reply, offered)


# ASCII digits only (\d and str.isdigit take "²" and "①", which int() then refuses), and few
# enough that int() never meets Python's limit on long numbers.
_NUMBER = re.compile(r"[0-9]{1,9}")
# Digits ending at a space, a bracket or the end: "3rd" and "2.5" do not begin with a number.
_LEADING_NUMBER = re.compile(r"\s*([0-9]{1,9})(?![\w.,])")


def _required(
    tree: Tree, step: Step, facts: dict[str, FactValue]
) -> Iterator[tuple[RequiredAuthorisation, tuple[str, ...]]]:
    """The authorisations an answer calls for, given the facts after it, each with the
    readings it rests on."""
    for rule in step.answer.authorise:
        if rule.when.holds(facts):
            required = RequiredAuthorisation(
                tree.roles[rule.role], rule.reason, rule.cite, step.node.id
            )
            yield required, rule.readings


def _completion(
    tree: Tree, steps: list[Step], outcome: Node, offence_date: dt.date | None
) -> tuple[bool, dt.date | None]:
    """Whether the tree's completion limit applies to this result (a CR whose facts meet its
    `when`), and the latest completion date when the offence date is known."""
    facts: dict[str, FactValue] = {}
    for step in steps:
        facts.update(step.answer.sets)
    weeks = tree.meta.completion_weeks
    is_cr = tree.disposals[outcome.disposal].is_cr
    applies = bool(is_cr and weeks and tree.meta.completion_when.holds(facts))
    if not applies or offence_date is None or not weeks:
        return applies, None
    return applies, offence_date + dt.timedelta(weeks=weeks)


def authorisations_so_far(tree: Tree, steps: list[Step]) -> tuple[RequiredAuthorisation, ...]:
    """What the answers given so far call for, the same way the result collects them; the
    final word is the recommendation."""
    facts: dict[str, FactValue] = {}
    found: list[RequiredAuthorisation] = []
    for step in steps:
        facts.update(step.answer.sets)
        found.extend(needed for needed, _ in _required(tree, step, facts))
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
    applies, completion = _completion(tree, steps, outcome, offence_date)
    out_of_time = completion is not None and today is not None and completion < today
    limit = tree.meta.completion_when

    def due(rule: ObligationRule, facts: dict[str, FactValue]) -> bool:
        # Once the completion limit has passed, the duties of what it governs (those guarded
        # by its own facts, such as a deferred outcome's timescale) no longer apply.
        return rule.when.holds(facts) and not (out_of_time and rule.when.covers(limit))

    for step in steps:
        facts.update(step.answer.sets)
        for needed, rests_on in _required(tree, step, facts):
            authorisations.append(needed)
            reading_ids.extend(rests_on)
        obligations.extend(
            Obligation(rule.text, rule.cite, rule.warning)
            for rule in step.answer.obligations
            if due(rule, facts)
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
                    step.answer.id,
                )
            )
    is_cr = tree.disposals[outcome.disposal].is_cr
    if is_cr:
        obligations.extend(
            Obligation(rule.text, rule.cite, rule.warning)
            for rule in outcome.obligations
            if due(rule, facts)
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
