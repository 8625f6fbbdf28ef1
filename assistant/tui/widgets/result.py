"""The result, laid out like a GOV.UK smart answer: the outcome first, then your answers.

The words come from the recommendation and :mod:`assistant.report` (the same stamp, review line
and contact wording as the plain-text mode and the exports); this module only lays them out.
Meaning is never carried by colour alone: every line that matters starts with a word or symbol.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from assistant.tui.widgets.messages import ReplyMessage

if TYPE_CHECKING:
    from assistant.contacts import ContactBook
    from assistant.corpus import Corpus
    from assistant.engine import Recommendation, Tree


def _cites(cites: tuple[str, ...]) -> str:
    return f"[{'; '.join(cites)}]" if cites else ""


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
        super().__init__(id="result")
        self.rec = rec
        self.policy_tree = tree
        self.corpus = corpus
        self.contacts = contacts
        self.today = today

    def _line(self, text: str, classes: str = "") -> Static:
        return Static(text, markup=False, classes=f"result-line {classes}".strip())

    def compose(self) -> ComposeResult:
        from assistant.contacts import contact_first_text
        from assistant.report import (
            _no_authoriser_line,
            completion_text,
            policy_stamp,
            review_line,
        )

        rec, tree = self.rec, self.policy_tree
        yield self._line("Based on your answers", "result-heading")
        mark = "✔" if rec.is_cr else "✘ Not a Community Resolution:"
        yield self._line(f"{mark} {rec.disposal_label}: {rec.title}", "disposal")
        yield self._line(f"{rec.explanation} {_cites(rec.cite)}")
        if not rec.is_cr:
            yield self._line(f"Route: {rec.route.text} {_cites(rec.route.cite)}".rstrip())
        if rec.authorisations:
            yield self._line(
                "Authorisation required (every one below, highest rank first)", "result-heading"
            )
            for item in rec.authorisations:
                yield self._line(
                    f"✔ Authorise: {item.role.name}: {item.reason} {_cites(item.cite)}",
                    "authorisation",
                )
            first = rec.contact_first
            if first is not None:
                local = self.contacts.for_role(first.id) if self.contacts is not None else None
                yield self._line(f"☎ {contact_first_text(first, local)}")
        elif rec.is_cr:
            yield self._line(_no_authoriser_line(rec, tree))
        if rec.completion_date is not None and rec.offence_date is not None:
            yield self._line(
                f"⏱ {completion_text(rec, tree)} {_cites(rec.completion_cite)}",
                "completion warning" if rec.completion_passed else "completion",
            )
        elif rec.completion_applies:
            yield self._line(
                f"Type 'date YYYY-MM-DD' (the offence date) for the latest completion date "
                f"({tree.meta.completion_weeks} weeks) {_cites(tree.meta.completion_cite)}",
                "hint",
            )
        if rec.obligations:
            yield self._line("What you must do and record", "result-heading")
            for duty in rec.obligations:
                mark = "☐ ⚠ Warning: " if duty.warning else "☐ "
                yield self._line(
                    f"{mark}{duty.text} {_cites(duty.cite)}",
                    "obligation warning" if duty.warning else "obligation",
                )
        if rec.readings:
            yield self._line(
                "Where the SOP is silent or unclear, this is the reading taken", "result-heading"
            )
            for reading in rec.readings:
                yield self._line(f"• {reading.text} {_cites(reading.cite)}")
            if rec.ask is not None:
                local = self.contacts.for_role(rec.ask.id) if self.contacts is not None else None
                mine = f" Local contact: {local.summary()}" if local is not None else ""
                yield self._line(f"? If in doubt ask the {rec.ask.name}.{mine}")
        status = self.corpus.document(tree.meta.primary_document).review_status(self.today)
        yield self._line(
            ("⚠ " if status.overdue else "") + review_line(tree, self.corpus, self.today),
            "review warning" if status.overdue else "review",
        )
        yield self._line(f"Tree: {tree.id}, {policy_stamp(tree, self.corpus)}", "stamp")
        with Horizontal(classes="result-actions"):
            yield Button("Export rationale (ctrl+s)", id="export", compact=True)
            yield Button("Start again (ctrl+r)", id="start-again", compact=True)
        yield self._line("Your answers", "result-heading")
        for index, step in enumerate(rec.path):
            yield self._line(f"{step.question} {_cites(step.cite)}", "answer-question")
            yield ReplyMessage(step.answer, step.question_id, index)
