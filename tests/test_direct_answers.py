"""Issue 14 item 10: a supervisor's "who authorises" question answered from the tree, right for
the case the question names, one line per person (Readings 1), before any snippet.

Every expected role and paragraph is read from the SOP (seeds/001_...txt) and the policy notes."""

from __future__ import annotations

import pytest

from assistant.corpus import Corpus
from assistant.engine import Tree
from assistant.guidance_answers import answer_question, reply_lines


def _people(question: str, corpus: Corpus, o32g: Tree) -> list[str]:
    reply = answer_question(question, corpus, o32g)
    assert reply.direct is not None, question
    return [item.text for item in reply.direct.items]


@pytest.mark.parametrize(
    ("question", "people"),
    [
        # 2.4.1 last sentence, and 4.2.2 (no identifiable victim) for a juvenile: one person.
        ("who signs off class A possession for a 15 year old", ["Youth Justice Team Supervisor"]),
        ("who authorises class A possession for an adult", ["Sergeant"]),
        # 3.5.3, not the adult's Sergeant (3.5.2), and nothing about drugs ("caution").
        (
            "does a juvenile with a previous caution need authorisation",
            ["Youth Justice Team Supervisor"],
        ),
        # 4.2.2 for a juvenile; "public order" is the answer with no identifiable victim.
        (
            "who authorises a CR for public order with no victim for a 16 year old",
            ["Youth Justice Team Supervisor"],
        ),
        # The rank named in the question is not the topic: 2.3.3 and 2.6.1 decide.
        ("can an inspector authorise a sexual offence CR", ["Superintendent"]),
        ("can a sergeant authorise a hate crime CR", ["Inspector"]),
        # "who do I need", "do I need an Inspector": questions about who authorises too (2.5.2).
        ("who do I need for APVA", ["Substantive Inspector", "Youth Justice Team"]),
        # 4.3.2 Inspector, covering the adult's 4.2.2 Sergeant (2.1.4); a juvenile's 4.2.2 goes to
        # the Youth Justice Team Supervisor, a separate line.
        (
            "do I need an inspector if the victim won't consent",
            ["Inspector", "Youth Justice Team Supervisor"],
        ),
        # 4.3.2 and 4.2.2 for the answer "cannot be contacted", not every rule with a victim.
        (
            "who authorises when the victim can't be contacted",
            ["Inspector", "Youth Justice Team Supervisor"],
        ),
    ],
)
def test_the_people_named_are_those_of_the_case_asked_about(
    question: str, people: list[str], corpus: Corpus, o32g: Tree
) -> None:
    assert [p for p in _people(question, corpus, o32g) if not p.startswith("A Community")] == people


def test_a_higher_rank_covers_a_lower_one_in_the_same_case(corpus: Corpus, o32g: Tree) -> None:
    reply = answer_question("do I need an inspector if the victim won't consent", corpus, o32g)
    assert reply.direct is not None
    inspector = reply.direct.items[0]
    assert inspector.text == "Inspector" and "O32g 4.3.2" in inspector.cite
    assert any(d.startswith("Also covers the Sergeant's authorisation") for d in inspector.details)


@pytest.mark.parametrize(
    "question",
    [
        # Negated: no previous sanction is the case that needs no 3.5.3 authorisation.
        "who authorises a CR for a juvenile shoplifter with no previous",
        # "first" is in the status question's text, not in any rule: no RUI Sergeant.
        "do I need authorisation for a first time shoplifter",
    ],
)
def test_words_that_name_no_rule_get_no_authoriser(
    question: str, corpus: Corpus, o32g: Tree
) -> None:
    reply = answer_question(question, corpus, o32g)
    assert reply.direct is not None and not reply.direct.items, reply_lines(reply)[:6]
    # Said, so that silence is not read as "no authorisation is needed".
    assert "does not mean that no authorisation is needed" in reply.direct.heading
    if "first time" in question:  # searched with every word typed: 4.2.1's criteria come up
        assert "O32g 4.2.1" in [hit.citation for hit in reply.hits]


