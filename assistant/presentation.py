"""The result as one structured model: sections of lines, each line with its paragraphs and kind.

Built once from the recommendation; the plain text (``ask``), the Markdown rationale (the TUI's
Ctrl+S and ``ask --markdown``), the JSON (``ask --json``) and the TUI's result view only lay it
out, so they cannot say different things. UI-free: no Textual, no Rich.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from assistant.corpus import Corpus
from assistant.engine import Recommendation, Tree
from assistant.engine.recommendation import PersonToContact

if TYPE_CHECKING:
    from assistant.contacts import ContactBook

# What the readings stand in for, in words true of every tree: Kent's is an SOP, Suffolk's an
# update to officers, a force's own may be either.
GUIDANCE = "the guidance"

# headline: the verdict; todo: still to be done (never shown as done); item: one of a list;
# question / answer: a question asked and the answer given; hint: how to learn more.
LineKind = Literal["headline", "plain", "todo", "item", "question", "answer", "hint"]
# cr: may be used, nothing to obtain; cr_to_authorise: may be used once authorised;
# cr_out_of_time: the deferred outcome asked for is out of time; not_cr: no CR.
Verdict = Literal["cr", "cr_to_authorise", "cr_out_of_time", "not_cr"]


@dataclass(frozen=True)
class Line:
    text: str
    cite: tuple[str, ...] = ()
    kind: LineKind = "plain"
    warning: bool = False
    # 0 for a line of the section; 1 under the line above it (a reason under its person).
    depth: int = 0
    # The question a question or answer line belongs to (the TUI lets the officer change it).
    ref: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "cite": list(self.cite),
            "kind": self.kind,
            "warning": self.warning,
            "depth": self.depth,
            **({"question": self.ref} if self.ref else {}),
        }


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    lines: tuple[Line, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "heading": self.heading,
            "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True)
class ResultModel:
    """What every rendering of a result shows, in the order an officer reads it."""

    title: str
    verdict: Verdict
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section | None:
        return next((item for item in self.sections if item.id == section_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "sections": [item.to_dict() for item in self.sections]}


def review_line(tree: Tree, corpus: Corpus, today: dt.date | None = None) -> str:
    document = corpus.document(tree.meta.primary_document)
    return document.review_status(today).message


def document_name(tree: Tree, corpus: Corpus) -> str:
    """The tree's primary document as an officer knows it: its published reference, or its
    title and id ("Community Resolutions Project – 60 second update (SCR)")."""
    document = corpus.document(tree.meta.primary_document)
    return document.reference or f"{document.title} ({document.doc_id})"


def policy_stamp(tree: Tree, corpus: Corpus, today: dt.date | None = None) -> str:
    document = corpus.document(tree.meta.primary_document)
    # A document without a published reference is named by its title, so the stamp says which.
    reference = document_name(tree, corpus)
    version = tree.meta.version or (f"amended {document.amended}" if document.amended else "")
    return f"{tree.meta.title} ({tree.meta.force}); policy: {reference}" + (
        f", {version}" if version else ""
    )


def verdict_of(rec: Recommendation) -> Verdict:
    if not rec.is_cr:
        return "not_cr"
    if rec.completion_passed:
        return "cr_out_of_time"
    return "cr_to_authorise" if rec.authorisations else "cr"


def build_result(
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    today: dt.date | None = None,
    contacts: ContactBook | None = None,
) -> ResultModel:
    """The result's sections. ``contacts``: the local contacts, named only when given (the
    officer asked for them)."""
    sections = [
        _outcome(rec),
        _authorisation(rec, tree, corpus, contacts),
        _completion(rec, tree),
        _obligations(rec),
        _readings(rec, contacts),
        _local_contacts(rec, tree, contacts),
        _why(rec, tree),
        _policy(tree, corpus, today),
        _answers(rec),
    ]
    return ResultModel(
        title=f"Community Resolution rationale: {rec.disposal_label}",
        verdict=verdict_of(rec),
        sections=tuple(section for section in sections if section is not None and section.lines),
    )


def _outcome(rec: Recommendation) -> Section:
    retitled = rec.headline != rec.title
    lines = [
        Line(
            f"{rec.disposal_label}: {rec.headline}",
            rec.completion_cite if retitled else (),
            "headline",
            warning=retitled,
        ),
        Line(rec.explanation, rec.cite),
    ]
    if not rec.is_cr:
        lines.append(Line(f"Route: {rec.route.text}", rec.route.cite))
    return Section("outcome", "Based on your answers", tuple(lines))


def _authorisation(
    rec: Recommendation, tree: Tree, corpus: Corpus, contacts: ContactBook | None
) -> Section | None:
    if not rec.is_cr:
        return None
    people = rec.people_to_contact
    if not people:
        return Section("authorisation", "Authorisation", (_no_authoriser_line(rec, tree, corpus),))
    lines: list[Line] = []
    for person in people:
        lines += person_lines(person)
    first = people[0].role
    local = contacts.for_role(first.id) if contacts is not None else None
    from assistant.contacts import contact_first_text

    lines.append(Line(contact_first_text(first, local)))
    # The instruction is the heading: it is shown only when there is something to obtain.
    return Section(
        "authorisation",
        f"Obtain these authorisations before the {rec.disposal.label} is delivered (one line "
        "per person to contact, highest rank first)",
        tuple(lines),
    )


def person_lines(person: PersonToContact) -> list[Line]:
    """One person to contact (still to do) and, under them, each authorisation they give: their
    own, then those of the lower ranks they cover. The result and the TUI's side panel say so."""
    lines = [Line(person.role.name, kind="todo")]
    lines += [Line(item.reason, item.cite, "item", depth=1) for item in person.own]
    lines += [
        Line(
            f"Also covers the {item.role.name}'s authorisation: {item.reason}",
            item.cite,
            "item",
            depth=1,
        )
        for item in person.covers
    ]
    return lines


