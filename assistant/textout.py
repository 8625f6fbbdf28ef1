"""Plain-text helpers shared by the commands: wrapping to the terminal, paragraph blocks."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Iterable

from assistant.corpus import Corpus, Document, Paragraph
from assistant.terminal_text import terminal_safe


def width() -> int:
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


# A list marker at the start of a line: wrapped lines hang under the text after it.
_MARKER = re.compile(r"^(\s*)((?:\d+\.|-|•|\[ \]|->)\s+)?")


def wrap(text: str, indent: str = "") -> str:
    """``text`` wrapped to the terminal, each line after its list marker; any control, bidi or
    zero-width character is shown as ``\\uXXXX`` (text from a force folder is never obeyed)."""
    lines = []
    for line in terminal_safe(text).splitlines():
        if not line.strip():
            lines.append("")
            continue
        found = _MARKER.match(line)
        hanging = indent + " " * (found.end() if found else 0)
        lines.append(
            textwrap.fill(
                line.strip(),
                width=width(),
                initial_indent=indent + line[: len(line) - len(line.lstrip())],
                subsequent_indent=hanging,
            )
        )
    return "\n".join(lines)


def paragraph_block(paragraph: Paragraph, document: Document, status: bool = True) -> str:
    lines = [
        f"{paragraph.citation} — {document.title}"
        + (f" ({document.force})" if document.force else ""),
        " › ".join(paragraph.heading_path),
        "",
        wrap(paragraph.text, indent="  "),
    ]
    for note in paragraph.notes:
        lines += ["", wrap(f"Transcription note: {note}", indent="  ")]
    if status:
        lines += ["", review_line(document)]
    return "\n".join(lines)


def review_line(document: Document) -> str:
    status = document.review_status()
    return wrap(("WARNING: " if status.overdue else "") + status.message)


def paragraph_blocks(paragraphs: Iterable[Paragraph], corpus: Corpus) -> str:
    """Several paragraphs, a blank line between them; each document's review status once, after
    its last paragraph (not repeated under every paragraph of an overdue SOP)."""
    paragraphs = list(paragraphs)
    last_of = {corpus.document_of(p).doc_id: index for index, p in enumerate(paragraphs)}
    blocks = []
    for index, paragraph in enumerate(paragraphs):
        document = corpus.document_of(paragraph)
        last = last_of[document.doc_id] == index
        blocks.append(paragraph_block(paragraph, document, status=last))
    return "\n\n".join(blocks)