def test_an_abbreviations_expansion_picks_no_rule_by_a_common_word(
    corpus: Corpus, o32g: Tree
) -> None:
    """PSE ("Police staff employee") must not pick the untrained police officer's rule."""
    reply = answer_question("can PSE authorise a CR", corpus, o32g)
    shown = "\n".join(reply_lines(reply))
    assert "not trained" not in shown.split("In the guidance:")[0]


def test_knife_crime_says_a_juvenile_cannot_have_one(corpus: Corpus, o32g: Tree) -> None:
    """An Inspector for an adult (2.3.2), and beside it: never for a juvenile (2.3.3)."""
    reply = answer_question("knife crime authorisation", corpus, o32g)
    assert reply.direct is not None
    texts = [item.text for item in reply.direct.items]
    assert texts[0] == "Inspector"
    juvenile = next(item for item in reply.direct.items if "juvenile" in item.text)
    assert "O32g 2.3.3" in juvenile.cite and "not permitted" in juvenile.text


def test_the_quote_is_the_paragraph_that_names_the_role(corpus: Corpus, o32g: Tree) -> None:
    """Traffic: the SOP names no rank; the LPU note's "requires an Inspector's authorisation"
    decides, so it is quoted, not only the list of excluded offences (Readings 4)."""
    reply = answer_question("traffic offence CR who authorises", corpus, o32g)
    assert reply.direct is not None
    quotes = {quote.citation: quote.text for quote in reply.direct.quotes}
    assert "requires an Inspector's authorisation" in quotes["LPU role.3"]


def test_one_line_per_person(corpus: Corpus, o32g: Tree) -> None:
    for question in (
        "who needs to authorise a CR with no victim",
        "who authorises class A possession",
        "who authorises when the victim can't be contacted",
    ):
        # The role leads each line ("Sergeant", not "Sergeant: <reason>" once per reason).
        names = {role.name for role in o32g.roles.values()}
        people = [text.split(":")[0] for text in _people(question, corpus, o32g)]
        people = [person for person in people if person in names]
        assert people and len(people) == len(set(people)), (question, people)
        reply = answer_question(question, corpus, o32g)
        assert reply.direct is not None
        for item in reply.direct.items:  # a reason raised for an adult and a juvenile: once
            reasons = [d for d in item.details if not d.startswith(("when ", "and in "))]
            assert len(reasons) == len(set(reasons)), (question, item)


def test_the_search_after_the_answer_is_for_the_case_and_keeps_the_deciding_sentence(
    corpus: Corpus, o32g: Tree
) -> None:
    """After the tree's answer the guidance is searched for the case ("traffic"), not for
    "authorises" (which matched the hate question); each snippet keeps the sentence that names
    the person answered (2.6.1's Inspector), though the words asked were "hate crime"."""
    traffic = answer_question("traffic offence CR who authorises", corpus, o32g)
    assert "hate" not in [point.question_id for point in traffic.questions]
    hate = answer_question("can a sergeant authorise a hate crime CR", corpus, o32g)
    snippet = next(hit.snippet for hit in hate.hits if hit.citation == "O32g 2.6.1")
    assert "A supervisor of Inspector or above must also give authority" in snippet


@pytest.mark.parametrize(
    ("question", "role", "quoted"),
    [
        ("what does the LPU lead do", "LPU Lead", "LPU role.4"),
        # The longest name typed: not the Youth Justice Team, not a Sergeant.
        ("who is the youth justice team supervisor", "Youth Justice Team Supervisor", "O32g 3.5.3"),
        ("what is a substantive inspector", "Substantive Inspector", "O32g 2.5.2"),
    ],
)
def test_a_question_about_a_role_is_answered_with_the_trees_description(
    question: str, role: str, quoted: str, corpus: Corpus, o32g: Tree
) -> None:
    reply = answer_question(question, corpus, o32g)
    assert reply.direct is not None
    described = next(r.description for r in o32g.roles.values() if r.name == role)
    assert reply.direct.items[0].text == f"{role}: {described}"
    quote = next(q.text for q in reply.direct.quotes if q.citation == quoted)
    # The paragraph's sentence naming the role (or, for the LPU Lead, its duty) is quoted whole.
    assert role.split()[-1].casefold() in quote.casefold() or "local guidance" in quote


