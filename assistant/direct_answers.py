""" "Who authorises a CR for a hate crime?", "Can a PCSO give a CR?": answered from the tree first.

UI-free. A question about who authorises is matched to the tree's ``authorise`` rules (through the
authorisation matrix, so each comes with the question and answer that raise it) by the words of
their reasons, the answers and questions that raise them, and the paragraphs they cite; rarer
words count more. A question about who may deliver is answered with the tree's own question
about who delivers, each answer with what it brings. Nothing here names a topic: the words come
from the tree, its guidance and the glossary (an abbreviation typed, "DA", is read as its
expansion, "Domestic Abuse").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assistant.corpus import Corpus, Paragraph
from assistant.corpus.search import query_words
from assistant.engine import Node, Tree
from assistant.errors import InputError
from assistant.markdown_text import escape_markdown
from assistant.matrix import MatrixRow, authorisation_matrix
from assistant.sentences import best_sentences, word_key, word_keys

GLOSSARY_DOC = "Glossary"

# The grammar of the two kinds of question, not their topic.
_AUTHORISE = re.compile(r"\b(?:authori[sz]\w*|sign(?:s|ed)?\s+off|approv\w*)", re.IGNORECASE)
_DELIVER = re.compile(
    r"\b(?:deliver\w*|give[sn]?|giving|administer\w*|issue[sd]?|hand(?:s|ed)?\s+out|offer\w*)\b",
    re.IGNORECASE,
)
_ASKS_WHO = re.compile(r"^\s*(?:who|whom|can|may|could|is|are|am|does|do)\b|\bwho\b", re.IGNORECASE)
# Words that say what is asked, not about which case: they pick no rule.
_ASKING = word_keys(
    "authorise authorised authorises authorisation authority authoriser approve sign off "
    "need needs needed required require requires must deliver delivers give gives administer "
    "issue offer hand out allowed permitted community resolution resolutions cr crs"
)
# How much a word found only in a cited paragraph counts, against one in the rule itself.
_PARAGRAPH_WEIGHT = 0.5
_REASON_BONUS = 0.25
# A rule is shown when it scores at least this share of the best rule's score.
_CLOSE_TO_BEST = 0.7
_MOST_RULES = 4
_MOST_CONDITIONS = 2


@dataclass(frozen=True)
class Quote:
    """Whole sentences of a paragraph: the ones that decide the answer."""

    citation: str
    text: str


@dataclass(frozen=True)
class AnswerItem:
    text: str  # "Inspector: CR for a hate crime (Inspector or above)."
    cite: tuple[str, ...]
    details: tuple[str, ...]  # when it applies, or what choosing it brings


@dataclass(frozen=True)
class TreeAnswer:
    """The answer the tree gives, stated before any search result."""

    heading: str
    items: tuple[AnswerItem, ...]
    quotes: tuple[Quote, ...]


def direct_answer(text: str, corpus: Corpus, tree: Tree) -> TreeAnswer | None:
    """The tree's answer to a who-authorises or who-may-deliver question; None for any other."""
    if _AUTHORISE.search(text):
        return _who_authorises(text, corpus, tree)
    if _DELIVER.search(text) and _ASKS_WHO.search(text):
        return _who_delivers(text, corpus, tree)
    return None


def topic_keys(text: str, corpus: Corpus) -> set[str]:
    """The keys of the words that say which case is asked about, abbreviations expanded."""
    words = query_words(text)
    expansions = _glossary_expansions(corpus)
    for word in list(words):
        words += query_words(expansions.get(word.casefold(), ""))
    return {word_key(word) for word in words} - _ASKING


# -- who authorises ------------------------------------------------------------------------------


def _who_authorises(text: str, corpus: Corpus, tree: Tree) -> TreeAnswer | None:
    wanted = topic_keys(text, corpus)
    groups: dict[tuple[str, str, tuple[str, ...]], list[MatrixRow]] = {}
    for row in authorisation_matrix(tree).rows:
        groups.setdefault((row.role_name, row.reason, row.cite), []).append(row)
    if not wanted or not groups:
        return None
    own = {key: word_keys(" ".join(_rule_words(rows))) for key, rows in groups.items()}
    cited = {
        key: word_keys(" ".join(p.text for p in _paragraphs(key[2], corpus, tree))) - own[key]
        for key in groups
    }
    rarity = _rarity(wanted, [own[key] | cited[key] for key in groups])
    # A word in the reason itself counts a little more than one in the question or answer.
    scores = {
        key: sum(rarity[w] for w in wanted & own[key])
        + _REASON_BONUS * sum(rarity[w] for w in wanted & word_keys(key[1]))
        + _PARAGRAPH_WEIGHT * sum(rarity[w] for w in wanted & cited[key])
        for key in groups
    }
    best = max(scores.values())
    if best <= 0:
        return None
    chosen = [key for key in groups if scores[key] >= best * _CLOSE_TO_BEST and own[key] & wanted]
    chosen = sorted(chosen, key=lambda key: -scores[key])[:_MOST_RULES] or [
        max(groups, key=lambda key: scores[key])
    ]
    items = tuple(
        AnswerItem(f"{role}: {reason}", cite, _conditions(groups[(role, reason, cite)], wanted))
        for role, reason, cite in chosen
    )
    role_words = word_keys(" ".join(role for role, _, _ in chosen))
    return TreeAnswer(
        "Who must authorise it, from the tree",
        items,
        # Each rule's first paragraph is the one that sets it; the others are context.
        _quotes((cite[:1] for _, _, cite in chosen), wanted, corpus, tree, role_words),
    )


