"""Number keys for driving the chat, worked out from answer labels.

The TUI tests press number keys, as an officer would. Writing the walks as labels (or their
starts) means a tree that reorders or adds answers makes these walks fail loudly, instead of
silently sending a test down another path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from assistant.engine import Session, Tree
from assistant.engine.loader import load_tree
from assistant.engine.model import FactValue
from tests.conftest import REPO
from tests.test_session import ADULT_THEFT as ADULT_THEFT_LABELS


def label_keys(tree: Tree, labels: Iterable[str]) -> str:
    """The number key for each answer, given by label or label start, from the first question."""
    session = Session(tree)
    keys = ""
    for label in labels:
        offered = session.offered()
        session.answer(label)
        position = offered.index(session.steps[-1].answer) + 1
        assert position <= 9, f"'{label}' is answer {position}: no single key chooses it"
        keys += str(position)
    return keys


# Read straight from the file: no catalogue, so nothing is cached before the tests pin the cache.
KENT = load_tree(REPO / "trees" / "kent-o32g.toml")

# An adult's low-value theft (tests/test_session.py ADULT_THEFT), one key per answer.
ADULT_THEFT = label_keys(KENT, ADULT_THEFT_LABELS)


def paths_to_every_answer_list(tree: Tree) -> dict[tuple[str, tuple[str, ...]], list[str]]:
    """A path (answer labels) to each question (and information step) as it can be shown: each
    distinct list of answers it offers under the facts it can be reached with."""
    found: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    walked: set[tuple[str, str]] = set()
    queue: deque[tuple[str, dict[str, FactValue], list[str]]] = deque([(tree.meta.start, {}, [])])
    while queue:
        node_id, facts, path = queue.popleft()
        node = tree.nodes[node_id]
        state = (node_id, repr(sorted(facts.items())))
        if node.kind == "outcome" or state in walked:
            continue
        walked.add(state)
        offered = node.offered(facts)
        found.setdefault((node_id, tuple(answer.label for answer in offered)), path)
        for answer in offered:
            queue.append((answer.next, {**facts, **dict(answer.sets)}, [*path, answer.label]))
    return found
