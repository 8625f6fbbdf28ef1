"""Issue 14 item 1, over every bundled tree as an officer meets it: the number shown beside an
answer is the number that chooses it, the same answer keeps the same number whatever was
answered before, and Yes/No questions list Yes first everywhere.

Written from what is shown (each question's answer list under every set of facts it can be
reached with), not from the validator's rules, so a tree that slips past `check` still fails.
"""

from __future__ import annotations

from collections import deque

import pytest

from assistant.catalogue import Catalogue
from assistant.engine import Tree
from assistant.engine.model import Answer, FactValue
from assistant.engine.session import match_answer


def answer_lists(tree: Tree) -> dict[str, set[tuple[Answer, ...]]]:
    """Each question's answer lists as they can be shown: one per distinct set of facts the
    question can be reached with."""
    shown: dict[str, set[tuple[Answer, ...]]] = {}
    seen: set[tuple[str, tuple[tuple[str, FactValue], ...]]] = set()
    queue: deque[tuple[str, dict[str, FactValue]]] = deque([(tree.meta.start, {})])
    while queue:
        node_id, facts = queue.popleft()
        state = (node_id, tuple(sorted(facts.items(), key=repr)))
        node = tree.nodes[node_id]
        if node.kind == "outcome" or state in seen:
            continue
        seen.add(state)
        offered = node.offered(facts)
        shown.setdefault(node_id, set()).add(offered)
        for answer in offered:
            queue.append((answer.next, {**facts, **dict(answer.sets)}))
    return shown


TREES = sorted(Catalogue().tree_files)


@pytest.fixture(scope="module", params=TREES)
def shown(
    request: pytest.FixtureRequest, catalogue: Catalogue
) -> dict[str, set[tuple[Answer, ...]]]:
    return answer_lists(catalogue.tree(request.param))


def test_the_number_shown_beside_an_answer_chooses_that_answer(
    shown: dict[str, set[tuple[Answer, ...]]],
) -> None:
    """Typing the number printed beside an answer ("3." before "4 (charge)" would be a trap)
    answers with that answer, at every question under every set of facts."""
    for node_id, lists in shown.items():
        for offered in lists:
            for number, answer in enumerate(offered, start=1):
                chosen = match_answer(offered, str(number))
                assert chosen == answer, (
                    f"{node_id}: '{number}' chose {chosen.label!r}, shown as {number}. "
                    f"{answer.label!r}"
                )


def test_the_same_answer_keeps_the_same_number_whatever_was_answered_before(
    shown: dict[str, set[tuple[Answer, ...]]],
) -> None:
    for node_id, lists in shown.items():
        numbers: dict[str, set[int]] = {}
        for offered in lists:
            for number, answer in enumerate(offered, start=1):
                numbers.setdefault(answer.label, set()).add(number)
        moving = {label: sorted(found) for label, found in numbers.items() if len(found) > 1}
        assert not moving, f"{node_id}: answers shown at more than one number: {moving}"


def _first_word(answer: Answer) -> str:
    words = answer.label.split(maxsplit=1)
    return words[0].strip(",.:;").casefold() if words else ""


def test_yes_and_no_are_listed_in_one_order_across_every_tree(catalogue: Catalogue) -> None:
    """Wherever a question offers both a Yes and a No answer, every Yes comes first, in every
    bundled tree: an officer who learns where Yes is never presses No by habit."""
    orders: dict[str, list[str]] = {}
    for tree_id in TREES:
        for node_id, lists in answer_lists(catalogue.tree(tree_id)).items():
            for offered in lists:
                words = [_first_word(answer) for answer in offered]
                if "yes" in words and "no" in words:
                    last_yes = max(i for i, word in enumerate(words) if word == "yes")
                    first_no = words.index("no")
                    order = "yes first" if last_yes < first_no else "no first"
                    orders.setdefault(order, []).append(f"{tree_id} {node_id}")
    assert "yes first" in orders  # the rule is measured on real questions
    assert "no first" not in orders, f"No listed before Yes at: {sorted(set(orders['no first']))}"
