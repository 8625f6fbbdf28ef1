"""The facts that can still matter at each node, and the cap on fact states explored.

What a walk is offered depends only on the facts that answers' guards test (``when``), and from
a node on only on those tested at it or after it. Walks that differ in any other fact have the
same future, so counting and checking keep just these "live" facts: a chain of 40 questions that
each set a fact no guard reads has 40 states, not 2**40. Guards that do read many independent
facts can still need exponentially many states; past ``STATE_LIMIT`` the work stops with
:class:`TooManyFactStates` rather than run for hours or answer wrongly.
"""

from __future__ import annotations

from collections.abc import Mapping

from assistant.engine.model import FactValue, Tree

# Distinct (node, live facts) states explored before giving up: Kent's tree needs under a hundred.
STATE_LIMIT = 50_000

FactState = tuple[tuple[str, FactValue], ...]


class TooManyFactStates(Exception):
    """Exploring the tree's fact states passed STATE_LIMIT."""

    def __init__(self, work: str) -> None:
        self.what = (
            f"{work} stopped at the limit of {STATE_LIMIT:,} combinations of node and facts, "
            "so it is not done"
        )
        self.fix = (
            "the answers' guards test too many facts that earlier answers set independently: "
            "test fewer facts in guards, or split the tree"
        )
        super().__init__(f"{self.what}: {self.fix}")


def live_facts(tree: Tree) -> dict[str, frozenset[str]]:
    """For each node, the facts tested by an answer guard at that node or any node after it.

    The tree must be acyclic (validated).
    """
    import networkx as nx  # only where paths are counted or checked, never on a cached start

    graph = tree.graph
    live: dict[str, frozenset[str]] = {}
    for node_id in reversed(list(nx.topological_sort(graph))):
        node = tree.nodes[node_id]
        here = frozenset(name for answer in node.answers for name, _ in answer.when.facts)
        for following in graph.successors(node_id):
            here |= live[following]
        live[node_id] = here
    return live


def keep(facts: Mapping[str, FactValue], live: frozenset[str]) -> FactState:
    """The facts that can still matter, in a canonical order (a hashable state)."""
    return tuple(sorted((name, value) for name, value in facts.items() if name in live))
