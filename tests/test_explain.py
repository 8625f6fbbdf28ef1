"""The explanation names, for each deciding answer, the rule it triggered and its paragraph."""

from __future__ import annotations

import pytest

from assistant.catalogue import Catalogue
from assistant.corpus import Corpus
from assistant.engine import Session, Tree
from assistant.engine.walk import WalkedPath, walk_all
from assistant.explain import explain
from assistant.presentation import build_result
from assistant.report import rationale_markdown, result_lines


@pytest.mark.slow
def test_every_path_is_explained_by_the_rules_the_engine_applied(
    o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    for path in o32g_paths:
        rec = path.recommendation
        lines = explain(rec, o32g)
        authorised = {
            (line.question_id, line.cite) for line in lines if line.kind == "authorisation"
        }
        assert authorised == {(item.question, item.cite) for item in rec.authorisations}, path.key
        readings = {line.cite for line in lines if line.kind == "reading"}
        assert readings == {reading.cite for reading in rec.readings}, path.key
        exclusions = [line for line in lines if line.kind == "exclusion"]
        if rec.is_cr:
            assert not exclusions
        else:
            assert [(line.question_id, line.answer) for line in exclusions] == [path.answers[-1]], (
                path.key
            )
            assert {line.kind for line in lines} <= {"exclusion", "reading"}


def _walk(tree: Tree, *answers: int | str) -> Session:
    session = Session(tree)
    for answer in answers:
        session.answer(answer)
    return session


# From the hate question to a CR: no hate crime, no weapon, not for court, gravity 1, capable,
# accepts responsibility, consents, no previous sanction, a trained officer, delivered at once.
TO_THE_CR = (
    *("No", "No weapon", "No", "1", "Yes", "Yes", "Yes"),
    *("No", "A police officer trained", "There and then"),
)


def test_juvenile_class_a_explains_who_authorises_and_why(o32g: Tree) -> None:
    session = _walk(o32g, "10 to 17", "Yes", "None", "Possession", "Class A", *TO_THE_CR)
    lines = explain(session.recommendation(), o32g)
    drug = [line for line in lines if line.question_id == "drug" and line.kind == "authorisation"]
    assert [line.cite for line in drug] == [("O32g 2.4.1",), ("O32g 4.2.2", "O32g 4.2.1")]
    assert all("Youth Justice Team Supervisor" in line.text for line in drug)
    # Answers that decide nothing are not listed.
    assert "suitable" not in {line.question_id for line in lines}


def test_results_and_rationale_say_why(o32g: Tree, corpus: Corpus) -> None:
    session = _walk(o32g, "Under 10")
    rec = session.recommendation()
    text = "\n".join(result_lines(rec, o32g, corpus))
    assert "Why (each deciding answer and the rule it triggered):" in text
    # In the verdict's own words: below the age of criminal responsibility there is no
    # criminal-justice outcome at all, not merely no Community Resolution.
    assert "No criminal-justice outcome: Below the age of criminal responsibility." in text
    markdown = rationale_markdown(rec, o32g, corpus)
    why = markdown.split("## Why", 1)[1].split("## Your answers", 1)[0]
    assert "**Under 10**" in why and "O32g 3.4.2" in why


def test_why_says_not_yet_where_the_result_is_not_yet(o32g: Tree) -> None:
    """An unfinished investigation is "Not yet" in the headline; the Why section must not turn
    it into a final "No Community Resolution"."""
    rec = _walk(o32g, "18 or over", "No, not yet").recommendation()
    (exclusion,) = [line for line in explain(rec, o32g) if line.kind == "exclusion"]
    assert exclusion.text.startswith(rec.disposal.label), exclusion.text
    assert "No Community Resolution" not in exclusion.text


def test_a_tree_with_an_info_node_is_explained(catalogue) -> None:
    from assistant.engine.walk import walk_all

    suffolk = catalogue.tree("suffolk-tiers")
    assert any(node.kind == "info" for node in suffolk.nodes.values())
    for path in walk_all(suffolk):
        lines = explain(path.recommendation, suffolk)
        exclusions = [line for line in lines if line.kind == "exclusion"]
        assert len(exclusions) == (0 if path.recommendation.is_cr else 1), path.key
        assert {line.cite for line in lines if line.kind == "reading"} <= {
            reading.cite for reading in path.recommendation.readings
        }


def test_json_result_carries_the_explanation(o32g: Tree, corpus: Corpus) -> None:
    from assistant.report import result_dict

    session = _walk(o32g, "18 or over", "Yes", "Only bailed")
    for answer in ("Another", "Yes", "None of these", "No", "No weapon", "No", "1", "Yes", "Yes"):
        session.answer(answer)
    for answer in ("Yes", "Yes: the victim", "Yes", "No", "A police officer trained", "There"):
        session.answer(answer)
    assert session.finished
    payload = result_dict(session.recommendation(), o32g, corpus)
    bailed = [
        item
        for item in payload["why"]
        if item["question"] == "status" and item["rule"] == "authorisation"
    ]
    assert bailed == [
        {
            "question": "status",
            "answer": "Only bailed without charge, or released under investigation (RUI), "
            "for this or another offence",
            "rule": "authorisation",
            "text": bailed[0]["text"],
            "cite": ["O32g 2.3.4"],
        }
    ]
    assert "Sergeant" in bailed[0]["text"]


def test_an_ending_that_is_not_a_cr_is_explained_in_the_words_of_its_verdict(
    catalogue: Catalogue, o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    """The Why line of the deciding answer opens with the verdict the result opens with, so the
    two never disagree (Suffolk's Level 3, a tier of its scheme, was "No Community Resolution"
    under Why while its headline said it runs alongside prosecution)."""
    suffolk = catalogue.tree("suffolk-tiers")
    for tree, paths in ((o32g, o32g_paths), (suffolk, list(walk_all(suffolk)))):
        outcomes: set[str] = set()
        for path in paths:
            rec = path.recommendation
            if rec.is_cr or rec.outcome_id in outcomes:
                continue
            outcomes.add(rec.outcome_id)
            headline = build_result(rec, tree, catalogue.corpus).sections[0].lines[0].text
            exclusions = [line for line in explain(rec, tree) if line.kind == "exclusion"]
            assert len(exclusions) == 1, path.key
            assert exclusions[0].text.startswith(f"{headline}. "), path.key
        assert outcomes, tree.id
