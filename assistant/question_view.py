"""A question as one structured model: its heading, cited paragraphs, help and offered answers.

Built once from the walk; ``cr-assistant ask`` prints it and the TUI lays it out as widgets, so
the two cannot word a question differently (as the result does with
:mod:`assistant.presentation`). UI-free: no Textual, no Rich.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.corpus import Corpus
from assistant.engine import Session
from assistant.errors import InputError

# A gist's length: with its citation, two lines at 80 columns, so at 80x24 the TUI keeps every
# answer of every question in view (the whole paragraph is one key away: ``?``, or opening it).
GIST_CHARS = 110

# The one wording for the answer given before the officer went back to this question.
EARLIER_ANSWER = "your earlier answer"


@dataclass(frozen=True)
class QuestionCitation:
    """A paragraph the question cites, by the sentence of it bearing on the question."""

    # As the tree writes it (what opens the whole paragraph).
    written: str
    # The paragraph's own citation ("O32g 2.3.3"); the written one where none is found.
    citation: str
    # The sentence bearing on the question; "" where no paragraph is found.
    gist: str


@dataclass(frozen=True)
class OfferedAnswer:
    number: int
    label: str
    # The answer given before the officer went back (pre-selected in the TUI).
    earlier: bool = False

    @property
    def line(self) -> str:
        """The answer as every front end shows it: "2. Yes — your earlier answer" (a dash, not
        brackets, as labels end in their own: "18 or over (an adult)")."""
        marker = f" — {EARLIER_ANSWER}" if self.earlier else ""
        return f"{self.number}. {self.label}{marker}"


@dataclass(frozen=True)
class QuestionModel:
    """What every rendering of a question shows, in the order an officer reads it."""

    node_id: str
    # None for an information step (it is not counted as a question).
    number: int | None
    text: str
    citations: tuple[QuestionCitation, ...]
    help: str
    answers: tuple[OfferedAnswer, ...]
    # Training: the paragraphs and help are held back until the answer is given.
    held_back: bool = False

    @property
    def heading(self) -> str:
        return self.text if self.number is None else f"Q{self.number}. {self.text}"

    @property
    def earlier(self) -> int | None:
        """Position (0-based) of the earlier answer, if it is still offered."""
        return next((i for i, answer in enumerate(self.answers) if answer.earlier), None)


def build_question(
    session: Session, corpus: Corpus, number: int, training: bool = False
) -> QuestionModel:
    """The current question of ``session``, shown as question ``number``
    (:func:`assistant.conversation.question_number`); in ``training`` without its paragraphs and
    help."""
    node = session.current
    default = session.default()
    answers = tuple(
        OfferedAnswer(position, answer.label, default == position - 1)
        for position, answer in enumerate(session.offered(), start=1)
    )
    citations: tuple[QuestionCitation, ...] = ()
    if not training:
        # The question and its answers say most about which sentence of a paragraph bears on
        # it; its help says more.
        focus = " ".join([node.text, *(answer.label for answer in node.answers)])
        citations = tuple(
            _citation(corpus, written, session.tree.meta.primary_document, node.help, focus)
            for written in node.cite
        )
    return QuestionModel(
        node_id=node.id,
        number=number if node.kind == "question" else None,
        text=node.text,
        citations=citations,
        help="" if training else node.help,
        answers=answers,
        held_back=training,
    )


def _citation(
    corpus: Corpus, written: str, default_doc: str | None, about: str, focus: str
) -> QuestionCitation:
    try:
        paragraph = corpus.resolve(written, default_doc)
    except InputError:  # a validated tree cites only paragraphs that exist; shown by id if not
        return QuestionCitation(written, written, "")
    return QuestionCitation(
        written, paragraph.citation, paragraph.gist(about, focus, most=GIST_CHARS)
    )
