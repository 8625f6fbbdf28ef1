"""How many paths pass through each answer of a tree, and one example of them, without walking
every path.

A walk's future depends only on its node and the live facts there (see
:mod:`assistant.engine.factstates`), so the tree's paths are a small graph of such states.
Counting the ways into each state (from the start) and the ways out of it (to an outcome) gives
the paths through any answer as a sum of products: Kent's 60,000 paths are a few hundred states.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.engine.factstates import STATE_LIMIT, FactState, TooManyFactStates, keep, live_facts
from assistant.engine.model import Answer, Tree
from assistant.engine.walk import StuckWalk

State = tuple[str, FactState]


@dataclass
class PathCounts:
    tree: Tree
    into: dict[State, int] = field(default_factory=dict)  # ways from the start to the state
    out: dict[State, int] = field(default_factory=dict)  # ways from the state to an outcome
    moves: dict[State, list[tuple[Answer, State]]] = field(default_factory=dict)
    # One way into each state: the state before it and the answer taken (None at the start).
    came_from: dict[State, tuple[State, Answer] | None] = field(default_factory=dict)

    @classmethod
    def of(cls, tree: Tree) -> PathCounts:
        """Raises StuckWalk where guards offer nothing, TooManyFactStates past the limit."""
        counts = cls(tree)
        counts._explore()
        return counts

    @property
    def start(self) -> State:
        return (self.tree.meta.start, ())

    @property
    def total(self) -> int:
        return self.out[self.start]

    def _explore(self) -> None:
        live = live_facts(self.tree)
        order: list[State] = []  # each state after every state it leads to (post-order)
        stack: list[tuple[State, bool]] = [(self.start, False)]
        seen: set[State] = set()
        while stack:
            state, done = stack.pop()
            if done:
                order.append(state)
                continue
            if state in seen:
                continue
            seen.add(state)
            if len(seen) > STATE_LIMIT:
                raise TooManyFactStates("counting the paths through each answer")
            node = self.tree.nodes[state[0]]
            facts = dict(state[1])
            moves: list[tuple[Answer, State]] = []
            if node.kind != "outcome":
                offered = node.offered(facts)
                if not offered:
                    raise StuckWalk(node.id, facts)
                for answer in offered:
                    set_now = {**facts, **dict(answer.sets)}
                    moves.append((answer, (answer.next, keep(set_now, live[answer.next]))))
            self.moves[state] = moves
            stack.append((state, True))
            stack.extend((after, False) for _, after in reversed(moves) if after not in seen)
        for state in order:
            moves = self.moves[state]
            self.out[state] = sum(self.out[after] for _, after in moves) if moves else 1
        self.into[self.start] = 1
        self.came_from[self.start] = None
        for state in reversed(order):  # every way into a state is counted before it is used
            for answer, after in self.moves[state]:
                self.into[after] = self.into.get(after, 0) + self.into[state]
                self.came_from.setdefault(after, (state, answer))

    def _states_at(self, node_id: str) -> list[State]:
        return [state for state in self.moves if state[0] == node_id]

    def through_node(self, node_id: str) -> int:
        return sum(self.into[state] * self.out[state] for state in self._states_at(node_id))

    def through_answer(self, node_id: str, label: str) -> int:
        return sum(
            self.into[state] * self.out[after]
            for state in self._states_at(node_id)
            for answer, after in self.moves[state]
            if answer.label == label
        )

    def examples(
        self, node_id: str, label: str | None = None, limit: int = 40
    ) -> list[tuple[str, ...]]:
        """Up to ``limit`` different paths through the node (and answer), as answer labels: a
        caller may then choose one that shows what it is looking for."""
        found: list[tuple[str, ...]] = []
        for state in self._states_at(node_id):
            prefix = self._labels_to(state)
            if not self.moves[state]:
                found.append(prefix)
            for answer, after in self.moves[state]:
                if label is not None and answer.label != label:
                    continue
                here = (answer.label,) if self.tree.nodes[node_id].kind == "question" else ()
                for suffix in self._suffixes(after, limit - len(found)):
                    found.append(prefix + here + suffix)
                if len(found) >= limit:
                    return found
        return found

    def _suffixes(self, state: State, limit: int) -> list[tuple[str, ...]]:
        """Up to ``limit`` ways from the state to an outcome, depth first."""
        out: list[tuple[str, ...]] = []
        stack: list[tuple[State, tuple[str, ...]]] = [(state, ())]
        while stack and len(out) < limit:
            here, labels = stack.pop()
            moves = self.moves[here]
            if not moves:
                out.append(labels)
                continue
            question = self.tree.nodes[here[0]].kind == "question"
            for answer, after in reversed(moves):
                stack.append((after, labels + ((answer.label,) if question else ())))
        return out

    def _labels_to(self, state: State) -> tuple[str, ...]:
        labels: list[str] = []
        step = self.came_from[state]
        while step is not None:
            before, answer = step
            if self.tree.nodes[before[0]].kind == "question":
                labels.append(answer.label)
            step = self.came_from[before]
        return tuple(reversed(labels))
