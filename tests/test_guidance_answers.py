"""Questions typed in the chat are answered from the guidance, with where the tree decides them.

Each expected paragraph was checked against the SOP text (seeds/001, guidance/kent-o32g.md).
"""

from __future__ import annotations

import io
import re

import pytest

from assistant.commands.ask import PlainChat as Conversation
from assistant.corpus import Corpus
from assistant.engine import Session, Tree
from assistant.guidance_answers import answer_question, reply_lines


def _top(text: str, corpus: Corpus, tree: Tree, count: int = 1) -> list[str]:
    return [hit.citation for hit in answer_question(text, corpus, tree).hits[:count]]


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        # 2.4.1: Class A possession by a juvenile needs the YJT Supervisor.
        ("class A under 18", "O32g 2.4.1"),
        # 3.2.2: PCSOs with the power designated, or after a warranted officer investigated.
        ("can a PCSO give a CR", "O32g 3.2.2"),
        # 2.4.3: a second CR within 12 months needs a Sergeant.
        ("who authorises a second CR", "O32g 2.4.3"),
        # 2.5.2: no CR for intimate partner abuse.
        ("domestic abuse intimate partner", "O32g 2.5.2"),
        # 2.6.1: hate crime, the victim's views must support it, Inspector authorises.
        ("hate crime victim", "O32g 2.6.1"),
        # 3.4.5: vulnerable offenders, capacity, Sergeant's authority.
        ("vulnerable offender capacity", "O32g 3.4.5"),
        # 2.3.4: bailed without charge or RUI.
        ("offender on bail", "O32g 2.3.4"),
        # 2.4.2: cannabis and khat escalation.
        ("cannabis second time", "O32g 2.4.2"),
        # 3.1.1: the gravity matrix.
        ("what is the gravity matrix", "O32g 3.1.1"),
    ],
)
def test_natural_questions_bring_the_deciding_paragraph_first(
    question: str, paragraph: str, corpus: Corpus, o32g: Tree
) -> None:
    assert _top(question, corpus, o32g) == [paragraph]


def test_knife_brings_the_knife_paragraphs(corpus: Corpus, o32g: Tree) -> None:
    # 2.3.1 lists knife crime as generally unsuitable; 2.3.2 is the knife crime rule itself.
    assert set(_top("knife", corpus, o32g, 2)) == {"O32g 2.3.1", "O32g 2.3.2"}


def test_deferred_outcomes_bring_the_sixteen_week_limit(corpus: Corpus, o32g: Tree) -> None:
    assert "O32g 4.4.4" in _top("how long to complete a deferred outcome", corpus, o32g, 2)


def test_a_hit_says_where_the_tree_decides_it(corpus: Corpus, o32g: Tree) -> None:
    reply = answer_question("who authorises a second CR", corpus, o32g)
    assert [point.question_id for point in reply.hits[0].decided_at] == ["repeat"]
    assert "repeat" in [point.question_id for point in reply.questions]


def test_only_the_trees_own_guidance_answers(corpus: Corpus, o32g: Tree) -> None:
    reply = answer_question("does the victim have to agree", corpus, o32g, limit=10)
    assert reply.hits
    assert all(not hit.citation.startswith("SCR ") for hit in reply.hits)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("what is RUI", "RUI"),
        ("What does PSE mean?", "PSE"),
        ("what does CR stand for", "CR"),
        ("define DBS", "DBS"),
        ("what's an APVA", "APVA"),
    ],
)
def test_glossary_look_ups(question: str, term: str, corpus: Corpus, o32g: Tree) -> None:
    reply = answer_question(question, corpus, o32g)
    assert reply.glossary is not None
    assert reply.glossary.term == term
    assert reply.glossary.citation == f"Glossary {term}"


def test_rui_is_explained_and_its_rule_found(corpus: Corpus, o32g: Tree) -> None:
    reply = answer_question("what is RUI", corpus, o32g)
    assert reply.glossary is not None and "Released Under Investigation" in reply.glossary.meaning
    assert reply.hits[0].citation == "O32g 2.3.4"
    text = "\n".join(reply_lines(reply))
    assert "decided at question 'status'" in text


def test_nothing_found_says_so(corpus: Corpus, o32g: Tree) -> None:
    reply = answer_question("zebra crossings xylophone", corpus, o32g)
    assert reply.empty
    assert "Nothing in the guidance matches" in reply_lines(reply)[0]


