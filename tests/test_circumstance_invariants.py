"""Issue 14 items 2 and 6 as invariants over every path, written independently of the tree.

Item 2, in the direction the issue states it: moving a case from its own offence category to
"another offence", with the same circumstances, never removes an authoriser those circumstances
called for and never turns their "not a CR" into a CR. (tests/test_circumstances.py checks the
converse: no category removes what "another offence" needs.) Which questions are circumstances
is read from the walks, not named: those an "another offence" case is asked too.

Item 6: who the duties speak to follows what the officer said. "No identifiable victim", "the
victim did not consent" and "an adult" are read from the words of the answers given, or from the
facts they set, never from node ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

import pytest

from assistant.engine import Tree
from assistant.engine.model import Answer, FactValue
from assistant.engine.recommendation import Recommendation
from assistant.engine.session import Step, build_recommendation
from assistant.engine.walk import WalkedPath

ANOTHER_OFFENCE = "another offence"


def _offence_question(tree: Tree) -> str:
    """The question whose answers include 'Another offence' (found by its words)."""
    found = [
        node.id
        for node in tree.nodes.values()
        if any(a.label.casefold().startswith(ANOTHER_OFFENCE) for a in node.answers)
    ]
    assert len(found) == 1, found
    return found[0]


def _variants(
    tree: Tree, offence_question: str, remembered: Mapping[str, str], another: str
) -> Iterator[tuple[Recommendation, dict[str, str], dict[str, FactValue]]]:
    """Walks that answer 'another offence' and otherwise what was remembered; a question the
    remembered answers do not cover is tried with every answer."""
    stack: list[tuple[str, list[Step], dict[str, FactValue]]] = [(tree.meta.start, [], {})]
    while stack:
        node_id, steps, facts = stack.pop()
        node = tree.nodes[node_id]
        if node.kind == "outcome":
            answers = {s.node.id: s.answer.label for s in steps if s.node.kind == "question"}
            yield build_recommendation(tree, steps, node, None), answers, facts
            continue
        offered = node.offered(facts)
        wanted = another if node_id == offence_question else remembered.get(node_id)
        chosen: tuple[Answer, ...] = tuple(a for a in offered if a.label == wanted)
        for answer in chosen or offered:
            stack.append(
                (answer.next, [*steps, Step(node, answer)], {**facts, **dict(answer.sets)})
            )


@pytest.mark.slow
def test_moving_a_case_to_another_offence_keeps_what_its_circumstances_require(
    o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    offence = _offence_question(o32g)
    another = next(
        a.label
        for a in o32g.nodes[offence].answers
        if a.label.casefold().startswith(ANOTHER_OFFENCE)
    )
    text = {node_id: node.text for node_id, node in o32g.nodes.items()}
    # Circumstances: questions (by their wording) asked after the category under more than one
    # category; a question only one category asks is that category's own rule.
    categories: dict[str, set[str]] = {}
    for path in o32g_paths:
        asked = [q for q, _ in path.answers]
        if offence in asked:
            for question in asked[asked.index(offence) + 1 :]:
                categories.setdefault(text[question], set()).add(dict(path.answers)[offence])
    circumstances = {question for question, seen in categories.items() if len(seen) > 1}
    assert len(circumstances) > 5
    compared = 0
    for path in o32g_paths:
        answers = dict(path.answers)
        if offence not in answers or answers[offence] == another:
            continue
        asked = [q for q, _ in path.answers]
        own = [q for q in asked[asked.index(offence) + 1 :] if text[q] in circumstances]
        if not own:
            continue  # stopped by the category's own rule before any circumstance
        rec = path.recommendation
        facts = dict(rec.facts)
        from_circumstances = {item.role.id for item in rec.authorisations if item.question in own}
        stopped_by = asked[-1] if not rec.is_cr else None
        by_text = {text[q]: label for q, label in path.answers}
        remembered = {
            node_id: by_text[node.text]
            for node_id, node in o32g.nodes.items()
            if node.text in by_text
        }
        for variant, given, variant_facts in _variants(o32g, offence, remembered, another):
            if any(variant_facts.get(name, value) != value for name, value in facts.items()):
                continue  # not the same circumstances (drug possession: no identifiable victim)
            compared += 1
            where = f"{answers[offence]!r} -> {another!r} on {path.key}"
            if variant.is_cr:
                given_by_text = {text[q]: label for q, label in given.items()}
                skipped = [text[q] for q in own if given_by_text.get(text[q]) != answers[q]]
                assert not skipped, f"{skipped} not asked (or answered otherwise) for {where}"
                roles = {item.role.id for item in variant.authorisations}
                assert from_circumstances <= roles, f"{from_circumstances - roles} lost: {where}"
            if stopped_by in own:
                assert not variant.is_cr, f"'not a CR' became a CR for {where}"
    assert compared > 1000


# -- item 6 --------------------------------------------------------------------------------------

_NO_VICTIM_WORDS = re.compile(
    r"no identifiable victim|'victim' is the state|possession of a controlled drug", re.IGNORECASE
)
_REFUSED_WORDS = re.compile(r"victim does not consent|victim cannot be contacted", re.IGNORECASE)
_ADULT_WORDS = re.compile(r"\b18 or over\b|\ban adult\b", re.IGNORECASE)
# A duty addressed to, or about contact with, the victim of the offence.
_VICTIM_DUTY = re.compile(r"\bthe victim\b|\bvictim's\b|\bvictims\b", re.IGNORECASE)
# A duty worded for a victim who agreed: before they agree, their views on conditions, contact.
_CONSENTING_VICTIM_DUTY = re.compile(
    r"before they agree|^contact the victim",
    re.IGNORECASE,
)
_PARENT_DUTY = re.compile(r"parents? or guardians?|offender's parents?|\bguardian\b", re.IGNORECASE)


def _said(path: WalkedPath, words: re.Pattern[str]) -> bool:
    return any(words.search(label) for _, label in path.answers)


def no_identifiable_victim(path: WalkedPath) -> bool:
    return _said(path, _NO_VICTIM_WORDS) or dict(path.recommendation.facts).get("victim") == "none"


def victim_refused_or_unreached(path: WalkedPath) -> bool:
    facts = dict(path.recommendation.facts)
    return _said(path, _REFUSED_WORDS) or facts.get("victim_consents") is False


def adult(path: WalkedPath) -> bool:
    return _said(path, _ADULT_WORDS) or dict(path.recommendation.facts).get("juvenile") is False


@cache
def _matches(pattern: re.Pattern[str], text: str) -> bool:
    return bool(pattern.search(text))


def _duties(path: WalkedPath, pattern: re.Pattern[str]) -> list[str]:
    return [d.text for d in path.recommendation.obligations if _matches(pattern, d.text)]


@pytest.mark.slow
def test_no_duty_towards_a_victim_on_any_path_without_one(o32g_paths: list[WalkedPath]) -> None:
    checked = 0
    for path in o32g_paths:
        if path.recommendation.is_cr and no_identifiable_victim(path):
            checked += 1
            assert not _duties(path, _VICTIM_DUTY), path.key
    assert checked > 100


@pytest.mark.slow
def test_no_duty_worded_for_a_consenting_victim_where_consent_was_not_given(
    o32g_paths: list[WalkedPath],
) -> None:
    checked = 0
    for path in o32g_paths:
        if path.recommendation.is_cr and victim_refused_or_unreached(path):
            checked += 1
            assert not _duties(path, _CONSENTING_VICTIM_DUTY), path.key
    assert checked > 100


@pytest.mark.slow
def test_no_parent_or_guardian_duty_for_an_adult_on_any_path(o32g_paths: list[WalkedPath]) -> None:
    checked = 0
    for path in o32g_paths:
        if adult(path):
            checked += 1
            assert not _duties(path, _PARENT_DUTY), path.key
    assert checked > 100


# -- item 7 --------------------------------------------------------------------------------------

# O32g 2.1.4's "or above" joins police ranks only; the Youth Justice Team and its Supervisor are
# not police ranks (O32g 2.4.1, 2.5.2, 4.2.2), so an officer must still call them.
_OUTSIDE_THE_POLICE_CHAIN = ("Youth Justice Team", "Youth Justice Team Supervisor")


@pytest.mark.slow
def test_the_youth_justice_team_is_never_folded_under_a_police_rank(
    o32g_paths: list[WalkedPath],
) -> None:
    checked = 0
    for path in o32g_paths:
        rec = path.recommendation
        asked = {item.role.name for item in rec.authorisations}
        lines = {person.role.name for person in rec.people_to_contact}
        for name in _OUTSIDE_THE_POLICE_CHAIN:
            if name in asked:
                checked += 1
                assert name in lines, f"{name} has no line of its own on {path.key}"
    assert checked > 100
