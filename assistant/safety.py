"""The hazard log (NHS DCB0129 style) as data, and the safety-case summary built from it.

``safety/hazard-log.toml`` (shipped in the wheel as ``assistant/_data/safety``) lists each
hazard: what goes wrong, its causes, its effect on a person, its risk before and after controls
on the 5x5 scale the file defines, and the controls, each naming the code or data that
implements it and the pytest node ids that prove it. This module reads and checks the log,
renders it as text and as a Markdown safety case, and reads a pytest JUnit XML file to show
whether the tests each control rests on passed. UI-free: the command line renders its lines.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.errors import InputError
from assistant.markdown_text import escape_markdown
from assistant.paths import data_root
from assistant.safefile import HAZARD_LOG, JUNIT_XML, parse_toml, read_input

# A control is in place and proved by tests, in place with nothing yet to prove it, or open
# (not built): the last two raise the residual risk, and the summary lists them apart.
CONTROL_STATES = ("in place", "in place, untested", "open")
TEST_ID = re.compile(r"^tests/[\w/]+\.py::\w+(::\w+)?(\[.*\])?$")
# A pytest JUnit file for the whole suite is about 100 KB; 20 MB is a wrong file.
MAX_JUNIT_BYTES = 20_000_000
Outcome = Literal["passed", "failed", "skipped", "not in the run"]


def hazard_log_path() -> Path:
    return data_root() / "safety" / "hazard-log.toml"


@dataclass(frozen=True)
class Level:
    score: int
    name: str
    meaning: str


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    name: str
    meaning: str


@dataclass(frozen=True)
class Scale:
    severity: tuple[Level, ...]
    likelihood: tuple[Level, ...]
    bands: tuple[Band, ...]

    def band(self, score: int) -> Band:
        return next(band for band in self.bands if band.low <= score <= band.high)


@dataclass(frozen=True)
class Risk:
    severity: int
    likelihood: int

    @property
    def score(self) -> int:
        return self.severity * self.likelihood


@dataclass(frozen=True)
class Control:
    does: str
    implemented_by: tuple[str, ...]
    tests: tuple[str, ...]
    state: str
    issue: str

    @property
    def tested(self) -> bool:
        return self.state == "in place" and bool(self.tests)


@dataclass(frozen=True)
class Hazard:
    id: str
    title: str
    hazard: str
    causes: tuple[str, ...]
    effect: str
    initial: Risk
    controls: tuple[Control, ...]
    residual: Risk
    residual_note: str

    @property
    def open_controls(self) -> tuple[Control, ...]:
        return tuple(control for control in self.controls if not control.tested)


@dataclass(frozen=True)
class HazardLog:
    title: str
    standard: str
    owner: str
    updated: str
    scale: Scale
    hazards: tuple[Hazard, ...]
    path: Path

    def test_ids(self) -> tuple[str, ...]:
        """Every test a control names, each once, in the order the log names them."""
        seen: dict[str, None] = {}
        for hazard in self.hazards:
            for control in hazard.controls:
                seen.update(dict.fromkeys(control.tests))
        return tuple(seen)


@dataclass(frozen=True)
class PolicyVersion:
    """One tree's policy as a result states it (assistant.presentation.policy_stamp)."""

    tree_id: str
    stamp: str
    review: str


# --- loading ---------------------------------------------------------------------------------


