"""Issue 14 item 3: the terms on which a choice decides the outcome are explained with their
source, and never put words in the SOP's mouth: what the SOP says is quoted as it says it, what
comes from general law names the Act, and what the project reads beyond both says so."""

from __future__ import annotations

import re

import pytest

from assistant.corpus import Corpus, Paragraph
from assistant.engine import Tree

_QUOTE = re.compile(r'"([^"]+)"')
_ACT = re.compile(r"Act \d{4}")


def _entry(corpus: Corpus, label: str) -> Paragraph:
    return next(p for p in corpus if p.doc_id == "Glossary" and p.label == label)


def _deciding_entries(corpus: Corpus) -> list[Paragraph]:
    return [
        p
        for p in corpus
        if p.doc_id == "Glossary" and p.heading_path[-1:] == ("Terms that decide an outcome",)
    ]


def _flat(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def test_the_sops_words_are_quoted_as_it_says_them(corpus: Corpus) -> None:
    sop = [_flat(p.text) for p in corpus if p.doc_id == "O32g"]
    checked = 0
    for entry in _deciding_entries(corpus):
        for sentence in re.split(r"(?<=[.;])\s+", entry.text):
            for quote in _QUOTE.findall(sentence):
                if _ACT.search(sentence):
                    continue  # a statute's words, named with its section
                checked += 1
                assert any(_flat(quote) in paragraph for paragraph in sop), (entry.label, quote)
    assert checked >= 10


@pytest.mark.parametrize(
    ("label", "pattern", "except_pattern"),
    [
        # Every paragraph of the SOP that allows something only in exceptional circumstances.
        ("Exceptional circumstances", r"exceptional", r"very exceptional"),
        ("Very exceptional circumstances", r"very exceptional", None),
        # Every paragraph that says what a low-level offence is, or that CRs are for one.
        ("Low-level and minor", r"low[ -]level", None),
    ],
)
def test_the_entry_cites_every_paragraph_that_uses_the_term(
    label: str, pattern: str, except_pattern: str | None, corpus: Corpus
) -> None:
    entry = _entry(corpus, label)
    using = [
        p.pid
        for p in corpus
        if p.doc_id == "O32g"
        and re.search(
            pattern,
            re.sub(except_pattern, "", p.text, flags=re.I) if except_pattern else p.text,
            re.I,
        )
    ]
    assert using
    for pid in using:
        assert re.search(rf"\b{re.escape(pid)}\b", entry.text), (label, pid)


def test_what_must_be_recorded_is_quoted_from_each_paragraph(corpus: Corpus) -> None:
    """Exceptional circumstances: the record each paragraph asks for, in its own words (4.3.2
    asks for "a full rationale for the decision", nothing about what makes a case exceptional)."""
    entry = _entry(corpus, "Exceptional circumstances")
    quotes = [_flat(q) for q in _QUOTE.findall(entry.text) if "rationale" in q]
    for pid in ("2.3.2", "4.3.2", "3.5.2"):
        paragraph = _flat(corpus.resolve(f"O32g {pid}").text)
        assert any(quote in paragraph for quote in quotes), pid
    assert "what makes the case exceptional (O32g 4.3.2)" not in entry.text


def test_the_pocketknife_exception_is_the_statutes(corpus: Corpus) -> None:
    """s.139(3) excepts a folding pocketknife of 3 inches or less from the article offences
    (in a public place, s.139; on school premises, s.139A); knife crime is the project's word."""
    text = _entry(corpus, "Bladed article").text
    assert "s.139(3)" in text and "139A" in text and "school" in text
    assert "project's reading" in text and "LPU Lead" in text


def test_help_that_reads_beyond_the_sop_names_its_source_and_whom_to_ask(o32g: Tree) -> None:
    checked = 0
    for node in o32g.nodes.values():
        help_text = node.help
        if re.search(r"general law|project's reading|project reads", help_text):
            checked += 1
            assert _ACT.search(help_text) or re.search(r"Readings \d", help_text), node.id
            assert "LPU Lead" in help_text, node.id
    assert checked >= 2


def test_the_trees_own_words_on_exceptional_cases_match_the_glossary(o32g: Tree) -> None:
    """The result's readings and duties say no more than the paragraphs they cite: the record
    4.3.2 asks for is "a full rationale for the decision" (not what makes the case exceptional, nor
    the attempts to contact the victim), and the pocketknife exception covers school premises
    (s.139A) as well as a public place, for carrying only."""
    knife = o32g.readings["knife_definition"].text
    assert "139A" in knife and "school premises" in knife
    exceptional = o32g.readings["exceptional"].text
    assert "2.3.2" in exceptional and "4.3.2" in exceptional
    for node in o32g.nodes.values():
        for answer in node.answers:
            for duty in answer.obligations:
                if "O32g 4.3.2" in duty.cite and "consent" in duty.text:
                    assert "exceptional" not in duty.text, duty.text
                    assert "attempts" not in duty.text, duty.text
