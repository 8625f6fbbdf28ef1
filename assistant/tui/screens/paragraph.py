"""One paragraph of the guidance in full, with where it comes from and whether it is current."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from assistant.corpus import Document, Paragraph


def paragraph_markdown(paragraph: Paragraph, document: Document) -> str:
    """What ``textout.paragraph_block`` prints, as Markdown: citation, document, where in it, the
    paragraph, any transcription notes and the document's review status."""
    status = document.review_status()
    where = " > ".join(paragraph.heading_path)
    source = document.title + (f" ({document.force})" if document.force else "")
    lines = [f"## {paragraph.citation}", "", f"**{source}**", ""]
    if where:
        lines += [f"*{where}*", ""]
    lines += [paragraph.markdown, ""]
    lines += [f"*Transcription note: {note}*\n" for note in paragraph.notes]
    review = f"**WARNING: {status.message}**" if status.overdue else status.message
    lines += ["---", "", review]
    return "\n".join(lines)


class ParagraphScreen(ModalScreen[None]):
    """The full paragraph as Markdown; Escape (or q) closes it with None."""

    DEFAULT_CSS = """
    ParagraphScreen { align: center middle; }
    ParagraphScreen > VerticalScroll {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, paragraph: Paragraph, document: Document) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.document = document

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(paragraph_markdown(self.paragraph, self.document), id="paragraph")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
