"""Parse one guidance document (Markdown with TOML front matter) into citable paragraphs.

Read from markdown-it-py tokens: the front matter token, heading tokens, block attributes
(``{#id}`` / ``{id="4.4.4-b"}`` on the line before a block) and each paragraph's leading bold label.
Two paragraph modes, declared in the front matter:

* ``labelled``: a paragraph starts with its label in bold (``**2.3.2** Text``); unlabelled blocks
  that follow belong to it, as in the published SOP.
* ``sections``: every block (and every list item) under a heading whose id is ``role`` is cited
  ``role.1``, ``role.2`` ... in order.

A blockquote starting with ``**Transcription note:**`` is attached to the paragraph before it and
is never part of the quoted text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from assistant.corpus.model import Document, Paragraph
from assistant.errors import InputError, problem
from assistant.safefile import GUIDANCE, UNSAFE_FIX, parse_toml, read_input
from assistant.terminal_text import describe_character, unsafe_character

NOTE_MARK = "Transcription note:"
FRONT_MATTER_KEYS = {
    "id": True,
    "title": True,
    "paragraphs": True,
    "force": False,
    "reference": False,
    "amended": False,
    "last_reviewed": False,
    "next_review": False,
    "owner": False,
    "source": False,
    "summary": False,
}
MODES = ("labelled", "sections")

_MARKDOWN = MarkdownIt("commonmark").use(front_matter_plugin).use(attrs_block_plugin)


@dataclass
class _Draft:
    pid: str
    label: str
    headings: tuple[str, ...]
    line: int
    md_lines: list[str] = field(default_factory=list)
    text_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_document(path: Path) -> tuple[Document, list[Paragraph]]:
    name = str(path)
    source = read_input(path, GUIDANCE)
    tokens = _MARKDOWN.parse(source)
    meta = _front_matter(name, tokens)
    lines = source.splitlines()
    walker = _Walker(name, meta["id"], meta["paragraphs"], lines)
    walker.walk(tokens)
    document = Document(
        doc_id=meta["id"],
        title=meta["title"],
        path=path,
        paragraph_mode=meta["paragraphs"],
        force=meta.get("force"),
        reference=meta.get("reference"),
        amended=meta.get("amended"),
        last_reviewed=meta.get("last_reviewed"),
        next_review=meta.get("next_review"),
        owner=meta.get("owner"),
        source=meta.get("source"),
        summary=meta.get("summary"),
        notes=tuple(walker.document_notes),
    )
    paragraphs = walker.paragraphs(path)
    _refuse_entities(name, paragraphs)
    return document, paragraphs


def _refuse_entities(name: str, paragraphs: list[Paragraph]) -> None:
    """An HTML entity (``&#x202E;``, ``&#8203;``) puts a bidi or zero-width character in the
    text that the file's raw text does not show (read_input refuses the raw ones)."""
    for paragraph in paragraphs:
        parts = (paragraph.text, paragraph.label, *paragraph.heading_path, *paragraph.notes)
        for part in parts:
            character = unsafe_character(part)
            if character is not None:
                raise InputError(
                    f"{name}:{paragraph.line}: paragraph {paragraph.pid}: contains "
                    f"{describe_character(character)}, written as an HTML entity: {UNSAFE_FIX}"
                )


def _front_matter(name: str, tokens: list[Token]) -> dict[str, str]:
    if not tokens or tokens[0].type != "front_matter":
        raise InputError(
            problem(name, "line 1", "no front matter", "start the file with --- and TOML keys")
        )
    # The front matter's text starts on the line after the opening ---.
    first_line = (tokens[0].map[0] if tokens[0].map else 0) + 2
    raw = parse_toml(
        tokens[0].content, name, first_line, 'fix the front matter line (write key = "value")'
    )
    for key, value in raw.items():
        if key not in FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "remove it"
            raise InputError(problem(name, "front matter", f"unknown key '{key}'", hint))
        if not isinstance(value, str):
            raise InputError(
                problem(name, f"front matter: {key}", "must be a string", f'write {key} = "..."')
            )
    for key, required in FRONT_MATTER_KEYS.items():
        if required and key not in raw:
            raise InputError(
                problem(name, "front matter", f"missing '{key}'", f'add {key} = "..."')
            )
    if raw["paragraphs"] not in MODES:
        raise InputError(
            problem(
                name,
                "front matter: paragraphs",
                f"unknown mode '{raw['paragraphs']}'",
                'use "labelled" or "sections"',
            )
        )
    return dict(raw)


def _inline_text(inline: Token) -> str:
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _leading_label(inline: Token) -> str | None:
    # markdown-it emits empty text tokens around emphasis; they carry nothing.
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content)]
    if (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[1].type == "text"
        and children[2].type == "strong_close"
    ):
        return children[1].content.strip()
    return None