class _Problems:
    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []

    def add(self, place: str, what: str, fix: str) -> None:
        self.lines.append(f"{self.name}: {place}: {what}: {fix}")

    def text(self, table: Mapping[str, Any], key: str, place: str) -> str:
        value = table.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.add(place, f"{key} is missing or empty", f'write {key} = "..."')
        return ""

    def texts(
        self, table: Mapping[str, Any], key: str, place: str, empty: bool = False
    ) -> tuple[str, ...]:
        value = table.get(key, [] if empty else None)
        texts = isinstance(value, list) and all(isinstance(item, str) and item for item in value)
        if texts and (value or empty):
            return tuple(value)
        self.add(place, f"{key} must be a list of text", f'write {key} = ["...", "..."]')
        return ()

    def score(self, table: Any, key: str, place: str) -> int:
        value = table.get(key) if isinstance(table, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
            return value
        self.add(place, f"{key} {value!r} is not a score from 1 to 5", "use the 5x5 scale")
        return 1


def load_hazard_log(path: Path | None = None) -> HazardLog:
    """Read and check the log; every problem is one line naming the file and the entry."""
    path = path or hazard_log_path()
    name = str(path)
    data = parse_toml(read_input(path, HAZARD_LOG), name)
    problems = _Problems(name)
    raw_head = data.get("log")
    head: dict[str, Any] = raw_head if isinstance(raw_head, dict) else {}
    if not head:
        problems.add("[log]", "the [log] table is missing", "add title, standard, owner, updated")
    scale = _scale(data.get("scale"), problems)
    hazards: list[Hazard] = []
    entries = data.get("hazard")
    if not isinstance(entries, list) or not entries:
        problems.add("[[hazard]]", "no hazards", "add one [[hazard]] table per hazard")
        entries = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        hazard = _hazard(entry, number, problems)
        if hazard.id in seen:
            problems.add(f"hazard {hazard.id}", "id is used twice", "give each hazard its own id")
        seen.add(hazard.id)
        hazards.append(hazard)
    log = HazardLog(
        title=problems.text(head, "title", "[log]"),
        standard=problems.text(head, "standard", "[log]"),
        owner=problems.text(head, "owner", "[log]"),
        updated=problems.text(head, "updated", "[log]"),
        scale=scale,
        hazards=tuple(hazards),
        path=path,
    )
    if problems.lines:
        raise InputError(problems.lines[0], problems.lines)
    return log


def _scale(raw: Any, problems: _Problems) -> Scale:
    table = raw if isinstance(raw, dict) else {}
    levels: dict[str, tuple[Level, ...]] = {}
    for key in ("severity", "likelihood"):
        rows = table.get(key)
        found = []
        for row in rows if isinstance(rows, list) else []:
            place = f"[[scale.{key}]]"
            found.append(
                Level(
                    problems.score(row, "score", place),
                    problems.text(row, "name", place) if isinstance(row, dict) else "",
                    problems.text(row, "meaning", place) if isinstance(row, dict) else "",
                )
            )
        if sorted(level.score for level in found) != [1, 2, 3, 4, 5]:
            problems.add(
                f"[[scale.{key}]]", "must define each score 1 to 5 once", "list five levels"
            )
        levels[key] = tuple(sorted(found, key=lambda level: level.score))
    bands = []
    raw_bands = table.get("band")
    for raw in raw_bands if isinstance(raw_bands, list) else []:
        place = "[[scale.band]]"
        band_row: dict[str, Any] = raw if isinstance(raw, dict) else {}
        low, high = band_row.get("low"), band_row.get("high")
        if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high <= 25):
            problems.add(
                place,
                f"low {low!r} and high {high!r} are not a range in 1 to 25",
                "write low and high as whole numbers, low first",
            )
            continue
        bands.append(
            Band(
                low,
                high,
                problems.text(band_row, "name", place),
                problems.text(band_row, "meaning", place),
            )
        )
    covered = sorted(score for band in bands for score in range(band.low, band.high + 1))
    if covered != list(range(1, 26)):
        problems.add(
            "[[scale.band]]",
            "the bands must cover every score 1 to 25 once",
            "make each band start where the last ended",
        )
    return Scale(levels["severity"], levels["likelihood"], tuple(bands))


def _hazard(entry: Any, number: int, problems: _Problems) -> Hazard:
    table = entry if isinstance(entry, dict) else {}
    raw_id = table.get("id")
    hazard_id = raw_id if isinstance(raw_id, str) else ""
    place = f"hazard {hazard_id or number}"
    if not hazard_id:
        problems.add(place, "id is missing", 'write id = "H.."')
    controls = []
    raw_controls = table.get("control")
    if not isinstance(raw_controls, list) or not raw_controls:
        problems.add(place, "no controls", "add [[hazard.control]] tables")
        raw_controls = []
    for index, raw in enumerate(raw_controls, start=1):
        controls.append(_control(raw, f"{place}: control {index}", problems))
    if controls and not any(control.tested for control in controls):
        problems.add(place, "no control is proved by a test", "name the tests of a control")
    initial = _risk(table.get("initial"), f"{place}: initial", problems)
    residual = _risk(table.get("residual"), f"{place}: residual", problems)
    if residual.score > initial.score:
        problems.add(
            f"{place}: residual",
            f"risk {residual.score} is above the risk before controls ({initial.score})",
            "controls never raise a risk: check both",
        )
    return Hazard(
        id=hazard_id,
        title=problems.text(table, "title", place),
        hazard=problems.text(table, "hazard", place),
        causes=problems.texts(table, "causes", place),
        effect=problems.text(table, "effect", place),
        initial=initial,
        controls=tuple(controls),
        residual=residual,
        residual_note=problems.text(table, "residual_note", place),
    )


