"""The training report as a file: the Markdown a trainer reads, with the same results as data
(a JSON block in an HTML comment at the end, which Markdown viewers do not show) so that
``cr-assistant scenarios class`` can combine a class's reports.

A report comes back from a trainee's folder, so it is untrusted input: :func:`read_report`
checks its size, its shape and every value before anything uses it, and names the file and
what is wrong in one line. A report is written with
:func:`assistant.safefile.write_private` (0600: it names a person and their marks).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus import Corpus
from assistant.errors import InputError
from assistant.terminal_text import describe_character, unsafe_character
from assistant.training import Sitting, TrainingResult, sitting_markdown

FORMAT = "cr-assistant-sitting"
VERSION = 1
_START = "<!-- cr-assistant sitting data (for 'cr-assistant scenarios class'):"
_END = "-->"
_BLOCK = re.compile(re.escape(_START) + r"\n(?P<json>.*?)\n" + re.escape(_END), re.DOTALL)
MAX_REPORT_BYTES = 2_000_000
TRAINEE_LIMIT = 80
_TEXT_LIMIT = 400  # a question or an answer label
_ID = re.compile(r"^[\w.-]{1,100}$")


def checked_trainee(text: str) -> str:
    """The trainee's name as typed, stripped; InputError (one line) if it is not one short line
    of plain text."""
    name = text.strip()
    if "\n" in name or "\r" in name:
        raise InputError("the trainee's name must be one line")
    bad = unsafe_character(name)
    if bad is not None:
        raise InputError(f"the trainee's name contains {describe_character(bad)}: type it again")
    if len(name) > TRAINEE_LIMIT:
        raise InputError(f"the trainee's name is too long: keep it to {TRAINEE_LIMIT} characters")
    return name


# -- writing ---------------------------------------------------------------------------------------
def _difference(result: TrainingResult) -> list[dict[str, Any]]:
    """Each answer the trainee gave that the model did not, with the paragraphs deciding it."""
    return [
        {
            "question": item.question_id,
            "question_text": item.question,
            "answer": item.trainee,
            "model": item.model,
            "cite": list(item.cite),
        }
        for item in result.differing
        if item.trainee is not None and item.model is not None
    ]


def report_data(sitting: Sitting) -> dict[str, Any]:
    taken = {result.scenario.id: result for result in sitting.results}
    scenarios = []
    for scenario in sitting.scenarios:
        result = taken.get(scenario.id)
        entry: dict[str, Any] = {
            "id": scenario.id,
            "tree": scenario.tree_id,
            "title": scenario.title_after,
            "taken": result is not None,
        }
        if result is not None:
            entry |= {
                "correct": result.correct,
                "disposal": result.trainee.disposal.id,
                "disposal_label": result.trainee.disposal.label,
                "authorisers": sorted(result.trainee_roles),
                "expected_disposal": scenario.expected.disposal,
                "expected_authorisers": sorted(result.expected_roles),
                "wrong_answers": _difference(result),
            }
        scenarios.append(entry)
    return {
        "format": FORMAT,
        "version": VERSION,
        "trainee": sitting.trainee,
        "started": sitting.started.isoformat(timespec="minutes"),
        "scenarios": scenarios,
    }


def report_text(sitting: Sitting, corpus: Corpus, today: dt.date | None = None) -> str:
    """The report's Markdown with its data block at the end."""
    # "<" and ">" escaped, so that nothing typed can close the comment early.
    data = json.dumps(report_data(sitting), ensure_ascii=False, indent=1)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"{sitting_markdown(sitting, corpus, today)}\n{_START}\n{data}\n{_END}\n"


# -- reading (untrusted) -----------------------------------------------------------------------
@dataclass(frozen=True)
class WrongAnswer:
    question: str
    question_text: str
    answer: str
    model: str
    cite: tuple[str, ...]