def test_ask_answers_search_and_what_lines(catalogue, o32g: Tree) -> None:
    out = io.StringIO()
    session = Session(o32g)
    conversation = Conversation(session, catalogue, out=out)
    assert conversation.step("/search can a PCSO give a CR")
    assert conversation.step("/what RUI")
    text = out.getvalue()
    assert "O32g 3.2.2" in text
    assert "RUI: Released Under Investigation" in text
    assert session.steps == []  # a question to the guidance is not an answer


def test_markdown_reply_for_the_chat(corpus: Corpus, o32g: Tree) -> None:
    from assistant.guidance_answers import reply_markdown

    text = reply_markdown(answer_question("what is RUI", corpus, o32g))
    assert text.startswith("**RUI**: Released Under Investigation")
    assert "- **O32g 2.3.4**" in text and "(`status`)" in text
    empty = reply_markdown(answer_question("zebra xylophone", corpus, o32g))
    assert "Nothing in the guidance matches" in empty


def test_another_forces_tree_is_answered_from_its_own_guidance(catalogue, corpus: Corpus) -> None:
    suffolk = catalogue.tree("suffolk-tiers")
    reply = answer_question("case conference panel", corpus, suffolk)
    assert reply.hits and all(hit.citation.startswith("SCR ") for hit in reply.hits)
    assert [point.question_id for point in reply.questions] == ["panel"]
    # Kent's knife rule is not Suffolk's: nothing from O32g answers a Suffolk case.
    assert not any(
        hit.citation.startswith("O32g") for hit in answer_question("knife", corpus, suffolk).hits
    )


def test_no_search_during_training(catalogue, o32g: Tree) -> None:
    out = io.StringIO()
    conversation = Conversation(Session(o32g), catalogue, out=out, training=True)
    assert conversation.step("/search knife")
    assert "after the scenario" in out.getvalue() and "O32g" not in out.getvalue()


def test_a_paragraph_outside_any_heading_is_named_without_empty_brackets(
    corpus: Corpus, o32g: Tree
) -> None:
    from assistant.guidance_answers import reply_markdown

    reply = answer_question("class A under 18", corpus, o32g)
    for text in ("\n".join(reply_lines(reply)), reply_markdown(reply)):
        assert "2.4 Drug Offences)" in text
        assert "()" not in text and ":)" not in text


# -- who authorises, who may deliver: answered from the tree before any snippet -------------------


@pytest.mark.parametrize(
    ("question", "role", "paragraph"),
    [
        # Each role and paragraph read from the SOP (seeds/001).
        ("who authorises a CR for a hate crime", "Inspector", "O32g 2.6.1"),
        ("who must authorise a CR for knife crime", "Inspector", "O32g 2.3.2"),
        ("who authorises a CR for a sexual offence", "Superintendent", "O32g 2.3.3"),
        ("does a second CR need authorising", "Sergeant", "O32g 2.4.3"),
        ("who authorises class A for a juvenile", "Youth Justice Team Supervisor", "O32g 2.4.1"),
        ("who authorises a CR when the offender is on bail", "Sergeant", "O32g 2.3.4"),
        # "DA" is read through the glossary: Domestic Abuse.
        ("who authorises a CR for DA", "Substantive Inspector", "O32g 2.5.2"),
    ],
)
def test_who_authorises_is_answered_with_the_role_and_paragraph_first(
    question: str, role: str, paragraph: str, corpus: Corpus, o32g: Tree
) -> None:
    reply = answer_question(question, corpus, o32g)
    assert reply.direct is not None
    first = reply.direct.items[0]
    assert first.text == role and paragraph in first.cite
    text = "\n".join(reply_lines(reply))
    # The answer comes before any search result, with the paragraph's deciding sentence whole.
    assert text.index(f"- {role}  [") < text.index("In the guidance:")
    quote = next(q.text for q in reply.direct.quotes if q.citation == paragraph)
    assert role.split()[-1].lower() in quote.lower()


def test_the_hate_crime_answer_is_not_cut_before_the_authoriser(corpus: Corpus, o32g: Tree) -> None:
    reply = answer_question("who authorises a CR for a hate crime", corpus, o32g)
    text = "\n".join(reply_lines(reply))
    deciding = (
        "A supervisor of Inspector or above must also give authority and both the victim’s "
        "views and authorisation must be fully detailed on the 1912 form."
    )
    assert deciding in text.split("In the guidance:")[0]  # in the answer
    assert deciding in text.split("In the guidance:")[1]  # and in the 2.6.1 result


