"""The LPU Lead's oversight report over decision records: cases by outcome and by month, the
special-case routes used and why, authorisations by role, readings relied on, and the cases
where the officer changed an answer that changed the outcome.

:func:`build_report` counts; :func:`render` writes text, Markdown, CSV or JSON. Names and titles
come from the trees (a record holds ids only); a tree no longer available shows its ids.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from assistant.engine.model import Tree
from assistant.record.model import CaseRecord, paragraph_text, stamp

FORMATS = ("text", "markdown", "csv", "json")


@dataclass(frozen=True)
class Count:
    id: str
    label: str
    count: int


@dataclass(frozen=True)
class SpecialCaseCount:
    id: str
    label: str
    cite: tuple[str, ...]
    count: int
    # Who authorised the cases that took this route, and for what (the rule's paragraphs).
    reasons: tuple[Count, ...]


@dataclass(frozen=True)
class ChangedCase:
    recorded_at: str
    unit: str
    tree_id: str
    question_id: str
    question: str
    outcome_before: str
    outcome_after: str


@dataclass(frozen=True)
class OversightReport:
    period_from: str | None
    period_to: str | None
    unit: str | None
    cases: int
    by_outcome: tuple[Count, ...]
    by_month: tuple[Count, ...]
    by_unit: tuple[Count, ...]
    special_cases: tuple[SpecialCaseCount, ...]
    authorisations: tuple[Count, ...]
    readings: tuple[Count, ...]
    changed: tuple[ChangedCase, ...]
    # Records whose contents no longer match the digest written with them.
    altered: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def special_cases_counts(self) -> tuple[Count, ...]:
        return tuple(Count(case.id, case.label, case.count) for case in self.special_cases)


class Labels:
    """Titles for the ids in records, from the trees (loaded on first use)."""

    def __init__(self, load: Callable[[str], Tree | None]) -> None:
        self._load = load
        self._trees: dict[str, Tree | None] = {}

    def tree(self, tree_id: str) -> Tree | None:
        if tree_id not in self._trees:
            self._trees[tree_id] = self._load(tree_id)
        return self._trees[tree_id]

    def outcome(self, tree_id: str, outcome_id: str) -> str:
        tree = self.tree(tree_id)
        node = tree.nodes.get(outcome_id) if tree else None
        return node.title if node and node.title else outcome_id

    def question(self, tree_id: str, question_id: str) -> str:
        tree = self.tree(tree_id)
        node = tree.nodes.get(question_id) if tree else None
        return node.text if node else question_id

    def role(self, tree_id: str, role_id: str) -> str:
        tree = self.tree(tree_id)
        role = tree.roles.get(role_id) if tree else None
        return role.name if role else role_id

    def special_case(self, tree_id: str, case_id: str) -> tuple[str, tuple[str, ...]]:
        tree = self.tree(tree_id)
        case = tree.special_cases.get(case_id) if tree else None
        return (case.label, case.cite) if case else (case_id, ())

    def reading(self, tree_id: str, reading_id: str) -> str:
        tree = self.tree(tree_id)
        reading = tree.readings.get(reading_id) if tree else None
        return f"{reading_id} ({', '.join(reading.cite)})" if reading else reading_id


def build_report(
    records: Iterable[CaseRecord],
    labels: Labels,
    unit_name: Callable[[str | None], str],
    period_from: str | None = None,
    period_to: str | None = None,
    unit: str | None = None,
) -> OversightReport:
    records = list(records)
    outcomes: Counter[tuple[str, str]] = Counter()
    months: Counter[str] = Counter()
    units: Counter[str | None] = Counter()
    special: Counter[tuple[str, str]] = Counter()
    special_reasons: dict[tuple[str, str], Counter[tuple[str, str]]] = {}
    roles: Counter[tuple[str, str]] = Counter()
    readings: Counter[tuple[str, str]] = Counter()
    changed: list[ChangedCase] = []
    for record in records:
        outcomes[(record.tree_id, record.outcome_id)] += 1
        months[stamp(record.recorded_at)[:7]] += 1
        units[record.unit] += 1
        for role in dict.fromkeys(reason.contact_role for reason in record.contacts):
            roles[(record.tree_id, role)] += 1
        for reading in record.readings:
            readings[(record.tree_id, reading)] += 1
        for used in record.special_cases:
            key = (record.tree_id, used.special_case_id)
            special[key] += 1
            why = special_reasons.setdefault(key, Counter())
            for reason in record.contacts:
                if reason.question_id == used.question_id:
                    cite = ", ".join(paragraph_text(p) for p in reason.paragraphs)
                    why[(reason.role_id, cite)] += 1
        if record.changed_from:
            question = record.changed_question or ""
            changed.append(
                ChangedCase(
                    recorded_at=stamp(record.recorded_at),
                    unit=unit_name(record.unit),
                    tree_id=record.tree_id,
                    question_id=question,
                    question=labels.question(record.tree_id, question) if question else "",
                    outcome_before=record.changed_from,
                    outcome_after=record.outcome_id,
                )
            )
    return OversightReport(
        period_from=period_from,
        period_to=period_to,
        unit=unit_name(unit) if unit else None,
        cases=len(records),
        by_outcome=_counts(outcomes, lambda tree, item: labels.outcome(tree, item)),
        by_month=tuple(Count(month, month, n) for month, n in sorted(months.items())),
        by_unit=tuple(Count(key or "", unit_name(key), n) for key, n in units.most_common()),
        special_cases=tuple(
            SpecialCaseCount(
                id=case_id,
                label=labels.special_case(tree_id, case_id)[0],
                cite=labels.special_case(tree_id, case_id)[1],
                count=n,
                reasons=tuple(
                    Count(role, f"{labels.role(tree_id, role)} ({cite})", k)
                    for (role, cite), k in special_reasons[(tree_id, case_id)].most_common()
                ),
            )
            for (tree_id, case_id), n in special.most_common()
        ),
        authorisations=_counts(roles, lambda tree, item: labels.role(tree, item)),
        readings=_counts(readings, lambda tree, item: labels.reading(tree, item)),
        changed=tuple(changed),
        altered=sum(1 for record in records if not record.intact()),
    )


def _counts(
    counter: Counter[tuple[str, str]], label: Callable[[str, str], str]
) -> tuple[Count, ...]:
    return tuple(Count(item, label(tree, item), n) for (tree, item), n in counter.most_common())


# -- rendering ---------------------------------------------------------------------------------
def render(report: OversightReport, form: str) -> str:
    if form == "json":
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)
    if form == "csv":
        return _csv(report)
    return "\n".join(_markdown(report) if form == "markdown" else _text(report))


def _scope(report: OversightReport) -> str:
    period = f"{report.period_from or 'the first record'} to {report.period_to or 'today'}"
    return f"{period}; unit: {report.unit or 'all units'}"


def _text(report: OversightReport) -> list[str]:
    lines = [
        f"Decision records, {_scope(report)}",
        f"Cases: {report.cases}",
    ]
    if report.altered:
        lines.append(f"WARNING: {report.altered} record(s) no longer match their digest")

    def section(title: str, rows: Iterable[Count]) -> None:
        rows = list(rows)
        lines.extend(["", f"{title}:"])
        lines.extend(f"  {row.count:>5}  {row.label}" for row in rows)
        if not rows:
            lines.append("  none")

    section("By outcome", report.by_outcome)
    section("By month", report.by_month)
    section("By unit", report.by_unit)
    lines.extend(["", "Special-case routes:"])
    for case in report.special_cases:
        lines.append(f"  {case.count:>5}  {case.label} ({', '.join(case.cite)})")
        lines.extend(f"         authorised: {row.label} x{row.count}" for row in case.reasons)
    if not report.special_cases:
        lines.append("  none")
    section("Authorisations by role (cases)", report.authorisations)
    section("Readings relied on", report.readings)
    lines.extend(["", "Answers changed that changed the outcome:"])
    for item in report.changed:
        lines.append(
            f"  {item.recorded_at}  {item.unit}: {item.question_id} changed, "
            f"{item.outcome_before} -> {item.outcome_after}"
        )
    if not report.changed:
        lines.append("  none")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(report: OversightReport) -> list[str]:
    lines = ["# Decision records: oversight report", "", f"{_scope(report)}.", ""]
    lines.append(f"**Cases:** {report.cases}")
    if report.altered:
        lines.append(f"\n**Warning:** {report.altered} record(s) no longer match their digest.")

    def table(title: str, head: str, rows: Iterable[tuple[str, ...]]) -> None:
        rows = list(rows)
        lines.extend(["", f"## {title}", ""])
        if not rows:
            lines.append("None.")
            return
        lines.append(f"| {head} |")
        lines.append("|" + "---|" * (head.count("|") + 1))
        lines.extend("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows)

    table("By outcome", "Cases | Outcome", ((str(r.count), r.label) for r in report.by_outcome))
    table("By month", "Cases | Month", ((str(r.count), r.label) for r in report.by_month))
    table("By unit", "Cases | Unit", ((str(r.count), r.label) for r in report.by_unit))
    table(
        "Special-case routes",
        "Cases | Route | Paragraphs | Authorised",
        (
            (
                str(c.count),
                c.label,
                ", ".join(c.cite),
                "; ".join(f"{r.label} x{r.count}" for r in c.reasons),
            )
            for c in report.special_cases
        ),
    )
    table(
        "Authorisations by role",
        "Cases | Role",
        ((str(r.count), r.label) for r in report.authorisations),
    )
    table(
        "Readings relied on", "Cases | Reading", ((str(r.count), r.label) for r in report.readings)
    )
    table(
        "Answers changed that changed the outcome",
        "When | Unit | Question changed | Outcome before | Outcome after",
        (
            (c.recorded_at, c.unit, c.question_id, c.outcome_before, c.outcome_after)
            for c in report.changed
        ),
    )
    return lines


def _csv(report: OversightReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "id", "label", "count"])
    writer.writerow(["cases", "", "", report.cases])
    for section, rows in (
        ("outcome", report.by_outcome),
        ("month", report.by_month),
        ("unit", report.by_unit),
        ("authorisation", report.authorisations),
        ("reading", report.readings),
    ):
        for row in rows:
            writer.writerow([section, row.id, _formula_safe(row.label), row.count])
    for case in report.special_cases:
        writer.writerow(["special_case", case.id, _formula_safe(case.label), case.count])
    for item in report.changed:
        writer.writerow(
            ["changed", item.question_id, f"{item.outcome_before} -> {item.outcome_after}", 1]
        )
    return buffer.getvalue()


def _formula_safe(text: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
