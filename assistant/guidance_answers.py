"""Questions typed in the chat ("can a PCSO give a CR", "what is RUI"), answered from the guidance.

UI-free: the TUI and the plain-text mode both render a :class:`GuidanceReply`. A question about
who authorises or who may deliver is first answered from the tree itself (``direct_answers``):
the role and paragraph, before any search result. The reply then gives the
best paragraphs of the tree's own guidance (full-text search, then a preference for the paragraphs
the tree decides on), says at which question each is decided, and answers glossary look-ups from
the glossary document. Each paragraph is quoted in whole sentences, never cut before the words
that decide it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.corpus import Corpus, Paragraph
from assistant.corpus.search import query_words
from assistant.direct_answers import (
    GLOSSARY_DOC,
    TreeAnswer,
    direct_answer,
    direct_lines,
    direct_markdown,
)
from assistant.engine import Tree
from assistant.errors import InputError
from assistant.markdown_text import escape_markdown
from assistant.sentences import best_sentences, word_keys

# "what is RUI", "what's a PSE", "what does PSE mean", "what does CR stand for", "define DBS".
_LOOKUP = re.compile(
    r"^\s*(?:what\s+is|what's|whats|what\s+are|what\s+does|who\s+is|who\s+are|define|meaning\s+of"
    r"|/what)\s+(?:an?\s+|the\s+)?(?P<term>[\w/&.-]+?(?:\s+[\w/&.-]+?)??)"
    r"(?:\s+mean|\s+stand\s+for)?\s*[?.!]*\s*$",
    re.IGNORECASE,
)

# How much more a paragraph counts when the tree decides on it, or when it is the SOP itself
# rather than a note on it; and how much less when the tree says it decides nothing.
_DECIDED_BONUS = 0.25
_PRIMARY_BONUS = 0.3
_UNCITED_FACTOR = 0.5


@dataclass(frozen=True)
class DecisionPoint:
    """A question of the tree that cites the paragraph (or matches the words typed)."""

    question_id: str
    question: str


@dataclass(frozen=True)
class GuidanceHit:
    citation: str
    heading: str
    snippet: str  # whole sentences of the paragraph, those that hold the words asked about
    summary: str
    decided_at: tuple[DecisionPoint, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str
    citation: str


@dataclass(frozen=True)
class GuidanceReply:
    query: str
    hits: tuple[GuidanceHit, ...]
    questions: tuple[DecisionPoint, ...]  # tree questions whose words match the query
    glossary: GlossaryEntry | None = None
    direct: TreeAnswer | None = None  # who authorises / who may deliver, from the tree

    @property
    def empty(self) -> bool:
        return not (self.hits or self.questions or self.glossary or self.direct)


def answer_question(text: str, corpus: Corpus, tree: Tree, limit: int = 5) -> GuidanceReply:
    glossary = _glossary_entry(text, corpus)
    direct = direct_answer(text, corpus, tree) if glossary is None else None
    # After the tree's answer, the guidance is searched for the case asked about, not for the
    # asking words ("who authorises") that every authorisation paragraph holds.
    query = (
        glossary.term
        if glossary is not None
        else (direct.topic if direct and direct.topic else text)
    )
    decided = _decision_points(tree, corpus)
    uncited = {cite for cite, _ in tree.meta.uncited}
    documents = {*tree.meta.guidance, GLOSSARY_DOC}
    candidates = [
        hit
        for hit in corpus.search(query, limit=max(limit * 6, 30))
        if hit.paragraph.doc_id in documents
        and (glossary is None or hit.paragraph.citation != glossary.citation)
    ]

    def weight(paragraph: Paragraph, score: float) -> float:
        bonus = 1.0
        if paragraph.citation in decided:
            bonus += _DECIDED_BONUS
        if paragraph.doc_id == tree.meta.primary_document:
            bonus += _PRIMARY_BONUS
        if paragraph.citation in uncited:
            bonus *= _UNCITED_FACTOR
        return score * bonus

    ranked = sorted(candidates, key=lambda hit: -weight(hit.paragraph, hit.score))[:limit]
    asked = word_keys(" ".join(query_words(glossary.term if glossary is not None else text)))
    # Each snippet keeps the sentence naming the people the tree's answer names ("Inspector or
    # above must also give authority"), so no snippet stops before the words that decide it.
    deciding = word_keys(" ".join(direct.people)) if direct else set()
    hits = tuple(
        GuidanceHit(
            citation=hit.paragraph.citation,
            heading=" › ".join(hit.paragraph.heading_path),
            snippet=best_sentences(hit.paragraph.text, asked, deciding=deciding),
            summary=hit.paragraph.summary,
            decided_at=tuple(decided.get(hit.paragraph.citation, ())),
        )
        for hit in ranked
    )
    return GuidanceReply(text, hits, _matching_questions(query, tree), glossary, direct)


def _glossary_entry(text: str, corpus: Corpus) -> GlossaryEntry | None:
    match = _LOOKUP.match(text)
    if match is None or GLOSSARY_DOC not in corpus.documents:
        return None
    term = match.group("term").strip(" .")
    folded = term.casefold()
    # Terms of more than one word are labelled with hyphens ({#knife-crime}).
    wanted = {folded, folded.rstrip("s"), folded.replace(" ", "-")}
    for paragraph in corpus:
        if paragraph.doc_id == GLOSSARY_DOC and paragraph.pid.casefold() in wanted:
            term = paragraph.label or paragraph.pid
            return GlossaryEntry(term, paragraph.text, paragraph.citation)
    return None


def _decision_points(tree: Tree, corpus: Corpus) -> Mapping[str, list[DecisionPoint]]:
    """Paragraph citation -> the questions that cite it, in the tree's order."""
    points: dict[str, list[DecisionPoint]] = {}
    for node in tree.nodes.values():
        if node.kind != "question":
            continue
        for cite in node.cite:
            try:
                citation = corpus.resolve(cite, tree.meta.primary_document).citation
            except InputError:  # an unresolvable cite is the validator's business, not ours
                citation = cite
            points.setdefault(citation, []).append(DecisionPoint(node.id, node.text))
    return points


