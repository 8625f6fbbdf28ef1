"""The transcript's messages: questions from the assistant, the officer's replies, notes.

Every question widget carries the CSS class ``question`` and the one being asked also
``current`` (the benchmark and the tests find them by these classes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Collapsible, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from assistant.corpus import Corpus, Paragraph
    from assistant.engine import Answer, Node


class CitationFold(Collapsible):
    """A paragraph id and one-line summary that opens, in place, to the full paragraph.

    The Markdown is mounted on first opening only, so a question appears without rendering it.
    """

    def __init__(self, citation: str, corpus: Corpus, default_doc: str | None) -> None:
        from assistant.errors import InputError

        self.paragraph: Paragraph | None
        try:
            self.paragraph = corpus.resolve(citation, default_doc)
            title = f"§ {self.paragraph.citation}: {self.paragraph.summary}"
        except InputError:
            self.paragraph = None
            title = f"§ {citation}"
        super().__init__(title=title, collapsed=True, classes="citation")
        self.corpus = corpus
        self._filled = False

    def on_collapsible_expanded(self, event: Collapsible.Expanded) -> None:
        event.stop()
        if self._filled or self.paragraph is None:
            return
        self._filled = True
        from textual.widgets import Markdown

        self.query_one(Collapsible.Contents).mount(
            Markdown(paragraph_markdown(self.paragraph, self.corpus))
        )


def paragraph_markdown(paragraph: object, corpus: Corpus) -> str:
    """A paragraph as Markdown: where it sits, its text, notes and its document's review status."""
    from assistant.corpus import Paragraph

    assert isinstance(paragraph, Paragraph)
    document = corpus.document_of(paragraph)
    lines = [
        f"**{paragraph.citation}** ({document.title}) › " + " › ".join(paragraph.heading_path),
        "",
        paragraph.markdown,
    ]
    for note in paragraph.notes:
        lines += ["", f"> Transcription note: {note}"]
    status = document.review_status()
    lines += ["", ("⚠ " if status.overdue else "") + status.message]
    return "\n".join(lines)


class AnswerOptions(OptionList):
    """The offered answers, numbered; the remembered one is highlighted and marked."""

    def __init__(self, offered: tuple[Answer, ...], default: int | None) -> None:
        options = []
        for position, answer in enumerate(offered, start=1):
            marker = "  ← your earlier answer" if default == position - 1 else ""
            options.append(Option(f"{position}. {answer.label}{marker}", id=str(position)))
        super().__init__(*options, classes="answers")
        self._default = default

    def on_mount(self) -> None:
        self.highlighted = self._default


class QuestionMessage(Vertical):
    """One question from the assistant, with its citations, help and (while current) answers."""

    def __init__(
        self,
        node: Node,
        number: int,
        step_index: int,
        corpus: Corpus,
        default_doc: str | None,
        offered: tuple[Answer, ...] = (),
        default: int | None = None,
        current: bool = False,
        show_citations: bool = True,
        path: tuple[str, ...] = (),
    ) -> None:
        super().__init__(classes="question current" if current else "question")
        self.node = node
        self.number = number
        # Position of this question's answer in Session.steps.
        self.step_index = step_index
        self.corpus = corpus
        self.default_doc = default_doc
        self.offered = offered
        self.default = default
        self.show_citations = show_citations
        # Node ids walked before this question (the trainer view shows them).
        self.path = path

    def compose(self) -> ComposeResult:
        node = self.node
        heading = f"Q{self.number}. {node.text}" if node.kind == "question" else node.text
        yield Static(heading, markup=False, classes="question-text")
        walked = f"; path: {' → '.join((*self.path, node.id))}" if self.path else ""
        yield Static(f"node: {node.id}{walked}", markup=False, classes="node-id")
        if self.show_citations:
            for citation in node.cite:
                yield CitationFold(citation, self.corpus, self.default_doc)
            if node.help:
                yield Static(node.help, markup=False, classes="help")
        if "current" in self.classes:
            yield AnswerOptions(self.offered, self.default)

    def options(self) -> AnswerOptions | None:
        found = self.query(AnswerOptions)
        return found.first() if found else None

    async def settle(self) -> None:
        """Answered: no longer current; the answers, help and citation folds give way to one
        line of citations (the reply follows it). Every widget left in the transcript is laid
        out again on each new question, so an answered question keeps as few as it can."""
        self.remove_class("current")
        doomed = [
            child
            for child in self.children
            if isinstance(child, AnswerOptions | CitationFold) or child.has_class("help")
        ]
        # Not awaited: the changes join the reply and the next question in one layout pass.
        if self.show_citations and self.node.cite:
            self.mount(CitedLine(self.node.cite))
        if doomed:
            self.remove_children(doomed)


class CitedLine(Static):
    """An answered question's paragraph ids; selecting them shows the paragraphs in full."""

    def __init__(self, citations: tuple[str, ...]) -> None:
        super().__init__("§ " + " · ".join(citations), markup=False, classes="cited")
        self.citations = citations
        self.tooltip = "Select to show the paragraph in full"

    def on_click(self) -> None:
        show = getattr(self.app, "show_paragraph", None)
        if show is not None:
            for citation in self.citations:
                show(citation)


class ReplyMessage(Static, can_focus=True):
    """The officer's answer. Selecting it (click or Enter) goes back to change it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "change", "Change this answer")]

    class ChangeRequested(Message):
        def __init__(self, question_id: str) -> None:
            super().__init__()
            self.question_id = question_id

    def __init__(self, label: str, question_id: str, step_index: int, kept: bool = False) -> None:
        suffix = " (kept from before)" if kept else ""
        self.label = f"You: {label}{suffix}"
        self.text = f"{self.label}   ✎ change"
        super().__init__(self.text, markup=False, classes="reply")
        self.question_id = question_id
        self.step_index = step_index
        self.tooltip = "Select (click or Enter) to change this answer"

    def on_focus(self) -> None:
        # Focus is shown in words too, not by colour alone.
        self.update(f"▶ {self.label}   ✎ Enter changes it")

    def on_blur(self) -> None:
        self.update(self.text)

    def on_click(self) -> None:
        self.post_message(self.ChangeRequested(self.question_id))

    def action_change(self) -> None:
        self.post_message(self.ChangeRequested(self.question_id))


class NoteMessage(Static):
    """A short message from the assistant: a notice, an error, what happened after a change."""

    def __init__(self, text: str, kind: str = "note") -> None:
        super().__init__(text, markup=False, classes=f"note {kind}")


class UserLine(Static):
    """What the officer typed, when it was a command or a question rather than an answer."""

    def __init__(self, text: str) -> None:
        super().__init__(f"You: {text}", markup=False, classes="reply typed")


class MarkdownReply(Vertical):
    """A longer reply from the assistant (a paragraph, search hits), rendered as Markdown."""

    def __init__(self, title: str, markdown: str) -> None:
        super().__init__(classes="markdown-reply")
        self.title_text = title
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        yield Static(self.title_text, markup=False, classes="reply-title")
        yield Markdown(self.markdown)
