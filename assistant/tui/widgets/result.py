"""The result, laid out like a GOV.UK smart answer: the outcome first, then your answers.

It lays out the sections of :mod:`assistant.presentation`, the same ones the plain-text mode,
the exports and the JSON show; this module adds only marks and widgets. Meaning is never
carried by colour alone: every line that matters starts with a word or symbol, and nothing
still to be done carries a tick.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from assistant.tui.widgets.messages import ReplyMessage

if TYPE_CHECKING:
    from assistant.contacts import ContactBook
    from assistant.corpus import Corpus
    from assistant.engine import Recommendation, Tree
    from assistant.presentation import Line, ResultModel, Section

# The verdict's mark: a tick only for a CR with nothing left to obtain.
VERDICT_MARKS = {"cr": "✔", "cr_to_authorise": "☐", "cr_out_of_time": "⚠", "not_cr": "✘"}


def cites_text(cites: tuple[str, ...]) -> str:
    """The paragraphs after a line, as every TUI line shows them."""
    return f" [{'; '.join(cites)}]" if cites else ""


class ResultView(Vertical):
    """The outcome of the walk. Its CSS id is ``result`` (a contract with the benchmark)."""

    def __init__(
        self,
        rec: Recommendation,
        tree: Tree,
        corpus: Corpus,
        contacts: ContactBook | None,
        today: dt.date | None,
    ) -> None:
        from assistant.presentation import build_result

        super().__init__(id="result")
        self.rec = rec
        self.policy_tree = tree
        # ``contacts``: the app's result_contacts (None unless the officer wrote a contacts file).
        self.model: ResultModel = build_result(rec, tree, corpus, today, contacts)

    def _line(self, text: str, classes: str = "") -> Static:
        return Static(text, markup=False, classes=f"result-line {classes}".strip())

    def compose(self) -> ComposeResult:
        for section in self.model.sections:
            if section.id == "answers":
                with Horizontal(classes="result-actions"):
                    yield Button("Export rationale (ctrl+s)", id="export", compact=True)
                    yield Button("Start again (ctrl+r)", id="start-again", compact=True)
            answered = 0
            for row in section_rows(self.model, section):
                if row.answer_of:
                    # The officer's own answers can be selected to change them.
                    yield ReplyMessage(row.text, row.answer_of, answered)
                    answered += 1
                else:
                    yield self._line(row.text, row.classes)


@dataclass(frozen=True)
class ResultRow:
    """One widget of the result view: a line of text, or (``answer_of`` set) the officer's own
    answer to that question, shown as a reply they can select to change it."""

    text: str
    classes: str = ""
    answer_of: str = ""


def section_rows(model: ResultModel, section: Section) -> list[ResultRow]:
    """The rows one section of the model is shown as, heading first: the whole layout of the
    result view, so a test can check it shows every line of every result without an app."""
    rows = [ResultRow(section.heading, f"result-heading section-{section.id}")]
    for line in section.lines:
        if section.id == "answers" and line.kind == "answer":
            rows.append(ResultRow(line.text, answer_of=line.ref))
        else:
            rows.append(ResultRow(_line_text(model, line), _line_classes(line)))
    return rows


def _line_text(model: ResultModel, line: Line) -> str:
    indent = "  " * line.depth
    warn = "⚠ Warning: " if line.warning else ""
    if line.kind == "headline":
        mark = VERDICT_MARKS[model.verdict]
        return f"{mark} {line.text}{cites_text(line.cite)}"
    if line.kind == "todo":
        return f"{indent}☐ {warn}{line.text}{cites_text(line.cite)}"
    if line.kind == "hint":
        tip = " Type 'date YYYY-MM-DD' (the offence date) to work it out."
        return f"{indent}⏱ {line.text}{tip}{cites_text(line.cite)}"
    if line.kind == "answer":
        return f"{indent}→ {line.text}{cites_text(line.cite)}"
    mark = "• " if line.kind == "item" else ""
    warn = "⚠ " if line.warning else ""
    return f"{indent}{mark}{warn}{line.text}{cites_text(line.cite)}"


def _line_classes(line: Line) -> str:
    classes = {
        "headline": "disposal",
        "todo": "todo",
        "question": "answer-question",
        "hint": "hint",
    }.get(line.kind, "")
    return f"{classes} warning".strip() if line.warning else classes