def _matching_questions(query: str, tree: Tree, limit: int = 3) -> tuple[DecisionPoint, ...]:
    """Questions whose text, help or answers hold the words typed, rarer words counting more."""
    words = {_stem(word) for word in query_words(query)}
    questions = [node for node in tree.nodes.values() if node.kind == "question"]
    if not words or not questions:
        return ()
    vocabulary = {
        node.id: {
            _stem(word)
            for word in re.findall(
                r"[a-z0-9]+",
                " ".join((node.text, node.help, *(a.label for a in node.answers))).lower(),
            )
        }
        for node in questions
    }
    # A word found in most questions (such as "CR") tells them apart no better than none.
    rarity = {
        word: max(
            0.0, math.log(len(questions) / (2 * sum(word in v for v in vocabulary.values()) or 1))
        )
        for word in words
    }
    best = sum(value for value in rarity.values() if value > 0)
    scored = []
    for node in questions:
        score = sum(rarity[word] for word in words & vocabulary[node.id])
        if score > 0 and score * 2 >= best:
            scored.append((score, DecisionPoint(node.id, node.text)))
    scored.sort(key=lambda item: -item[0])
    return tuple(point for _, point in scored[:limit])


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def reply_lines(reply: GuidanceReply) -> list[str]:
    """The reply as plain-text lines (unwrapped)."""
    lines: list[str] = direct_lines(reply.direct) if reply.direct is not None else []
    if reply.glossary is not None:
        lines.append(
            f"{reply.glossary.term}: {reply.glossary.meaning}  [{reply.glossary.citation}]"
        )
    if reply.hits:
        lines.append("In the guidance:" if not reply.glossary else "Where the guidance uses it:")
        for hit in reply.hits:
            lines.append(f"  {hit.citation}{_heading(hit.heading)}: {hit.snippet}")
            for point in hit.decided_at:
                lines.append(f"    decided at question '{point.question_id}': {point.question}")
    if reply.questions:
        lines.append("Questions of the tree about this:")
        lines += [f"  {point.question_id}: {point.question}" for point in reply.questions]
    if not lines:
        lines.append(f"Nothing in the guidance matches '{reply.query}'. Try other words.")
    return lines


def reply_markdown(reply: GuidanceReply) -> str:
    """The reply as Markdown, for a chat transcript."""
    out: list[str] = direct_markdown(reply.direct) if reply.direct is not None else []
    if reply.glossary is not None:
        entry = reply.glossary
        term, meaning = escape_markdown(entry.term), escape_markdown(entry.meaning)
        out += [f"**{term}**: {meaning} ({entry.citation})", ""]
    for hit in reply.hits:
        heading, snippet = _heading(escape_markdown(hit.heading)), escape_markdown(hit.snippet)
        out.append(f"- **{hit.citation}**{heading}: {snippet}")
        out += [
            f"  - decided at question *{escape_markdown(point.question)}* (`{point.question_id}`)"
            for point in hit.decided_at
        ]
    if reply.questions:
        out += ["", "Questions of the tree about this:", ""]
        out += [
            f"- *{escape_markdown(point.question)}* (`{point.question_id}`)"
            for point in reply.questions
        ]
    if not out:
        out.append(f"Nothing in the guidance matches '{reply.query}'. Try other words.")
    return "\n".join(out).strip() + "\n"


def guidance_reply_text(line: str, corpus: Corpus, tree: Tree) -> str:
    """A chat line ``/search WORDS`` or ``/what TERM`` answered as wrapped plain text."""
    from assistant.textout import wrap

    command, _, words = line.strip().partition(" ")
    text = f"what is {words}" if command.lower() == "/what" else words
    return "\n".join(wrap(line) for line in reply_lines(answer_question(text, corpus, tree)))


def _heading(heading: str) -> str:
    """ " (2.4 Drug Offences)", or nothing for a paragraph outside any heading."""
    heading = heading.strip().rstrip(":")
    return f" ({heading})" if heading else ""