def _conditions(rows: list[MatrixRow], wanted: set[str]) -> tuple[str, ...]:
    """When the rule applies: the cases that share most words with the question first (ties in
    the matrix's order), so the case asked about is shown before the list is cut."""
    rows = sorted(rows, key=lambda row: -len(wanted & word_keys(row.condition)))
    shown = [f"when {row.condition}" for row in rows[:_MOST_CONDITIONS]]
    if len(rows) > _MOST_CONDITIONS:
        more = len(rows) - _MOST_CONDITIONS
        shown.append(f"and in {more} more case{'s' if more > 1 else ''} (see the matrix)")
    return tuple(shown)


def _rule_words(rows: list[MatrixRow]) -> list[str]:
    return [text for row in rows for text in (row.reason, row.answer, row.question, row.only_when)]


# -- who may deliver -----------------------------------------------------------------------------


def _who_delivers(text: str, corpus: Corpus, tree: Tree) -> TreeAnswer | None:
    node = _delivery_question(tree)
    if node is None:
        return None
    matrix = authorisation_matrix(tree)
    items = []
    for answer in node.answers:
        details = [
            f"needs authorisation from the {row.role_name}"
            + (f" ({row.only_when})" if row.only_when else "")
            + f": {row.reason}  [{'; '.join(row.cite)}]"
            for row in matrix.rows
            if row.question_id == node.id and row.answer == answer.label
        ]
        details += [f"{duty.text}  [{'; '.join(duty.cite)}]" for duty in answer.obligations]
        details += [
            f"ends the walk: {item.disposal}: {item.outcome}"
            for item in matrix.exclusions
            if item.question_id == node.id and item.answer == answer.label
        ]
        items.append(AnswerItem(answer.label, (), tuple(details)))
    heading = f"Who may deliver it, from the tree's question '{node.text}'"
    if node.help:
        items.insert(0, AnswerItem(node.help, node.cite, ()))
    # The answers' own words pick the sentences about who delivers.
    labels = word_keys(" ".join(query_words(" ".join(a.label for a in node.answers))))
    wanted = topic_keys(text, corpus) | labels
    # The sentence that says who delivers (its verb, as the question words it) is always quoted.
    verbs = word_keys(" ".join(_DELIVER.findall(node.text)))
    return TreeAnswer(heading, tuple(items), _quotes([node.cite], wanted, corpus, tree, verbs))


def _delivery_question(tree: Tree) -> Node | None:
    """The tree's question asking who delivers (its text asks "who" with a delivering verb)."""
    for node in tree.nodes.values():
        if node.kind == "question" and _DELIVER.search(node.text) and "who" in word_keys(node.text):
            return node
    return None


# -- shared --------------------------------------------------------------------------------------


def _paragraphs(cites: Iterable[str], corpus: Corpus, tree: Tree) -> list[Paragraph]:
    found = []
    for cite in cites:
        try:
            found.append(corpus.resolve(cite, tree.meta.primary_document))
        except InputError:  # an unresolvable cite is the validator's business
            continue
    return found


def _quotes(
    cite_lists: Iterable[tuple[str, ...]],
    wanted: set[str],
    corpus: Corpus,
    tree: Tree,
    deciding: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[Quote, ...]:
    seen: dict[str, Quote] = {}
    for cites in cite_lists:
        for paragraph in _paragraphs(cites, corpus, tree):
            if paragraph.citation not in seen:
                text = best_sentences(paragraph.text, wanted, deciding=deciding)
                seen[paragraph.citation] = Quote(paragraph.citation, text)
    return tuple(seen.values())


def _rarity(wanted: set[str], documents: list[set[str]]) -> Mapping[str, float]:
    """How much each word tells the rules apart: a word in most of them counts for little."""
    total = len(documents)
    return {
        word: max(0.0, math.log((total + 1) / (0.5 + sum(word in d for d in documents))))
        for word in wanted
    }


def _glossary_expansions(corpus: Corpus) -> Mapping[str, str]:
    """Abbreviation (case-folded) -> its expansion, the glossary entry's first sentence."""
    return {
        paragraph.pid.casefold(): paragraph.text.split(".", 1)[0]
        for paragraph in corpus
        if paragraph.doc_id == GLOSSARY_DOC
    }


def direct_lines(answer: TreeAnswer) -> list[str]:
    """Plain-text lines (unwrapped)."""
    lines = [f"{answer.heading}:"]
    for item in answer.items:
        cite = f"  [{'; '.join(item.cite)}]" if item.cite else ""
        lines.append(f"  - {item.text}{cite}")
        lines += [f"      {detail}" for detail in item.details]
    if answer.quotes:
        lines.append("  The paragraph says:")
        lines += [f"    {quote.citation}: {quote.text}" for quote in answer.quotes]
    return lines


def direct_markdown(answer: TreeAnswer) -> list[str]:
    """Markdown lines; the tree's and the guidance's words shown as written."""
    out = [f"**{escape_markdown(answer.heading)}:**", ""]
    for item in answer.items:
        cite = f" ({'; '.join(item.cite)})" if item.cite else ""
        out.append(f"- {escape_markdown(item.text)}{cite}")
        out += [f"  - {escape_markdown(detail)}" for detail in item.details]
    if answer.quotes:
        out += ["", "The paragraph says:", ""]
        for quote in answer.quotes:
            out += [f"> **{quote.citation}**: {escape_markdown(quote.text)}", ""]
    out.append("")
    return out