def _no_authoriser_line(rec: Recommendation, tree: Tree, corpus: Corpus) -> Line:
    """What to say when no rule on the path asks for an authoriser."""
    if any(role.authorises for role in tree.roles.values()):
        return Line("No authorisation is required on these answers.")
    # A tree whose guidance names no authoriser at all cannot say none is needed. The document
    # is named as the policy line names it: an officer does not know it by its id alone.
    see = "; see the readings below" if rec.readings else ""
    return Line(
        f"The {document_name(tree, corpus)} names nobody who must authorise this; that does "
        f"not mean no authorisation is needed{see}.",
        warning=True,
    )


def _completion(rec: Recommendation, tree: Tree) -> Section | None:
    if not rec.completion_applies:
        return None
    weeks = tree.meta.completion_weeks
    if rec.completion_date is None or rec.offence_date is None:
        line = Line(
            f"Deferred outcomes must be completed within {weeks} weeks of the offence; the "
            "offence date gives the latest date.",
            tree.meta.completion_cite,
            "hint",
        )
    elif rec.completion_passed:
        passed = tree.meta.completion_passed or (
            f"The {weeks}-week limit for completing a deferred outcome passed on {{date}}: a "
            "deferred outcome is no longer possible."
        )
        line = Line(
            passed.replace("{date}", f"{rec.completion_date:%d %B %Y}")
            + f" The offence was on {rec.offence_date:%d %B %Y}.",
            rec.completion_cite,
            warning=True,
        )
    else:
        line = Line(
            f"Deferred outcomes must be completed by {rec.completion_date:%d %B %Y} ({weeks} "
            f"weeks from the offence on {rec.offence_date:%d %B %Y}).",
            rec.completion_cite,
        )
    return Section("completion", "Completing a deferred outcome", (line,))


def _obligations(rec: Recommendation) -> Section:
    return Section(
        "obligations",
        "What you must do and record",
        tuple(Line(duty.text, duty.cite, "todo", duty.warning) for duty in rec.obligations),
    )


def _readings(rec: Recommendation, contacts: ContactBook | None) -> Section:
    lines = [Line(reading.text, reading.cite, "item") for reading in rec.readings]
    if rec.readings and rec.ask is not None:
        local = contacts.for_role(rec.ask.id) if contacts is not None else None
        mine = f" Local contact: {local.summary()}" if local is not None else ""
        lines.append(Line(f"If in doubt ask the {rec.ask.name}: {rec.ask.description}{mine}"))
    return Section(
        "readings",
        f"Where {GUIDANCE} is silent or unclear, this is the reading taken",
        tuple(lines),
    )


def _local_contacts(
    rec: Recommendation, tree: Tree, contacts: ContactBook | None
) -> Section | None:
    if contacts is None:
        return None
    from assistant.contacts import contact_line, roles_in_result

    if contacts.warning:
        lines = [Line("Not used: the contacts file has a problem (see the warning).", warning=True)]
    elif not contacts.exists:
        lines = [Line("None set ('cr-assistant contacts --init' writes a template).")]
    else:
        lines = [
            Line(contact_line(role, contacts), kind="item") for role in roles_in_result(rec, tree)
        ]
    unit = f" ({contacts.unit})" if contacts.unit and contacts.exists else ""
    return Section("contacts", f"Local contacts{unit}", tuple(lines))


def _why(rec: Recommendation, tree: Tree) -> Section:
    from assistant.explain import explained_answers

    lines: list[Line] = []
    for item in explained_answers(rec, tree):
        lines.append(Line(item.question, kind="question", ref=item.question_id))
        lines.append(Line(item.answer, kind="answer", depth=1, ref=item.question_id))
        lines += [Line(text, cite, "item", depth=2) for text, cite in item.summaries]
    return Section("why", "Why (each deciding answer and the rule it triggered)", tuple(lines))


def _policy(tree: Tree, corpus: Corpus, today: dt.date | None) -> Section:
    status = corpus.document(tree.meta.primary_document).review_status(today)
    return Section(
        "policy",
        "Policy",
        (
            Line(f"Tree: {tree.meta.id}, {policy_stamp(tree, corpus, today)}"),
            Line(f"Policy status: {status.message}", warning=status.overdue),
        ),
    )


def _answers(rec: Recommendation) -> Section:
    lines: list[Line] = []
    for step in rec.path:
        lines.append(Line(step.question, step.cite, "question", ref=step.question_id))
        lines.append(Line(step.answer, kind="answer", depth=1, ref=step.question_id))
    return Section("answers", "Your answers", tuple(lines))
