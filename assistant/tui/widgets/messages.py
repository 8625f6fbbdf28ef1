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
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets.option_list import Option

from assistant.tui.widgets.marked import MarkedOptionList

if TYPE_CHECKING:
    from textual.content import Content

    from assistant.corpus import Corpus, Paragraph
    from assistant.engine import Node
    from assistant.question_view import OfferedAnswer, QuestionCitation, QuestionModel


class CitationFold(Static, can_focus=True):
    """A paragraph id and one-line summary that opens, in place, to the full paragraph.

    One widget (Textual's Collapsible is three), since each new question is laid out on the key
    press that asks it. The Markdown is mounted below it on first opening only.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "open_or_close", "Open or close the paragraph", show=False)
    ]

    def __init__(self, cited: QuestionCitation, corpus: Corpus, default_doc: str | None) -> None:
        from assistant.errors import InputError

        self.paragraph: Paragraph | None
        try:
            # The whole paragraph, opened on request; the line shown is the model's.
            self.paragraph = corpus.resolve(cited.written, default_doc)
        except InputError:
            self.paragraph = None
        self.title = citation_title(cited)
        super().__init__(markup=False, classes="citation")
        self.corpus = corpus
        self._collapsed = True
        self._body: Widget | None = None
        self._show_title()

    def _show_title(self) -> None:
        # The state is in the symbol as well as in what follows (not by colour alone).
        self.update(f"{'▶' if self._collapsed else '▼'} {self.title}")

    @property
    def collapsed(self) -> bool:
        return self._collapsed

    @collapsed.setter
    def collapsed(self, collapsed: bool) -> None:
        self._collapsed = collapsed
        self._show_title()
        parent = self.parent
        if self.paragraph is None or not isinstance(parent, Widget):
            return
        # Opened, the paragraph is read from this line down: the transcript stops following
        # its newest lines (which would scroll this one away) until the next question.
        for ancestor in self.ancestors:
            if isinstance(ancestor, Widget) and ancestor.is_anchored:
                ancestor.release_anchor()
        if not collapsed and self._body is None:
            from textual.widgets import Markdown

            self._body = Markdown(
                paragraph_markdown(self.paragraph, self.corpus), classes="citation-body"
            )
            parent.mount(self._body, after=self)
        elif self._body is not None:
            self._body.display = not collapsed

    def action_open_or_close(self) -> None:
        self.collapsed = not self.collapsed

    def on_click(self) -> None:
        self.action_open_or_close()


def citation_title(cited: QuestionCitation) -> str:
    """A cited paragraph's line: its id and the sentence of it bearing on the question."""
    return f"§ {cited.citation}: {cited.gist}" if cited.gist else f"§ {cited.citation}"


def question_heading(question: QuestionModel, path: tuple[str, ...], trainer: bool) -> Content:
    """A question's text, numbered; with the trainer view on, its node id and the path to it."""
    from textual.content import Content

    parts: list[Content | str] = [Content.styled(question.heading, "bold")]
    if trainer:
        walked = " → ".join((*path, question.node_id))
        parts += ["\n", Content.styled(f"node: {question.node_id}; path: {walked}", "dim")]
    return Content.assemble(*parts)


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


class AnswerOptions(MarkedOptionList):
    """The offered answers, numbered; the remembered one is highlighted and marked."""

    def __init__(self, answers: tuple[OfferedAnswer, ...]) -> None:
        options = [Option(answer.line, id=str(answer.number)) for answer in answers]
        super().__init__(*options, classes="answers")
        self._default = next((i for i, answer in enumerate(answers) if answer.earlier), None)

    def on_mount(self) -> None:
        self.highlighted = self._default


class QuestionMessage(Vertical):
    """One question from the assistant, with its citations, help and (while current) answers,
    laid out from its :class:`assistant.question_view.QuestionModel` (what ``ask`` prints)."""

    def __init__(
        self,
        question: QuestionModel,
        node: Node,
        step_index: int,
        corpus: Corpus,
        default_doc: str | None,
        current: bool = False,
        path: tuple[str, ...] = (),
        trainer: bool = False,
    ) -> None:
        super().__init__(classes="question current" if current else "question")
        self.question = question
        self.trainer = trainer
        self.node = node
        # Position of this question's answer in Session.steps.
        self.step_index = step_index
        self.corpus = corpus
        self.default_doc = default_doc
        # Node ids walked before this question (the trainer view shows them).
        self.path = path

    def compose(self) -> ComposeResult:
        question = self.question
        yield Static(question_heading(question, self.path, self.trainer), classes="question-text")
        for cited in question.citations:
            yield CitationFold(cited, self.corpus, self.default_doc)
        if question.help:
            yield Static(question.help, markup=False, classes="help")
        if "current" in self.classes:
            yield AnswerOptions(question.answers)

    def show_trainer(self, trainer: bool) -> None:
        """With the trainer view on, the node id and the path walked are shown too."""
        self.trainer = trainer
        self.query_one(".question-text", Static).update(
            question_heading(self.question, self.path, trainer)
        )

    def options(self) -> AnswerOptions | None:
        found = self.query(AnswerOptions)
        return found.first() if found else None

    def answered(self) -> AnsweredQuestion:
        """This question folded to one widget, once it has been answered."""
        return AnsweredQuestion(
            self.question, self.node, self.step_index, path=self.path, trainer=self.trainer
        )


class AnsweredQuestion(Static):
    """An answered question as one widget: its text and its paragraph ids, each of which
    shows the paragraph in full when selected.

    Textual lays out every widget in the transcript again for each new question, so an answered
    question is folded from a container of widgets into this single one."""

    def __init__(
        self,
        question: QuestionModel,
        node: Node,
        step_index: int,
        path: tuple[str, ...] = (),
        trainer: bool = False,
    ) -> None:
        super().__init__(classes="question answered")
        self.question = question
        self.node = node
        self.step_index = step_index
        self.path = path
        self.show_trainer(trainer)

    def show_trainer(self, trainer: bool) -> None:
        """With the trainer view on, the node id and the path walked are shown too."""
        from textual.content import Content
        from textual.style import Style

        citations = self.question.citations  # none in training: held back
        parts: list[Content | str] = [question_heading(self.question, self.path, trainer)]
        if citations:
            links = [
                Content(cited.citation).stylize(
                    Style.from_meta({"@click": f"cite({cited.written!r})"})
                )
                for cited in citations
            ]
            parts += ["\n", Content.styled("§ ", "dim"), Content(" · ").join(links)]
            self.tooltip = "Select a paragraph id to read the paragraph in full"
        self.update(Content.assemble(*parts))

    def action_cite(self, citation: str) -> None:
        show = getattr(self.app, "show_paragraph", None)
        if show is not None:
            show(citation)


class ReplyMessage(Static, can_focus=True):
    """The officer's answer. Selecting it (click or Enter) goes back to change it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "change", "Change")]

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
