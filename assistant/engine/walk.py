"""Every path through a tree, guards respected: for tests, regression artefacts, matrix and diff."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assistant.engine.factstates import STATE_LIMIT, FactState, TooManyFactStates, keep, live_facts
from assistant.engine.model import FactValue, Tree
from assistant.engine.recommendation import Recommendation
from assistant.engine.session import Step, build_recommendation


@dataclass(frozen=True)
class WalkedPath:
    """The answers taken (question id -> label) and where they lead."""

    answers: tuple[tuple[str, str], ...]
    recommendation: Recommendation
    # The same answers by id (question id -> answer id): what stays put when a label is
    # reworded.
    answer_ids: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        return " / ".join(f"{question}={label}" for question, label in self.answers)


class StuckWalk(Exception):
    """Guards left a question with no answer to offer."""

    def __init__(self, node_id: str, facts: dict[str, FactValue]) -> None:
        self.node_id = node_id
        self.facts = facts
        described = ", ".join(f"{k} = {v}" for k, v in facts.items()) or "no facts"
        super().__init__(f"node {node_id}: no answer is offered when {described}")


def walk_all(tree: Tree, limit: int | None = None) -> Iterator[WalkedPath]:
    """Depth-first over offered answers; raises StuckWalk where guards offer nothing."""
    stack: list[tuple[str, list[Step], dict[str, FactValue]]] = [(tree.meta.start, [], {})]
    produced = 0
    while stack:
        node_id, steps, facts = stack.pop()
        node = tree.nodes[node_id]
        if node.kind == "outcome":
            asked = [s for s in steps if s.node.kind == "question"]
            yield WalkedPath(
                tuple((s.node.id, s.answer.label) for s in asked),
                build_recommendation(tree, steps, node, None),
                tuple((s.node.id, s.answer.id) for s in asked),
            )
            produced += 1
            if limit is not None and produced >= limit:
                return
            continue
        offered = node.offered(facts)
        if not offered:
            raise StuckWalk(node_id, facts)
        for answer in reversed(offered):
            stack.append(
                (answer.next, [*steps, Step(node, answer)], {**facts, **dict(answer.sets)})
            )


def count_paths(tree: Tree) -> int:
    """How many paths lead to an outcome, counted without walking each one.

    A walk's future depends only on its node and the live facts there (those a guard at or
    after the node tests, see :mod:`assistant.engine.factstates`), so each such state is
    counted once, with Python's unbounded integers: a tree of 60 yes/no questions has 2**60
    paths but only 60 states. Raises StuckWalk where guards offer nothing, like
    :func:`walk_all`, and TooManyFactStates past the state limit. The tree must be validated
    (acyclic).
    """
    live = live_facts(tree)
    State = tuple[str, FactState]
    start: State = (tree.meta.start, ())
    counted: dict[State, int] = {}
    stack: list[tuple[State, bool]] = [(start, False)]
    while stack:
        state, expanded = stack.pop()
        if state in counted:
            continue
        node = tree.nodes[state[0]]
        if node.kind == "outcome":
            counted[state] = 1
            continue
        facts = dict(state[1])
        offered = node.offered(facts)
        if not offered:
            raise StuckWalk(node.id, facts)
        following: list[State] = [
            (answer.next, keep({**facts, **dict(answer.sets)}, live[answer.next]))
            for answer in offered
        ]
        if expanded:
            counted[state] = sum(counted[after] for after in following)
        else:
            if len(counted) + len(stack) > STATE_LIMIT:
                raise TooManyFactStates("counting the paths")
            stack.append((state, True))
            stack.extend((after, False) for after in reversed(following) if after not in counted)
    return counted[start]


def regression_lines(tree: Tree) -> list[str]:
    """Every path as an indented trie: ``question=answer-id``, one step a line.

    A path's shared beginning is written once; the last step of each path carries
    ``=> outcome [authorising role ids]``. Ids and outcomes only (no rendered prose, no answer
    positions), so the artefact changes only when what the assistant decides changes: not when
    a label is reworded or the answers are put in another order.
    """
    lines: list[str] = []
    previous: tuple[tuple[str, str], ...] = ()
    for path in walk_all(tree):
        taken = path.answer_ids
        shared = 0
        while shared < min(len(previous), len(taken)) and previous[shared] == taken[shared]:
            shared += 1
        for depth in range(shared, len(taken)):
            question, answer_id = taken[depth]
            line = f"{' ' * depth}{question}={answer_id}"
            if depth == len(taken) - 1:
                rec = path.recommendation
                roles = ",".join(role.id for role in rec.authorising_roles) or "-"
                line += f" => {rec.outcome_id} [{roles}]"
            lines.append(line)
        previous = taken
    return lines
