"""The result in words: plain text for the terminal and pipes, Markdown for exports, JSON.

Each renders the sections of :mod:`assistant.presentation` (built once per result) and adds
only its own layout, so the wording and the citations never differ between the TUI, the
plain-text mode and an exported rationale.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from assistant.corpus import Corpus
from assistant.engine import Recommendation, Tree
from assistant.markdown_text import escape_markdown
from assistant.presentation import (
    Line,
    ResultModel,
    build_result,
    policy_stamp,
    review_line,
)
from assistant.terminal_text import terminal_safe

if TYPE_CHECKING:
    from assistant.contacts import ContactBook

__all__ = [
    "markdown_lines",
    "policy_stamp",
    "rationale_markdown",
    "result_dict",
    "result_lines",
    "review_line",
    "text_lines",
]


# -- plain text ---------------------------------------------------------------------------------
def result_lines(
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    contacts: ContactBook | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """The result as plain-text lines (unwrapped), in the order an officer reads it.

    ``contacts``: the local contacts, shown only when given (the officer asked for them).
    """
    return text_lines(build_result(rec, tree, corpus, today, contacts))


def text_lines(model: ResultModel) -> list[str]:
    """One line per heading and per line of the model; a blank line between sections."""
    out: list[str] = []
    for section in model.sections:
        if out:
            out.append("")
        out.append(f"{section.heading}:")
        out += [_text_line(line) for line in section.lines]
    return out


def _text_line(line: Line) -> str:
    cites = f"  [{'; '.join(line.cite)}]" if line.cite else ""
    warn = "WARNING: " if line.warning else ""
    indent = "  " + "  " * line.depth
    marker = {"todo": "[ ] ", "item": "- ", "answer": "-> "}.get(line.kind, "")
    return terminal_safe(f"{indent}{marker}{warn}{line.text}{cites}")


# -- Markdown -----------------------------------------------------------------------------------
def rationale_markdown(
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    today: dt.date | None = None,
    contacts: ContactBook | None = None,
) -> str:
    """The exported rationale: stamped, complete, and readable without the assistant.

    Local contact details go in only when ``contacts`` is given (the officer asked for them).
    Lists, not tables, so that it pastes cleanly into a crime report or an e-mail.
    """
    today = today or dt.date.today()
    model = build_result(rec, tree, corpus, today, contacts)
    out = [f"# {model.title}", "", f"Produced: {today:%d %B %Y} by cr-assistant"]
    out += markdown_lines(model)
    out.append("")
    return "\n".join(out)


def markdown_lines(model: ResultModel) -> list[str]:
    """Each section as a ``##`` heading and its lines: list lines together, other lines as
    paragraphs of their own."""
    out: list[str] = []
    for section in model.sections:
        out += ["", f"## {section.heading}"]
        listed = False
        for line in section.lines:
            in_list = line.kind in ("todo", "item", "question", "answer") or line.depth > 0
            if not (in_list and listed):
                out.append("")
            out.append(_markdown_line(line))
            listed = in_list
    return out


def _markdown_line(line: Line) -> str:
    cites = f" ({'; '.join(line.cite)})" if line.cite else ""
    warn = "**Warning:** " if line.warning else ""
    indent = "  " * line.depth
    text = escape_markdown(line.text)
    if line.kind == "headline":
        return f"**{text}**{cites}" if not warn else f"{warn}**{text}**{cites}"
    if line.kind == "todo":
        return f"{indent}- [ ] {warn}{text}{cites}"
    if line.kind == "answer":
        return f"{indent}- **{text}**{cites}"
    if line.kind in ("item", "question") or line.depth > 0:
        return f"{indent}- {warn}{text}{cites}"
    return f"{indent}{warn}{text}{cites}"


# -- JSON ---------------------------------------------------------------------------------------
def result_dict(
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    contacts: ContactBook | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The result for JSON exports: the recommendation (per-reason detail included), stamped
    with its tree, force and policy, and the sections every other rendering shows.

    Local contact details go in only when ``contacts`` is given (the officer asked for them).
    """
    from assistant.contacts import roles_in_result
    from assistant.explain import explain

    document = corpus.document(tree.meta.primary_document)
    payload = rec.to_dict()
    payload["tree_title"] = tree.meta.title
    payload["document"] = {
        "id": document.doc_id,
        "title": document.title,
        "force": document.force,
        "reference": document.reference,
    }
    payload["why"] = [
        {
            "question": line.question_id,
            "answer": line.answer,
            "rule": line.kind,
            "text": line.text,
            "cite": list(line.cite),
        }
        for line in explain(rec, tree)
    ]
    payload["policy"] = policy_stamp(tree, corpus, today)
    payload["policy_status"] = review_line(tree, corpus, today)
    if contacts is not None:
        people = []
        for role in roles_in_result(rec, tree):
            local = contacts.for_role(role.id)
            people.append(
                {
                    "role": role.id,
                    "role_name": role.name,
                    **{
                        key: getattr(local, key) if local else None
                        for key in ("name", "phone", "email", "duty")
                    },
                }
            )
        payload["contacts"] = {
            "unit": contacts.unit or None,
            "roles": people,
            "problem": "the contacts file has a problem and was not used"
            if contacts.warning
            else None,
        }
    payload.update(build_result(rec, tree, corpus, today, contacts).to_dict())
    return payload
