"""Parsed documents as JSON and back, for the start-up cache (:mod:`assistant.cache`).

Reading is strict: any entry that is not exactly what :func:`to_json` writes gives None, and the
caller parses the guidance instead.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.corpus.model import Document, Paragraph

FORMAT = 1
_DOCUMENT_TEXT = (
    "force",
    "reference",
    "amended",
    "last_reviewed",
    "next_review",
    "owner",
    "source",
    "summary",
)


def to_json(documents: list[tuple[Document, list[Paragraph]]]) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "documents": [
                {
                    "document": _document_dict(document),
                    "paragraphs": [_paragraph_dict(paragraph) for paragraph in paragraphs],
                }
                for document, paragraphs in documents
            ],
        },
        ensure_ascii=False,
    )


def from_json(text: str) -> list[tuple[Document, list[Paragraph]]] | None:
    try:
        data = json.loads(text)
        if data["format"] != FORMAT:
            return None
        return [
            (
                _document(item["document"]),
                [_paragraph(entry) for entry in item["paragraphs"]],
            )
            for item in data["documents"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):  # a miss
        return None


def _document_dict(document: Document) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "path": str(document.path),
        "paragraph_mode": document.paragraph_mode,
        "notes": list(document.notes),
        **{name: getattr(document, name) for name in _DOCUMENT_TEXT},
    }


def _document(data: dict[str, Any]) -> Document:
    optional = {name: _text_or_none(data[name]) for name in _DOCUMENT_TEXT}
    return Document(
        doc_id=_text(data["doc_id"]),
        title=_text(data["title"]),
        path=Path(_text(data["path"])),
        paragraph_mode=_text(data["paragraph_mode"]),
        notes=_texts(data["notes"]),
        **optional,
    )


def _paragraph_dict(paragraph: Paragraph) -> dict[str, Any]:
    return {
        "doc_id": paragraph.doc_id,
        "pid": paragraph.pid,
        "label": paragraph.label,
        "heading_path": list(paragraph.heading_path),
        "markdown": paragraph.markdown,
        "text": paragraph.text,
        "source": str(paragraph.source),
        "line": paragraph.line,
        "notes": list(paragraph.notes),
    }


def _paragraph(data: dict[str, Any]) -> Paragraph:
    line = data["line"]
    if not isinstance(line, int) or isinstance(line, bool):
        raise TypeError("line")
    return Paragraph(
        doc_id=_text(data["doc_id"]),
        pid=_text(data["pid"]),
        label=_text(data["label"]),
        heading_path=_texts(data["heading_path"]),
        markdown=_text(data["markdown"]),
        text=_text(data["text"]),
        source=Path(_text(data["source"])),
        line=line,
        notes=_texts(data["notes"]),
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text")
    return value


def _text_or_none(value: object) -> str | None:
    return None if value is None else _text(value)


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError("list")
    return tuple(_text(item) for item in value)
