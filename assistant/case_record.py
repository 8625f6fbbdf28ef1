"""The case record for the crime log: the rationale with the case's details and a block for
each authorising supervisor to complete (O32g 4.2.3: the supervisor records the authorisation and
their rationale), in Markdown or in a plain-text layout that pastes cleanly into a log field.

What the officer types (crime reference, their name, their rationale) is checked here and goes
only into the text returned; nothing here keeps it. A record is written to a file only by
:func:`assistant.safefile.write_private` (0600: it describes a real case).
UI-free: no Textual, no Rich.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.corpus import Corpus
from assistant.engine import Recommendation, Tree
from assistant.errors import InputError
from assistant.markdown_text import escape_markdown
from assistant.presentation import Line, ResultModel, Section, build_result
from assistant.terminal_text import describe_character, terminal_safe, unsafe_character

if TYPE_CHECKING:
    from assistant.contacts import ContactBook

RecordFormat = Literal["markdown", "text"]
SUFFIXES: dict[str, RecordFormat] = {".md": "markdown", ".txt": "text"}

# Bounds on what the officer types: a crime reference, a name, a rationale of a few sentences.
LIMITS = {"crime reference": 40, "officer": 80, "rationale": 2000}
# What the supervisor writes over; plain characters that mean nothing to Markdown or a log field.
BLANK = "...................."


@dataclass(frozen=True)
class CaseDetails:
    """What the officer may add to the record; empty means left for them to complete."""

    crime_ref: str = ""
    officer: str = ""
    rationale: str = ""


def checked_field(what: str, text: str) -> str:
    """``text`` stripped, or InputError (one line) when it is not one line of plain text within
    the bound for ``what`` (a key of LIMITS)."""
    value = text.strip()
    limit = LIMITS[what]
    if "\n" in value or "\r" in value:
        raise InputError(f"the {what} must be one line: remove the line breaks")
    bad = unsafe_character(value)
    if bad is not None:
        raise InputError(f"the {what} contains {describe_character(bad)}: type it again")
    if len(value) > limit:
        raise InputError(f"the {what} is {len(value)} characters long: keep it to {limit} at most")
    return value


def case_details(crime_ref: str = "", officer: str = "", rationale: str = "") -> CaseDetails:
    """Checked details (InputError names the first that is not acceptable)."""
    return CaseDetails(
        checked_field("crime reference", crime_ref),
        checked_field("officer", officer),
        checked_field("rationale", rationale),
    )


def record_format(path: Path) -> RecordFormat:
    """The layout a file name asks for: .txt plain text, .md Markdown."""
    found = SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise InputError(
            f"{path}: export: the file name must end .txt (plain text for a log field) or .md "
            "(Markdown): rename it"
        )
    return found


# -- the model -----------------------------------------------------------------------------------
def record_model(
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    details: CaseDetails,
    today: dt.date | None = None,
    contacts: ContactBook | None = None,
) -> ResultModel:
    """The result's sections with the case's details first, the officer's rationale after the
    outcome, and a supervisor's block after the authorisations to obtain."""
    base = build_result(rec, tree, corpus, today, contacts)
    sections: list[Section] = [_case_section(details, today)]
    for section in base.sections:
        sections.append(section)
        if section.id == "outcome":
            sections.append(_officer_rationale(details))
        if section.id == "authorisation":
            sections += _supervisor_blocks(rec, tree)
    return ResultModel(base.title, base.verdict, tuple(sections))


def _field(label: str, value: str = "") -> Line:
    """A labelled value, or a blank to write on."""
    return Line(f"{label}: {value or BLANK}")


def _case_section(details: CaseDetails, today: dt.date | None) -> Section:
    day = today or dt.date.today()
    return Section(
        "case",
        "Case",
        (
            _field("Crime reference", details.crime_ref),
            _field("Officer", details.officer),
            Line(f"Record produced: {day:%d %B %Y} by cr-assistant"),
        ),
    )


def _officer_rationale(details: CaseDetails) -> Section:
    return Section(
        "officer_rationale",
        "The officer's rationale (in their own words)",
        (_field("Rationale", details.rationale),),
    )


def _supervisor_blocks(rec: Recommendation, tree: Tree) -> list[Section]:
    record = tree.meta.authorisation_record
    blocks = []
    for person in rec.people_to_contact:
        lines = []
        if record is not None:
            lines.append(Line(record.text, record.cite))
        reasons = "; ".join(item.reason for item in person.reasons)
        lines.append(
            Line(
                f"Authorisation needed: {reasons}", tuple(c for i in person.reasons for c in i.cite)
            )
        )
        lines += [
            _field("Name"),
            # A PSE equivalent (2.3.4) or a Youth Justice Team member holds no police rank.
            _field("Rank or role"),
            _field("Decision (authorised or not authorised)"),
            _field("Date and time"),
            _field("Authoriser's rationale"),
        ]
        blocks.append(
            Section(
                f"supervisor_{person.role.id}",
                f"To be completed by the authoriser: {person.role.name}",
                tuple(lines),
            )
        )
    return blocks


# -- layouts ---------------------------------------------------------------------------------------
def record_text(model: ResultModel) -> str:
    """Plain text for a log field (Athena, CAD): headings and sentences, no tables, no Markdown,
    no tick boxes; a citation in round brackets after its line."""
    out = [model.title, ""]
    for number, section in enumerate(model.sections):
        if number:
            out.append("")
        out.append(f"{section.heading}:")
        out += [_log_line(line) for line in section.lines]
    return "\n".join(out) + "\n"


def _log_line(line: Line) -> str:
    cites = f" ({'; '.join(line.cite)})" if line.cite else ""
    warn = "WARNING: " if line.warning else ""
    prefix = {"question": "Question: ", "answer": "Answer: "}.get(line.kind, "")
    indent = "  " * line.depth
    # Never a character a log field or terminal would act on, and never two lines from one.
    text = " ".join(terminal_safe(line.text).split())
    if line.kind == "todo":
        prefix = "To do: "
    return f"{indent}{prefix}{warn}{text}{cites}"


def record_markdown(model: ResultModel) -> str:
    """The same record in Markdown, laid out as the exported rationale is."""
    from assistant.report import markdown_lines

    return "\n".join([f"# {escape_markdown(model.title)}", *markdown_lines(model), ""])


def record_document(
    fmt: RecordFormat,
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    details: CaseDetails,
    today: dt.date | None = None,
    contacts: ContactBook | None = None,
) -> str:
    model = record_model(rec, tree, corpus, details, today, contacts)
    return record_markdown(model) if fmt == "markdown" else record_text(model)
