"""The things the corpus hands out: documents, paragraphs and search hits."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ReviewStatus:
    """Whether a document is past its next-review date, in words a reader can act on."""

    overdue: bool
    known: bool
    message: str


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str
    path: Path
    paragraph_mode: str
    force: str | None = None
    reference: str | None = None
    amended: str | None = None
    last_reviewed: str | None = None
    next_review: str | None = None
    owner: str | None = None
    source: str | None = None
    summary: str | None = None
    notes: tuple[str, ...] = ()

    def review_status(self, today: dt.date | None = None) -> ReviewStatus:
        today = today or dt.date.today()
        owner = (
            f" Ask its owner, the {self.owner}, whether it is still current." if self.owner else ""
        )
        if not self.next_review:
            return ReviewStatus(
                overdue=False,
                known=False,
                message=f"{self.doc_id} gives no review date.{owner}",
            )
        due = _end_of_period(self.next_review)
        when = _month_name(self.next_review)
        if today > due:
            return ReviewStatus(
                overdue=True,
                known=True,
                message=(
                    f"Review overdue: {self.doc_id} was due for review in {when} and no later "
                    f"version is held here.{owner}"
                ),
            )
        return ReviewStatus(
            overdue=False, known=True, message=f"{self.doc_id} is next due for review in {when}."
        )


def _end_of_period(text: str) -> dt.date:
    """'2024-04' -> 30 April 2024; '2024-04-06' -> that day."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    year, month = parts[0], parts[1]
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_name(text: str) -> str:
    parts = [int(p) for p in text.split("-")]
    name = f"{calendar.month_name[parts[1]]} {parts[0]}"
    return f"{parts[2]} {name}" if len(parts) == 3 else name


@dataclass(frozen=True)
class Paragraph:
    """One citable paragraph: its id, where it sits and its exact text."""

    doc_id: str
    pid: str
    label: str
    heading_path: tuple[str, ...]
    markdown: str
    text: str
    source: Path
    line: int
    notes: tuple[str, ...] = field(default=())

    @property
    def citation(self) -> str:
        return f"{self.doc_id} {self.pid}"

    @property
    def summary(self) -> str:
        """The first sentence, cut to one line."""
        return _one_line(self.text)

    def gist(self, about: str, focus: str = "", most: int | None = None) -> str:
        """The sentence that bears most on ``about`` and ``focus`` (a question's help; the question
        and its answers), cut to
        one line: beside the weapon question, 2.3.3's juvenile knife/weapon sentence, not its
        first ("Sexual and indictable only offences remain excluded"). The summary when no
        sentence bears more on it than the first."""
        from assistant.corpus.search import query_words
        from assistant.sentences import split_sentences, word_keys

        def keys(text: str) -> set[str]:  # the words that carry meaning, not "a", "or", "the"
            return word_keys(" ".join(query_words(text)))

        # The question and its answers (``focus``) say more about it than its help (``about``).
        wanted, focused = keys(about) | keys(focus), keys(focus)
        sentences = split_sentences(self.text)
        if len(sentences) < 2 or not wanted:
            return self.summary
        overlap = [
            len(keys(sentence) & wanted) + len(keys(sentence) & focused) for sentence in sentences
        ]
        best = max(range(len(sentences)), key=lambda index: (overlap[index], -index))
        if overlap[best] <= overlap[0]:
            return self.summary
        return "… " + _one_line(sentences[best], most or _GIST_CHARS)


# A chosen sentence may take two lines: "… cannot be given for knife/weapon related offences."
_GIST_CHARS = 150


def _one_line(text: str, most: int = 110) -> str:
    """The first sentence, cut at a word to at most ``most`` characters."""
    first = text.split("\n", 1)[0]
    end = first.find(". ")
    if 0 < end < most:
        first = first[: end + 1]
    if len(first) <= most:
        return first
    cut = first[: most - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


# Where a snippet's found words start and end: control characters, which validated guidance
# text never holds, so no mark can be confused with the paragraph's own "**" or "_".
FOUND_START = "\x02"
FOUND_END = "\x03"


@dataclass(frozen=True)
class SearchHit:
    paragraph: Paragraph
    marked: str  # the snippet, each word found between FOUND_START and FOUND_END
    score: float

    @property
    def snippet(self) -> str:
        """Plain text, as a screen reader or a log reads it: no marks around the words found."""
        return self.marked.replace(FOUND_START, "").replace(FOUND_END, "")

    def snippet_markdown(self) -> str:
        """Markdown: the paragraph's words escaped (shown as written), the words found bold."""
        from assistant.markdown_text import escape_markdown

        def escaped(part: str) -> str:  # the spaces around a part kept (escaping trims them)
            lead = " " if part[:1].isspace() else ""
            trail = " " if part[-1:].isspace() and part.strip() else ""
            return lead + escape_markdown(part) + trail

        parts = re.split(f"({FOUND_START}[^{FOUND_END}]*{FOUND_END})", self.marked)
        return "".join(
            f"**{escape_markdown(part[1:-1])}**" if part.startswith(FOUND_START) else escaped(part)
            for part in parts
        )