def _risk(raw: Any, place: str, problems: _Problems) -> Risk:
    if not isinstance(raw, dict):
        problems.add(place, "is missing", "write { severity = N, likelihood = N }")
        return Risk(1, 1)
    return Risk(problems.score(raw, "severity", place), problems.score(raw, "likelihood", place))


def _control(raw: Any, place: str, problems: _Problems) -> Control:
    table = raw if isinstance(raw, dict) else {}
    state = table.get("state", "in place")
    if state not in CONTROL_STATES:
        problems.add(
            place, f"state {state!r} is unknown", f"use one of {', '.join(CONTROL_STATES)}"
        )
    tests = problems.texts(table, "tests", place, empty=True)
    for test in tests:
        if not TEST_ID.match(test):
            problems.add(
                place, f"'{test}' is not a pytest node id", "write tests/FILE.py::test_name"
            )
    issue = table.get("issue", "")
    if state == "in place" and not tests:
        problems.add(
            place, "is in place but names no test", 'name its tests or say "in place, untested"'
        )
    if state != "in place" and tests:
        problems.add(
            place, f"is {state} but names tests", 'a control its tests prove is "in place"'
        )
    if state == "open" and not issue:
        problems.add(place, "is open but names no issue", 'write issue = "issue N item M"')
    return Control(
        does=problems.text(table, "does", place),
        implemented_by=problems.texts(table, "implemented_by", place, empty=state == "open"),
        tests=tests,
        state=str(state),
        issue=str(issue),
    )


# --- checks against a checkout (the tests run them; an installed wheel has no tests/) ---------


def missing_tests(log: HazardLog, root: Path) -> list[str]:
    """One line per named test that is not a test function in its file under ``root``."""
    problems = []
    defined: dict[str, set[str]] = {}
    for test in log.test_ids():
        file, _, name = test.partition("::")
        if file not in defined:
            defined[file] = _test_names(root / file)
        if name.split("[")[0] not in defined[file]:
            problems.append(f"{log.path}: {_where(log, test)}: no test {test}: fix the id")
    return problems


def missing_implementations(log: HazardLog, root: Path) -> list[str]:
    """One line per ``implemented_by`` that names a file, function or table not in ``root``."""
    problems = []
    for hazard in log.hazards:
        for index, control in enumerate(hazard.controls, start=1):
            for reference in control.implemented_by:
                if not _reference_exists(root, reference):
                    problems.append(
                        f"{log.path}: hazard {hazard.id}: control {index}: "
                        f"'{reference}' is not in the project: name a file, file::function "
                        "or file::table.key that exists"
                    )
    return problems


def _where(log: HazardLog, test: str) -> str:
    for hazard in log.hazards:
        for index, control in enumerate(hazard.controls, start=1):
            if test in control.tests:
                return f"hazard {hazard.id}: control {index}"
    return "log"


