"""Plain-text helpers shared by the commands: wrapping to the terminal, paragraph blocks."""

from __future__ import annotations

import shutil
import textwrap

from assistant.corpus import Document, Paragraph


def width() -> int:
    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


def wrap(text: str, indent: str = "") -> str:
    return "\n".join(
        textwrap.fill(line, width=width(), initial_indent=indent, subsequent_indent=indent)
        if line.strip()
        else ""
        for line in text.splitlines()
    )


def paragraph_block(paragraph: Paragraph, document: Document) -> str:
    lines = [
        f"{paragraph.citation} — {document.title}"
        + (f" ({document.force})" if document.force else ""),
        " › ".join(paragraph.heading_path),
        "",
        wrap(paragraph.text, indent="  "),
    ]
    for note in paragraph.notes:
        lines += ["", wrap(f"Transcription note: {note}", indent="  ")]
    status = document.review_status()
    lines += ["", wrap(("WARNING: " if status.overdue else "") + status.message)]
    return "\n".join(lines)