def test_a_rule_reached_only_at_one_age_says_so(corpus: Corpus, o32g: Tree) -> None:
    """The cannabis escalation question is asked only of adults (2.4.2): its Sergeant is shown
    as an adult's, so an officer with a juvenile does not take it (theirs is the YJT Supervisor)."""
    reply = answer_question("who authorises cannabis possession", corpus, o32g)
    assert reply.direct is not None
    cases = [d for item in reply.direct.items for d in item.details if d.startswith("when ")]
    assert cases and all('"18 or over (an adult)"' in case for case in cases), cases


@pytest.mark.parametrize(
    "question",
    [
        "who authorises a CR for intimate partner abuse",
        # Everyday words (the glossary's mapping): an ex-girlfriend is a former intimate partner.
        "who authorises a CR for criminal damage against his ex girlfriend",
    ],
)
def test_a_case_no_one_can_authorise_says_so_and_names_no_authoriser(
    question: str, corpus: Corpus, o32g: Tree
) -> None:
    """2.5.2: a CR must not be used for intimate partner abuse. The answer is that stop, never the
    authorisers of the other relationships (a Substantive Inspector, the Youth Justice Team)."""
    reply = answer_question(question, corpus, o32g)
    assert reply.direct is not None
    texts = [item.text for item in reply.direct.items]
    assert texts == [
        "A Community Resolution is not permitted: "
        "No CR for intimate partner abuse or coercion and control"
    ], texts
    assert "no one can authorise" in reply.direct.heading
    assert "O32g 2.5.2" in reply.direct.items[0].cite


def test_a_stop_named_beside_the_people_is_one_line_per_outcome(corpus: Corpus, o32g: Tree) -> None:
    """Coercion and control (2.5.2) ends the walk whichever answer leads to it: one line, each
    answer under it, beside the people for non-intimate domestic abuse."""
    texts = _people(
        "who authorises a CR for domestic abuse with coercion and control", corpus, o32g
    )
    stops = [text for text in texts if "No CR for intimate partner abuse" in text]
    assert len(stops) == 1, texts
    assert "Substantive Inspector" in texts


@pytest.mark.parametrize(
    ("question", "people"),
    [
        (
            "who authorises a CR when a 15 year old assaulted his mum",
            {"Substantive Inspector", "Youth Justice Team"},
        ),
        (
            "who authorises a CR for a fight between two brothers aged 14 and 16",
            {"Substantive Inspector", "Youth Justice Team"},
        ),
        ("who authorises a CR for an adult who hit his dad", {"Substantive Inspector"}),
    ],
)
def test_everyday_words_for_a_relationship_find_its_rule(
    question: str, people: set[str], corpus: Corpus, o32g: Tree
) -> None:
    """ "Mum", "brothers", "dad": the glossary maps them to the tree's parent or carer and
    siblings, so 2.5.2's people are named (before, no rule matched)."""
    assert set(_people(question, corpus, o32g)) == people


def test_one_shared_word_does_not_raise_a_stop(corpus: Corpus, o32g: Tree) -> None:
    """'Criminal damage' shares only 'criminal' with 'below the age of criminal responsibility':
    that stop is not an answer to it."""
    reply = answer_question("who authorises a CR for criminal damage", corpus, o32g)
    texts = [item.text for item in reply.direct.items] if reply.direct else []
    assert not any("criminal responsibility" in text for text in texts), texts