def _test_names(path: Path) -> set[str]:
    """``test_x`` and ``TestClass::test_x`` names defined in a test file."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.update(
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            )
    return names


def _reference_exists(root: Path, reference: str) -> bool:
    file, _, name = reference.partition("::")
    path = root / file
    if not path.exists():
        return False
    if not name:
        return True
    if path.suffix == ".py":
        return _python_name_exists(path, name)
    if path.suffix == ".toml":
        node: Any = parse_toml(read_input(path), str(path))
        for key in name.split("."):
            if not isinstance(node, dict) or key not in node:
                return False
            node = node[key]
        return True
    return False


def _python_name_exists(path: Path, name: str) -> bool:
    outer, _, inner = name.partition(".")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.name == outer
        ):
            if not inner:
                return True
            return isinstance(node, ast.ClassDef) and any(
                isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == inner
                for item in node.body
            )
        if (
            isinstance(node, ast.Assign)
            and not inner
            and any(isinstance(target, ast.Name) and target.id == outer for target in node.targets)
        ):
            return True
    return False


# --- test results from a pytest run ------------------------------------------------------------


def read_junit(path: Path) -> dict[str, Outcome]:
    """The outcome of each test in a pytest ``--junit-xml`` file, keyed by node id without its
    parameters: failed if any parametrised case failed or erred, skipped if all were skipped."""
    text = read_input(path, JUNIT_XML)
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        line, column = error.position
        what = re.sub(r": line \d+, column \d+$", "", str(error))
        raise InputError(
            f"{path}:{line}:{column + 1}: not JUnit XML ({what}): "
            "give the file pytest --junit-xml wrote"
        ) from None
    cases: dict[str, list[str]] = {}
    for case in root.iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        if not classname or not name:
            continue
        if case.find("failure") is not None or case.find("error") is not None:
            result = "failed"
        elif case.find("skipped") is not None:
            result = "skipped"
        else:
            result = "passed"
        cases.setdefault(_node_id(classname, name.split("[")[0]), []).append(result)
    if not cases and root.tag not in ("testsuites", "testsuite"):
        raise InputError(
            f"{path}: file: holds no test cases: give the file pytest --junit-xml wrote"
        )
    outcomes: dict[str, Outcome] = {}
    for node_id, results in cases.items():
        if "failed" in results:
            outcomes[node_id] = "failed"
        elif all(result == "skipped" for result in results):
            outcomes[node_id] = "skipped"
        else:
            outcomes[node_id] = "passed"
    return outcomes


def _node_id(classname: str, name: str) -> str:
    """pytest writes ``tests.tui.test_x`` (and ``tests.test_x.TestCase``) as the classname."""
    parts = classname.split(".")
    module_end = max(
        (index for index, part in enumerate(parts) if part.startswith("test_")),
        default=len(parts) - 1,
    )
    path = "/".join(parts[: module_end + 1]) + ".py"
    inside = [*parts[module_end + 1 :], name]
    return path + "::" + "::".join(inside)


def outcome_of(test: str, outcomes: Mapping[str, Outcome]) -> Outcome:
    return outcomes.get(test.split("[")[0], "not in the run")


# --- rendering ---------------------------------------------------------------------------------


def _risk_text(scale: Scale, risk: Risk) -> str:
    return (
        f"severity {risk.severity} x likelihood {risk.likelihood} = {risk.score} "
        f"({scale.band(risk.score).name})"
    )


def _control_state(control: Control) -> str:
    if control.state == "open":
        return f"OPEN ({control.issue})"
    if not control.tested:
        return "IN PLACE, NO TEST" + (f" ({control.issue})" if control.issue else "")
    return "in place"


# Lines naming a test or a place in the code: printed whole, never broken to fit the terminal.
REFERENCE_PREFIXES = ("test: ", "implemented by: ")


def log_lines(log: HazardLog) -> list[str]:
    """The whole log as plain lines (blank lines between entries)."""
    lines = [log.title, f"Standard: {log.standard}", f"Owner: {log.owner}; updated {log.updated}"]
    lines += ["", "Severity (effect on a person):"]
    lines += [f"  {level.score} {level.name}: {level.meaning}" for level in log.scale.severity]
    lines += ["Likelihood (that the hazard reaches a case):"]
    lines += [f"  {level.score} {level.name}: {level.meaning}" for level in log.scale.likelihood]
    lines += ["Risk = severity x likelihood:"]
    lines += [f"  {band.low}-{band.high} {band.name}: {band.meaning}" for band in log.scale.bands]
    for hazard in log.hazards:
        lines += ["", f"{hazard.id} {hazard.title}", f"  What goes wrong: {hazard.hazard}"]
        lines += ["  Causes:"] + [f"    - {cause}" for cause in hazard.causes]
        lines += [f"  Effect: {hazard.effect}"]
        lines += [f"  Risk before controls: {_risk_text(log.scale, hazard.initial)}"]
        lines += ["  Controls:"]
        for index, control in enumerate(hazard.controls, start=1):
            lines += [f"    {index}. [{_control_state(control)}] {control.does}"]
            lines += [f"       implemented by: {item}" for item in control.implemented_by]
            lines += [f"       test: {test}" for test in control.tests]
        lines += [f"  Residual risk: {_risk_text(log.scale, hazard.residual)}"]
        lines += [f"    {hazard.residual_note}"]
    return lines


def _cell(text: str) -> str:
    return escape_markdown(text).replace("|", "\\|")


_MARK: dict[Outcome, str] = {
    "passed": "passed",
    "failed": "**FAILED**",
    "skipped": "skipped",
    "not in the run": "not in the run",
}


def safety_markdown(
    log: HazardLog,
    policies: Sequence[PolicyVersion],
    today: dt.date,
    version: str,
    outcomes: Mapping[str, Outcome] | None = None,
    results_source: str = "",
) -> str:
    """The safety-case summary: date, policy versions, risks, controls and the test evidence."""
    out = [f"# Safety case: cr-assistant {version}", ""]
    out += [f"Generated {today.isoformat()} from `{log.path.name}` (updated {log.updated})."]
    out += [f"Standard: {_cell(log.standard)}", f"Owner: {_cell(log.owner)}", ""]
    out += ["## Policy versions", "", "| Tree | Policy | Review status |", "|---|---|---|"]
    out += [
        f"| {_cell(policy.tree_id)} | {_cell(policy.stamp)} | {_cell(policy.review)} |"
        for policy in policies
    ]
    out += ["", "## Test evidence", ""]
    named = log.test_ids()
    if outcomes is None:
        out += [
            f"Test results were not supplied: the {len(named)} tests named below were not run "
            "for this summary. Run `pytest --junit-xml=results.xml` and give "
            "`--junit-xml results.xml`."
        ]
    else:
        counts = {key: 0 for key in _MARK}
        for test in named:
            counts[outcome_of(test, outcomes)] += 1
        out += [
            f"Results from {_cell(results_source)}: of {len(named)} named tests, "
            + ", ".join(f"{count} {key}" for key, count in counts.items())
            + "."
        ]
    out += ["", "## Hazards", ""]
    evidence = "" if outcomes is None else " Named tests passed |"
    out += [
        "| Id | Hazard | Before controls | Residual | Controls open or untested |" + evidence,
        "|---|---|---|---|---|" + ("---|" if evidence else ""),
    ]
    for hazard in log.hazards:
        row = (
            f"| {hazard.id} | {_cell(hazard.title)} "
            f"| {hazard.initial.score} {log.scale.band(hazard.initial.score).name} "
            f"| {hazard.residual.score} {log.scale.band(hazard.residual.score).name} "
            f"| {len(hazard.open_controls)} |"
        )
        if outcomes is not None:
            tests = {test for control in hazard.controls for test in control.tests}
            passed = sum(outcome_of(test, outcomes) == "passed" for test in tests)
            row += f" {passed} of {len(tests)} |"
        out += [row]
    out += ["", "Risk = severity x likelihood, each scored 1 to 5:", ""]
    out += [
        f"- {band.low}-{band.high} {band.name}: {_cell(band.meaning)}" for band in log.scale.bands
    ]
    for hazard in log.hazards:
        out += ["", f"### {hazard.id} {_cell(hazard.title)}", ""]
        out += [f"- What goes wrong: {_cell(hazard.hazard)}", f"- Effect: {_cell(hazard.effect)}"]
        out += [f"- Causes: {'; '.join(_cell(cause) for cause in hazard.causes)}"]
        out += [f"- Before controls: {_risk_text(log.scale, hazard.initial)}"]
        out += [
            f"- Residual: {_risk_text(log.scale, hazard.residual)}. {_cell(hazard.residual_note)}"
        ]
        out += ["", "Controls:", ""]
        for index, control in enumerate(hazard.controls, start=1):
            out += [f"{index}. {_cell(_control_state(control))}: {_cell(control.does)}"]
            if control.implemented_by:
                where = ", ".join(f"`{item}`" for item in control.implemented_by)
                out += [f"   - Implemented by {where}"]
            for test in control.tests:
                result = "" if outcomes is None else f": {_MARK[outcome_of(test, outcomes)]}"
                out += [f"   - `{test}`{result}"]
    open_controls = [
        (hazard, control) for hazard in log.hazards for control in hazard.open_controls
    ]
    out += ["", "## Controls open or without a test", ""]
    out += [
        f"- {hazard.id}: {_cell(control.does)} ({_cell(control.issue or 'no test yet')})"
        for hazard, control in open_controls
    ] or ["None."]
    out += [
        "",
        "## Sign-off",
        "",
        "Safety officer (for the force adopting it): ____________  Date: ________",
        "",
    ]
    return "\n".join(out)


def failed_tests(log: HazardLog, outcomes: Mapping[str, Outcome]) -> list[str]:
    return [test for test in log.test_ids() if outcome_of(test, outcomes) == "failed"]
