"""A class's results: several trainees' reports combined into one table, one row per scenario
(who was right, who was not, the commonest wrong answer and the paragraph that decides it), in
Markdown for reading and CSV for a spreadsheet. The reports are read by
:func:`assistant.training_report.read_report`, which checks them as untrusted input."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.markdown_text import escape_markdown
from assistant.training_report import ReportRecord, WrongAnswer


@dataclass(frozen=True)
class ClassRow:
    scenario_id: str
    title: str
    right: tuple[str, ...]
    wrong: tuple[str, ...]
    commonest: WrongAnswer | None
    commonest_count: int

    @property
    def taken(self) -> int:
        return len(self.right) + len(self.wrong)

    def commonest_text(self) -> str:
        item = self.commonest
        if item is None:
            return ""
        return (
            f"{item.question_text} -> {item.answer} (model: {item.model}); "
            f"{self.commonest_count} of {len(self.wrong)}"
        )

    def paragraph(self) -> str:
        return self.commonest.cite[0] if self.commonest and self.commonest.cite else ""


def trainee_names(reports: Sequence[ReportRecord]) -> list[str]:
    """Each report's trainee; an unnamed one by its file name, so no two rows merge."""
    names = []
    for report in reports:
        name = report.trainee or f"unnamed ({report.path.name})"
        if name in names:
            name = f"{name} ({report.path.name})"
        names.append(name)
    return names


def class_rows(reports: Sequence[ReportRecord]) -> list[ClassRow]:
    names = trainee_names(reports)
    order: list[str] = []
    titles: dict[str, str] = {}
    right: dict[str, list[str]] = {}
    wrong: dict[str, list[str]] = {}
    answers: dict[str, Counter[WrongAnswer]] = {}
    for name, report in zip(names, reports, strict=True):
        for mark in report.scenarios:
            if mark.id not in titles:
                order.append(mark.id)
                titles[mark.id] = mark.title
            if not mark.taken:
                continue
            (right if mark.correct else wrong).setdefault(mark.id, []).append(name)
            if not mark.correct:
                counter = answers.setdefault(mark.id, Counter())
                # The first answer that parted from the model decides where the walk went.
                if mark.wrong_answers:
                    counter[mark.wrong_answers[0]] += 1
    rows = []
    for scenario_id in order:
        common = answers.get(scenario_id, Counter()).most_common(1)
        rows.append(
            ClassRow(
                scenario_id,
                titles[scenario_id],
                tuple(right.get(scenario_id, [])),
                tuple(wrong.get(scenario_id, [])),
                common[0][0] if common else None,
                common[0][1] if common else 0,
            )
        )
    return rows


def _cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|")


def class_markdown(reports: Sequence[ReportRecord]) -> str:
    names = trainee_names(reports)
    out = [
        "# Community Resolution training: class results",
        "",
        f"Trainees ({len(names)}): {_cell(', '.join(names))}",
        "",
        "| Scenario | Taken by | Right | Not right | Commonest wrong answer | Deciding paragraph |",
        "|---|---|---|---|---|---|",
    ]
    for row in class_rows(reports):
        out.append(
            f"| {_cell(row.title)} ({row.scenario_id}) | {row.taken} of {len(names)} | "
            f"{_cell(', '.join(row.right)) or '-'} | {_cell(', '.join(row.wrong)) or '-'} | "
            f"{_cell(row.commonest_text()) or '-'} | {_cell(row.paragraph()) or '-'} |"
        )
    return "\n".join(out) + "\n"


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def class_csv(reports: Sequence[ReportRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "scenario",
            "title",
            "taken",
            "right",
            "right_count",
            "not_right",
            "commonest_wrong_question",
            "commonest_wrong_answer",
            "model_answer",
            "commonest_wrong_count",
            "deciding_paragraph",
        ]
    )
    for row in class_rows(reports):
        item = row.commonest
        cells = [
            row.scenario_id,
            row.title,
            str(row.taken),
            "; ".join(row.right),
            str(len(row.right)),
            "; ".join(row.wrong),
            item.question_text if item else "",
            item.answer if item else "",
            item.model if item else "",
            str(row.commonest_count),
            row.paragraph(),
        ]
        writer.writerow([_csv_safe(cell) for cell in cells])
    return buffer.getvalue()