@dataclass(frozen=True)
class ScenarioMark:
    id: str
    tree: str
    title: str
    taken: bool
    correct: bool = False
    disposal_label: str = ""
    wrong_answers: tuple[WrongAnswer, ...] = ()


@dataclass(frozen=True)
class ReportRecord:
    path: Path
    trainee: str
    started: str
    scenarios: tuple[ScenarioMark, ...]


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, what: str) -> InputError:
        return InputError(f"{self.path}: {where}: {what}: use the report as cr-assistant wrote it")

    def text(self, table: dict[str, Any], key: str, where: str, limit: int = _TEXT_LIMIT) -> str:
        value = table.get(key)
        if not isinstance(value, str) or len(value) > limit:
            raise self.fail(where, f"'{key}' must be text of at most {limit} characters")
        bad = unsafe_character(value)
        if bad is not None or "\n" in value:
            raise self.fail(where, f"'{key}' contains a line break or a control character")
        return value

    def flag(self, table: dict[str, Any], key: str, where: str) -> bool:
        value = table.get(key)
        if not isinstance(value, bool):
            raise self.fail(where, f"'{key}' must be true or false")
        return value

    def ident(self, table: dict[str, Any], key: str, where: str) -> str:
        value = self.text(table, key, where, 100)
        if not _ID.match(value):
            raise self.fail(where, f"'{key}' is not an id")
        return value


def read_report(path: Path) -> ReportRecord:
    """One trainee's report, checked; InputError (one line naming the file) otherwise."""
    from assistant.safefile import read_input

    text = read_input(path, "a training report", MAX_REPORT_BYTES)
    found = _BLOCK.search(text)
    if found is None:
        raise InputError(
            f"{path}: not a training report with results data: give the .md report written by "
            "'ask --train --train-report' or the training score screen"
        )
    reader = _Reader(path)
    try:
        data = json.loads(found.group("json"))
    except json.JSONDecodeError as error:
        raise reader.fail(f"data line {error.lineno}", "the results data is damaged") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise reader.fail("data", "not cr-assistant sitting data")
    if data.get("version") != VERSION:
        raise reader.fail("data", f"version {str(data.get('version'))[:10]} is not understood")
    trainee = reader.text(data, "trainee", "trainee", TRAINEE_LIMIT)
    started = reader.text(data, "started", "started", 40)
    items = data.get("scenarios")
    if not isinstance(items, list) or len(items) > 1000:
        raise reader.fail("scenarios", "must be a list")
    marks = []
    for number, item in enumerate(items, start=1):
        where = f"scenario {number}"
        if not isinstance(item, dict):
            raise reader.fail(where, "must be a table")
        taken = reader.flag(item, "taken", where)
        mark = ScenarioMark(
            id=reader.ident(item, "id", where),
            tree=reader.ident(item, "tree", where),
            title=reader.text(item, "title", where),
            taken=taken,
        )
        if taken:
            wrong = item.get("wrong_answers")
            if not isinstance(wrong, list) or len(wrong) > 200:
                raise reader.fail(where, "'wrong_answers' must be a list")
            answers = []
            for entry in wrong:
                if not isinstance(entry, dict):
                    raise reader.fail(where, "each wrong answer must be a table")
                cite = entry.get("cite")
                if not isinstance(cite, list) or not all(
                    isinstance(c, str) and len(c) <= 60 and unsafe_character(c) is None
                    for c in cite
                ):
                    raise reader.fail(where, "'cite' must be a list of citations")
                answers.append(
                    WrongAnswer(
                        reader.ident(entry, "question", where),
                        reader.text(entry, "question_text", where),
                        reader.text(entry, "answer", where),
                        reader.text(entry, "model", where),
                        tuple(cite),
                    )
                )
            mark = ScenarioMark(
                mark.id,
                mark.tree,
                mark.title,
                True,
                reader.flag(item, "correct", where),
                reader.text(item, "disposal_label", where),
                tuple(answers),
            )
        marks.append(mark)
    return ReportRecord(path, trainee, started, tuple(marks))