class _Walker:
    """Walks the top-level blocks, grouping them into paragraphs."""

    def __init__(self, name: str, doc_id: str, mode: str, lines: list[str]) -> None:
        self.name = name
        self.doc_id = doc_id
        self.mode = mode
        self.lines = lines
        self.headings: dict[int, str] = {}
        self.section: str | None = None
        self.section_count = 0
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        self.document_notes: list[str] = []
        self.seen: dict[str, int] = {}

    # -- helpers ---------------------------------------------------------------------------
    def _heading_path(self) -> tuple[str, ...]:
        return tuple(self.headings[level] for level in sorted(self.headings) if level > 1)

    def _source(self, token: Token) -> str:
        start, end = token.map or (0, 0)
        return "\n".join(self.lines[start:end]).rstrip()

    def _start(self, pid: str, label: str, line: int) -> _Draft:
        if pid in self.seen:
            raise InputError(
                problem(
                    self.name,
                    f"line {line}",
                    f"paragraph id '{pid}' is already used at line {self.seen[pid]}",
                    'give one a distinct id with {id="..."} on the line before it',
                )
            )
        self.seen[pid] = line
        draft = _Draft(pid=pid, label=label, headings=self._heading_path(), line=line)
        self.drafts.append(draft)
        self.current = draft
        return draft

    # -- walking ---------------------------------------------------------------------------
    def walk(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            close = _matching_close(tokens, index)
            if token.level == 0:
                if token.type == "heading_open":
                    self._heading(token, tokens[index + 1])
                elif token.type == "paragraph_open":
                    self._paragraph(token, tokens[index + 1])
                elif token.type in ("bullet_list_open", "ordered_list_open"):
                    self._list(tokens[index : close + 1])
                elif token.type == "blockquote_open":
                    self._blockquote(tokens[index : close + 1])
                elif token.type not in ("front_matter", "hr") and token.map:
                    self._continuation(token, self._source(token), self._source(token))
            index = close + 1

    def _heading(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1])
        self.headings = {k: v for k, v in self.headings.items() if k < level}
        self.headings[level] = _inline_text(inline)
        self.current = None
        if level == 1:
            return
        if self.mode == "sections":
            section = token.attrs.get("id")
            if not section:
                line = (token.map or (0, 0))[0] + 1
                raise InputError(
                    problem(
                        self.name,
                        f"line {line}",
                        f"heading '{self.headings[level]}' has no section id",
                        "put a line {#slug} immediately before it",
                    )
                )
            self.section = str(section)
            self.section_count = 0

    def _paragraph(self, token: Token, inline: Token) -> None:
        line = (token.map or (0, 0))[0] + 1
        explicit = token.attrs.get("id")
        markdown = self._source(token)
        # The attribute line itself is part of the token's source; keep only the paragraph.
        if explicit is not None and markdown.startswith("{"):
            markdown = markdown.split("\n", 1)[1] if "\n" in markdown else ""
            line += 1
        text = _inline_text(inline)
        if self.mode == "sections":
            self._section_item(line, markdown, text, explicit)
            return
        label = _leading_label(inline)
        if explicit is not None or label is not None:
            pid = str(explicit) if explicit is not None else str(label)
            draft = self._start(pid, label or pid, line)
            if label is not None:
                text = text[len(label) :].strip()
                markdown = markdown.replace(f"**{label}**", "", 1).strip()
            draft.md_lines.append(markdown)
            draft.text_lines.append(text)
            return
        self._continuation(token, markdown, text)

    def _section_item(self, line: int, markdown: str, text: str, explicit: object) -> None:
        if self.section is None and (explicit is None or "." in str(explicit)):
            raise InputError(
                problem(
                    self.name,
                    f"line {line}",
                    "text before the first section heading",
                    "put it under a heading with a {#slug} line before it",
                )
            )
        if explicit is not None and "." not in str(explicit):
            # A headingless section: {#slug} on its first block starts it (slug.1, slug.2, ...).
            self.section = str(explicit)
            self.section_count = 0
            explicit = None
        self.section_count += 1
        pid = str(explicit) if explicit is not None else f"{self.section}.{self.section_count}"
        draft = self._start(pid, pid, line)
        draft.md_lines.append(markdown)
        draft.text_lines.append(text)

    def _list(self, tokens: list[Token]) -> None:
        items: list[tuple[Token, str]] = []
        for index, token in enumerate(tokens):
            if token.type == "list_item_open" and token.level == 1:
                inline = next(t for t in tokens[index:] if t.type == "inline")
                items.append((token, _inline_text(inline)))
        if self.mode == "sections":
            for item, text in items:
                line = (item.map or (0, 0))[0] + 1
                markdown = self._source(item).lstrip("-*+ ").strip()
                self._section_item(line, markdown, text, item.attrs.get("id"))
            return
        markdown = self._source(tokens[0])
        text = "\n".join(f"• {text}" for _, text in items)
        self._continuation(tokens[0], markdown, text)

    def _blockquote(self, tokens: list[Token]) -> None:
        inline = next((t for t in tokens if t.type == "inline"), None)
        if inline is not None and _leading_label(inline) == NOTE_MARK:
            note = _inline_text(inline)[len(NOTE_MARK) :].strip()
            (self.current.notes if self.current else self.document_notes).append(note)
            return
        self._continuation(
            tokens[0], self._source(tokens[0]), _inline_text(inline) if inline else ""
        )

    def _continuation(self, token: Token, markdown: str, text: str) -> None:
        if self.current is None:
            if self.mode == "sections":
                self._section_item((token.map or (0, 0))[0] + 1, markdown, text, None)
                return
            line = (token.map or (0, 0))[0] + 1
            raise InputError(
                problem(
                    self.name,
                    f"line {line}",
                    "text that belongs to no paragraph",
                    'start it with a bold label (**2.1.1**) or put {id="..."} before it',
                )
            )
        self.current.md_lines.append(markdown)
        self.current.text_lines.append(text)

    def paragraphs(self, path: Path) -> list[Paragraph]:
        return [
            Paragraph(
                doc_id=self.doc_id,
                pid=draft.pid,
                label=draft.label,
                heading_path=draft.headings,
                markdown="\n\n".join(part for part in draft.md_lines if part),
                text="\n".join(part for part in draft.text_lines if part),
                source=path,
                line=draft.line,
                notes=tuple(draft.notes),
            )
            for draft in self.drafts
        ]


def _matching_close(tokens: list[Token], index: int) -> int:
    """Index of the token that closes the block opened at ``index`` (itself if not nested)."""
    token = tokens[index]
    if token.nesting != 1:
        return index
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1
