"""The recommendation in words: plain text for the terminal and pipes, Markdown for exports.

Every interface renders a result through here, so the wording and the citations never differ
between the TUI, the plain-text mode and an exported rationale.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from assistant.corpus import Corpus
from assistant.engine import Recommendation, Tree

if TYPE_CHECKING:
    from assistant.contacts import ContactBook


def _cites(cites: tuple[str, ...]) -> str:
    return "; ".join(cites)


def review_line(tree: Tree, corpus: Corpus, today: dt.date | None = None) -> str:
    document = corpus.document(tree.meta.primary_document)
    return document.review_status(today).message


def policy_stamp(tree: Tree, corpus: Corpus, today: dt.date | None = None) -> str:
    document = corpus.document(tree.meta.primary_document)
    # A document without a published reference is named by its title, so the stamp says which.
    reference = document.reference or f"{document.title} ({document.doc_id})"
    version = tree.meta.version or (f"amended {document.amended}" if document.amended else "")
    return f"{tree.meta.title} ({tree.meta.force}); policy: {reference}" + (
        f", {version}" if version else ""
    )


def _no_authoriser_line(rec: Recommendation, tree: Tree) -> str:
    """What to say when no rule on the path asks for an authoriser."""
    if any(role.authorises for role in tree.roles.values()):
        return "No authorisation is required on these answers."
    # A tree whose guidance names no authoriser at all cannot say none is needed.
    see = "; see the readings below" if rec.readings else ""
    return (
        f"{tree.meta.primary_document} names nobody who must authorise this; that does not "
        f"mean no authorisation is needed{see}."
    )


def _contacts_lines(rec: Recommendation, tree: Tree, contacts: ContactBook) -> list[str]:
    from assistant.contacts import contact_line, roles_in_result

    if contacts.warning:
        return ["Local contacts: not used, the contacts file has a problem (see the warning)."]
    roles = roles_in_result(rec, tree)
    if not contacts.exists:
        return ["Local contacts: none set ('cr-assistant contacts --init' writes a template)."]
    unit = f" ({contacts.unit})" if contacts.unit else ""
    return [f"Local contacts{unit}:"] + [f"  {contact_line(role, contacts)}" for role in roles]


def result_lines(
    rec: Recommendation, tree: Tree, corpus: Corpus, contacts: ContactBook | None = None
) -> list[str]:
    """The result as plain-text lines (unwrapped), in the order an officer reads it.

    ``contacts``: the local contacts, shown only when given (the officer asked for them).
    """
    from assistant.contacts import contact_first_text
    from assistant.explain import explanation_lines

    lines = ["Based on your answers:", f"  {rec.disposal_label}: {rec.title}"]
    lines.append(f"  {rec.explanation}  [{_cites(rec.cite)}]")
    if not rec.is_cr:
        lines.append(
            f"  Route: {rec.route.text}"
            + (f"  [{_cites(rec.route.cite)}]" if rec.route.cite else "")
        )
    if rec.authorisations:
        lines.append("")
        lines.append("Authorisation required (every one below, highest rank first):")
        for number, item in enumerate(rec.authorisations, start=1):
            lines.append(f"  {number}. {item.role.name}: {item.reason}  [{_cites(item.cite)}]")
        first = rec.contact_first
        if first is not None:
            local = contacts.for_role(first.id) if contacts is not None else None
            lines.append(f"  {contact_first_text(first, local)}")
    elif rec.is_cr:
        lines.append("")
        lines.append(_no_authoriser_line(rec, tree))
    if rec.completion_date is not None and rec.offence_date is not None:
        lines.append("")
        lines.append(f"{completion_text(rec, tree)}  [{_cites(rec.completion_cite)}]")
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
            local = contacts.for_role(rec.ask.id) if contacts is not None else None
            mine = f" Local contact: {local.summary()}" if local is not None else ""
            lines.append(f"  If in doubt ask the {rec.ask.name}: {rec.ask.description}{mine}")
    if contacts is not None:
        lines.append("")
        lines += _contacts_lines(rec, tree, contacts)
    why = explanation_lines(rec, tree)
    if why:
        lines.append("")
        lines.append("Why (each deciding answer and the rule it triggered):")
        lines += why
    lines.append("")
    lines.append(f"Tree: {tree.meta.id}, {policy_stamp(tree, corpus)}")
    lines.append(f"Policy status: {review_line(tree, corpus)}")
    lines.append("")
    lines.append("Your answers:")
    for step in rec.path:
        lines.append(f"  {step.question}")
        lines.append(f"    -> {step.answer}  [{_cites(step.cite)}]")
    return lines


def rationale_markdown(
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    today: dt.date | None = None,
    contacts: ContactBook | None = None,
) -> str:
    """The exported rationale: stamped, complete, and readable without the assistant.

    Local contact details go in only when ``contacts`` is given (the officer asked for them).
    """
    from assistant.contacts import roles_in_result
    from assistant.explain import explanation_markdown

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
        out += [
            "",
            f"Route: {rec.route.text}" + (f" ({_cites(rec.route.cite)})" if rec.route.cite else ""),
        ]
    if rec.authorisations:
        out += ["", "## Authorisation required", ""]
        out += [
            f"{n}. **{item.role.name}**: {item.reason} ({_cites(item.cite)})"
            for n, item in enumerate(rec.authorisations, start=1)
        ]
        if rec.contact_first is not None:
            local = contacts.for_role(rec.contact_first.id) if contacts is not None else None
            mine = f" ({local.summary()})" if local is not None else ""
            out += ["", f"Contact first: {rec.contact_first.name}{mine}."]
    elif rec.is_cr and not any(role.authorises for role in tree.roles.values()):
        out += ["", _no_authoriser_line(rec, tree)]
    if rec.completion_date is not None and rec.offence_date is not None:
        out += ["", f"{completion_text(rec, tree)} ({_cites(rec.completion_cite)})"]
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
    if contacts is not None and contacts.exists and not contacts.warning:
        unit = f" ({contacts.unit})" if contacts.unit else ""
        out += ["", f"## Local contacts{unit}", ""]
        for role in roles_in_result(rec, tree):
            local = contacts.for_role(role.id)
            out.append(f"- **{role.name}**: {local.summary() if local else 'not set'}")
    why = explanation_markdown(rec, tree)
    if why:
        out += ["", "## Why", "", "Each deciding answer and the rule it triggered:", "", *why]
    out += ["", "## Your answers", "", "| Question | Answer | Paragraph |", "|---|---|---|"]
    out += [
        f"| {step.question} | {step.answer} | {_cites(step.cite)} |".replace("\n", " ")
        for step in rec.path
    ]
    out.append("")
    return "\n".join(out)


def result_dict(
    rec: Recommendation, tree: Tree, corpus: Corpus, contacts: ContactBook | None = None
) -> dict[str, Any]:
    """The result for JSON exports: the recommendation, stamped with its tree, force and policy.

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
    payload["policy"] = policy_stamp(tree, corpus)
    payload["policy_status"] = review_line(tree, corpus)
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
    return payload


def completion_text(rec: Recommendation, tree: Tree) -> str:
    """The latest completion date of a deferred outcome, or that it has already passed."""
    weeks = tree.meta.completion_weeks
    assert rec.completion_date is not None and rec.offence_date is not None
    since = f"{weeks} weeks from the offence on {rec.offence_date:%d %B %Y}"
    if rec.completion_passed:
        return (
            f"The {weeks}-week limit for completing a deferred outcome passed on "
            f"{rec.completion_date:%d %B %Y} ({since}): a deferred outcome is no longer possible."
        )
    return f"Deferred outcomes must be completed by {rec.completion_date:%d %B %Y} ({since})."
