"""Full-text search over the corpus with SQLite FTS5 (porter stemming, bm25, snippets)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from assistant.corpus.model import FOUND_END, FOUND_START, Paragraph, SearchHit

_WORD = re.compile(r"[A-Za-z0-9]+")
# Words that carry no meaning in a question to the guidance ("can a PCSO give a CR").
_STOP = frozenset(
    "a an the and or of to in on for is are be can could may might i we you it do does did "
    "what who whom when where which how should would will with by this that there their "
    "give given get me my our please about as".split()
)
# Phrases whose words mean something only together, and the words the guidance uses for them.
_PHRASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("class", "a"): ('"class a"',),
    ("class", "b"): ('"class b"',),
    ("class", "c"): ('"class c"',),
    ("under", "18"): ("juvenile", '"under 18"'),
    ("cr",): ("cr", '"community resolution"'),
    ("crs",): ("cr", '"community resolutions"'),
}


class SearchIndex:
    def __init__(self, paragraphs: Iterable[Paragraph]) -> None:
        # The corpus's paragraphs (not the Corpus: index.py imports this module, not the reverse).
        self._paragraphs = list(paragraphs)
        self._db = sqlite3.connect(":memory:")
        self._db.execute(
            "CREATE VIRTUAL TABLE para USING fts5("
            "citation UNINDEXED, heading, body, tokenize='porter unicode61')"
        )
        self._db.executemany(
            "INSERT INTO para(rowid, citation, heading, body) VALUES (?, ?, ?, ?)",
            [
                (row, p.citation, " ".join((p.doc_id, p.pid, *p.heading_path)), p.text)
                for row, p in enumerate(self._paragraphs)
            ],
        )

    def search(self, query: str, limit: int = 5) -> list[SearchHit]:
        terms = _terms(query)
        if not terms:
            return []
        # All terms first; if nothing has all of them, rank by any of them.
        for joiner in (" AND ", " OR "):
            rows = self._db.execute(
                "SELECT rowid, snippet(para, 2, ?, ?, '…', 16), bm25(para, 0.0, 2.0, 1.0) "
                "FROM para WHERE para MATCH ? ORDER BY bm25(para, 0.0, 2.0, 1.0) LIMIT ?",
                (FOUND_START, FOUND_END, joiner.join(terms), limit),
            ).fetchall()
            if rows:
                return [
                    SearchHit(paragraph=self._paragraphs[row], marked=snippet, score=-score)
                    for row, snippet, score in rows
                ]
        return []


def query_words(query: str) -> list[str]:
    """The words of a query that carry meaning (lower case, stopwords dropped)."""
    return [word for word in (w.lower() for w in _WORD.findall(query)) if word not in _STOP]


def _terms(query: str) -> list[str]:
    words = [word.lower() for word in _WORD.findall(query)]
    terms: list[str] = []
    index = 0
    while index < len(words):
        for size in (2, 1):
            phrase = tuple(words[index : index + size])
            if len(phrase) == size and phrase in _PHRASES:
                expansions = _PHRASES[phrase]
                terms.append(
                    "(" + " OR ".join(expansions) + ")" if len(expansions) > 1 else expansions[0]
                )
                index += size
                break
        else:
            word = words[index]
            if word not in _STOP:
                terms.append(f'"{word}"')
            index += 1
    return terms