def _whole_sentences(part: str, paragraph: str) -> bool:
    """The part is in the paragraph, starting where a sentence starts and ending where one ends
    (a new line, as between list items, counts as a sentence end)."""
    paragraph = re.sub(r"([^.!?;:])\n", r"\1.\n", paragraph)  # a list item ends a sentence
    paragraph, part = " ".join(paragraph.split()), " ".join(part.split())
    start = paragraph.find(part) if part[-1] in ".!?;:" else paragraph.find(part + ".")
    if start < 0:
        return False
    before = paragraph[:start].rstrip()
    starts = not before or before[-1] in ".!?;:"
    end = start + len(part)
    ends = end == len(paragraph) or part[-1] in ".!?;:" or paragraph[end] == "."
    return starts and ends


@pytest.mark.parametrize(
    "question",
    [
        "who authorises a CR for a hate crime",
        "can a PCSO give a CR",
        "who can deliver a CR",
        "offender on bail",
        "cannabis second time",
        "vulnerable offender capacity",
    ],
)
def test_every_snippet_and_quote_is_whole_sentences(
    question: str, corpus: Corpus, o32g: Tree
) -> None:
    reply = answer_question(question, corpus, o32g)
    shown = [(hit.citation, hit.snippet) for hit in reply.hits]
    if reply.direct is not None:
        shown += [(quote.citation, quote.text) for quote in reply.direct.quotes]
    assert shown
    for citation, snippet in shown:
        paragraph = corpus.resolve(citation).text
        parts = [part.strip() for part in snippet.split("…") if part.strip()]
        assert parts and all(_whole_sentences(part, paragraph) for part in parts), (
            citation,
            snippet,
        )


def test_who_may_deliver_lists_the_trees_delivery_answers(corpus: Corpus, o32g: Tree) -> None:
    reply = answer_question("can a PCSO give a CR", corpus, o32g)
    assert reply.direct is not None
    texts = [item.text for item in reply.direct.items]
    for answer in o32g.nodes["administering"].answers:
        assert answer.label in texts
    # What each choice brings: the untrained officer needs an authoriser, named.
    untrained = next(i for i in reply.direct.items if "not trained" in i.text and i.details)
    assert any("Sergeant" in detail and "O32g 4.2.2" in detail for detail in untrained.details)
    quotes = " ".join(quote.text for quote in reply.direct.quotes)
    assert "PCSO’s that are trained to Restorative Justice Level 1 are authorised to deliver" in (
        quotes
    )
    text = "\n".join(reply_lines(reply))
    assert text.startswith("Who may deliver it")


def test_other_questions_get_no_tree_answer(corpus: Corpus, o32g: Tree, catalogue) -> None:
    assert answer_question("what is RUI", corpus, o32g).direct is None
    assert answer_question("knife", corpus, o32g).direct is None
    # Suffolk's update names no authoriser: nothing is made up, and the tree says so.
    suffolk = catalogue.tree("suffolk-tiers")
    direct = answer_question("who authorises a level 2 case", corpus, suffolk).direct
    assert direct is not None and not direct.items
    assert "names nobody who must authorise" in direct.heading
    assert "does not mean no authorisation is needed" in direct.heading


def test_the_tree_answer_leads_the_markdown_reply_too(corpus: Corpus, o32g: Tree) -> None:
    from assistant.guidance_answers import reply_markdown

    text = reply_markdown(answer_question("who authorises a CR for a hate crime", corpus, o32g))
    assert text.startswith("**Who must authorise it, from the tree (one line per person):**")
    assert text.index("- Inspector (O32g 2.6.1)") < text.index("- **O32g 2.6.1**")


def test_the_conditions_shown_are_the_case_asked_about(corpus: Corpus, o32g: Tree) -> None:
    """A rule raised by several answers shows the ones the question names: for siblings, the
    Substantive Inspector's 'Siblings' cases, not the parent-or-carer ones first in the matrix
    (O32g 2.5.2)."""
    reply = answer_question("who authorises domestic abuse between siblings", corpus, o32g)
    assert reply.direct is not None
    inspector = next(item for item in reply.direct.items if item.text == "Substantive Inspector")
    cases = [detail for detail in inspector.details if detail.startswith("when ")]
    assert len(cases) == 2 and all('answered "Siblings"' in case for case in cases), cases
    shown = [detail for item in reply.direct.items for detail in item.details]
    assert not any("parent or carer" in detail for detail in shown), shown
