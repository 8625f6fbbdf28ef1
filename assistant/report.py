"""The recommendation in words: plain text for the terminal and pipes, Markdown for exports.

Every interface renders a result through here, so the wording and the citations never differ
between the TUI, the plain-text mode and an exported rationale.
"""

from __future__ import annotations

import datetime as dt

from assistant.corpus import Corpus
from assistant.engine import Recommendation, Tree


def _cites(cites: tuple[str, ...]) -> str:
    return "; ".join(cites)


def review_line(tree: Tree, corpus: Corpus, today: dt.date | None = None) -> str:
    document = corpus.document(tree.meta.primary_document)
    return document.review_status(today).message


def policy_stamp(tree: Tree, corpus: Corpus, today: dt.date | None = None) -> str:
    document = corpus.document(tree.meta.primary_document)
    reference = document.reference or document.doc_id
    version = tree.meta.version or (f"amended {document.amended}" if document.amended else "")
    return f"{tree.meta.title} ({tree.meta.force}); policy: {reference}" + (
        f", {version}" if version else ""
    )


def result_lines(rec: Recommendation, tree: Tree, corpus: Corpus) -> list[str]:
    """The result as plain-text lines (unwrapped), in the order an officer reads it."""
    lines = ["Based on your answers:", f"  {rec.disposal_label}: {rec.title}"]
    lines.append(f"  {rec.explanation}  [{_cites(rec.cite)}]")
    if not rec.is_cr:
        lines.append(f"  Route: {rec.disposal.route}")
    if rec.authorisations:
        lines.append("")
        lines.append("Authorisation required (every one below, highest rank first):")
        for number, item in enumerate(rec.authorisations, start=1):
            lines.append(f"  {number}. {item.role.name}: {item.reason}  [{_cites(item.cite)}]")
        first = rec.contact_first
        if first is not None:
            lines.append(f"  Contact first: {first.name} ({first.description})")
    elif rec.is_cr:
        lines.append("")
        lines.append("No authorisation is required on these answers.")
    if rec.completion_date is not None and rec.offence_date is not None:
        lines.append("")
        lines.append(
            f"Deferred outcomes must be completed by {rec.completion_date:%d %B %Y} "
            f"({tree.meta.completion_weeks} weeks from the offence on {rec.offence_date:%d %B %Y})"
            f"  [{_cites(rec.completion_cite)}]"
        )
    if rec.obligations:
        lines.append("")
        lines.append("What you must do and record:")
        for duty in rec.obligations:
            mark = "WARNING: " if duty.warning else ""
            lines.append(f"  [ ] {mark}{duty.text}  [{_cites(duty.cite)}]")
    if rec.readings:
        lines.append("")
        lines.append("Where the SOP is silent or unclear, this is the reading taken:")
        for reading in rec.readings:
            lines.append(f"  - {reading.text}  [{_cites(reading.cite)}]")
        if rec.ask is not None:
            lines.append(f"  If in doubt ask the {rec.ask.name}: {rec.ask.description}")
    lines.append("")
    lines.append(f"Policy status: {review_line(tree, corpus)}")
    lines.append("")
    lines.append("Your answers:")
    for step in rec.path:
        lines.append(f"  {step.question}")
        lines.append(f"    -> {step.answer}  [{_cites(step.cite)}]")
    return lines


def rationale_markdown(
    rec: Recommendation, tree: Tree, corpus: Corpus, today: dt.date | None = None
) -> str:
    """The exported rationale: stamped, complete, and readable without the assistant."""
    today = today or dt.date.today()
    out = [
        f"# Community Resolution rationale: {rec.disposal_label}",
        "",
        f"- Tree: {tree.meta.id}, {policy_stamp(tree, corpus)}",
        f"- Policy status: {review_line(tree, corpus, today)}",
        f"- Produced: {today:%d %B %Y} by cr-assistant",
        "",
        "## Based on your answers",
        "",
        f"**{rec.disposal_label}: {rec.title}**",
        "",
        f"{rec.explanation} ({_cites(rec.cite)})",
    ]
    if not rec.is_cr:
        out += ["", f"Route: {rec.disposal.route}"]
    if rec.authorisations:
        out += ["", "## Authorisation required", ""]
        out += [
            f"{n}. **{item.role.name}**: {item.reason} ({_cites(item.cite)})"
            for n, item in enumerate(rec.authorisations, start=1)
        ]
        if rec.contact_first is not None:
            out += ["", f"Contact first: {rec.contact_first.name}."]
    if rec.completion_date is not None and rec.offence_date is not None:
        out += [
            "",
            f"Deferred outcomes must be completed by **{rec.completion_date:%d %B %Y}** "
            f"({tree.meta.completion_weeks} weeks from the offence on {rec.offence_date:%d %B %Y}; "
            f"{_cites(rec.completion_cite)}).",
        ]
    if rec.obligations:
        out += ["", "## What must be done and recorded", ""]
        out += [
            f"- [ ] {'**Warning:** ' if item.warning else ''}{item.text} ({_cites(item.cite)})"
            for item in rec.obligations
        ]
    if rec.readings:
        out += ["", "## Readings taken where the SOP is silent or unclear", ""]
        out += [f"- {reading.text} ({_cites(reading.cite)})" for reading in rec.readings]
        if rec.ask is not None:
            out += ["", f"If in doubt ask the {rec.ask.name}."]
    out += ["", "## Your answers", "", "| Question | Answer | Paragraph |", "|---|---|---|"]
    out += [
        f"| {step.question} | {step.answer} | {_cites(step.cite)} |".replace("\n", " ")
        for step in rec.path
    ]
    out.append("")
    return "\n".join(out)
