"""Scenario results for people (a table) and for a course's records (JSON, JUnit XML)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.scenarios.model import Expectation, ScenarioResult


def _roles(roles: Iterable[str]) -> str:
    ordered = list(roles)
    return "+".join(ordered) if ordered else "no authoriser"


def expected_text(expected: Expectation) -> str:
    return f"{expected.disposal}; {_roles(expected.authorisers)}"


def got_text(result: ScenarioResult) -> str:
    roles = (role.id for role in result.recommendation.contact_roles)
    return f"{result.recommendation.disposal.id}; {_roles(roles)}"


def failure_lines(result: ScenarioResult) -> list[str]:
    """What differs, one fact per line, then the first divergence with its paragraphs."""
    lines = []
    if not result.disposal_ok:
        lines.append(
            f"disposal: expected {result.scenario.expected.disposal}, "
            f"got {result.recommendation.disposal.id} ({result.recommendation.outcome_id})"
        )
    expected = result.scenario.expected.authorisers
    got = [role.id for role in result.recommendation.contact_roles]
    if result.missing_authorisers:
        missing = (role for role in expected if role in result.missing_authorisers)
        lines.append(f"authorisers missing: {_roles(missing)}")
    if result.extra_authorisers:
        extra = (role for role in got if role in result.extra_authorisers)
        lines.append(f"authorisers not expected: {_roles(extra)}")
    if result.missing_obligations:
        lines.append(
            "obligations missing: no obligation cites " + ", ".join(result.missing_obligations)
        )
    if result.divergence is not None:
        where = f"Q{result.divergence.step} " if result.divergence.question_id else ""
        cites = f"  [{'; '.join(result.divergence.cite)}]" if result.divergence.cite else ""
        lines.append(f"first divergence: {where}{result.divergence.text}{cites}")
    return lines


def results_table(results: Sequence[ScenarioResult]) -> list[str]:
    """One row per scenario (pass/fail, id, expected, got), failures explained underneath."""
    rows = [("result", "scenario", "expected", "got")]
    rows += [
        (
            "PASS" if r.passed else "FAIL",
            r.scenario.id,
            expected_text(r.scenario.expected),
            "(as expected)" if r.passed else got_text(r),
        )
        for r in results
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = []
    for index, row in enumerate(rows):
        lines.append(
            "  ".join(cell.ljust(widths[n]) for n, cell in enumerate(row[:3])) + "  " + row[3]
        )
        if index and not results[index - 1].passed:
            lines += [" " * (widths[0] + 2) + line for line in failure_lines(results[index - 1])]
    failed = sum(1 for r in results if not r.passed)
    lines.append("")
    lines.append(f"{len(results) - failed} passed, {failed} failed, {len(results)} scenarios")
    todo = [r.scenario.id for r in results if r.scenario.has_placeholders]
    if todo:
        lines.append(f"Still to be written up (TODO in title or narrative): {', '.join(todo)}")
    return lines


def result_dict(result: ScenarioResult) -> dict[str, Any]:
    scenario, rec = result.scenario, result.recommendation
    return {
        "id": scenario.id,
        "path": str(scenario.path),
        "tree": scenario.tree_id,
        "title": scenario.title,
        "passed": result.passed,
        "expected": {
            "disposal": scenario.expected.disposal,
            "authorisers": list(scenario.expected.authorisers),
            "obligations": list(scenario.expected.obligations),
        },
        "got": {
            "outcome": rec.outcome_id,
            "disposal": rec.disposal.id,
            "authorisers": [role.id for role in rec.contact_roles],
        },
        "missing_authorisers": sorted(result.missing_authorisers),
        "extra_authorisers": sorted(result.extra_authorisers),
        "missing_obligations": list(result.missing_obligations),
        "first_divergence": None
        if result.divergence is None
        else {
            "step": result.divergence.step,
            "question": result.divergence.question_id,
            "text": result.divergence.text,
            "cite": list(result.divergence.cite),
        },
        "todo": scenario.has_placeholders,
    }


def results_json(results: Sequence[ScenarioResult]) -> dict[str, Any]:
    failed = sum(1 for r in results if not r.passed)
    return {
        "passed": len(results) - failed,
        "failed": failed,
        "scenarios": [result_dict(result) for result in results],
    }


def junit_xml(results: Sequence[ScenarioResult]) -> str:
    """JUnit XML, one test suite per tree, one test case per scenario."""
    suites = ET.Element("testsuites", name="cr-assistant scenarios")
    by_tree: dict[str, list[ScenarioResult]] = {}
    for result in results:
        by_tree.setdefault(result.scenario.tree_id, []).append(result)
    for tree_id, items in by_tree.items():
        failures = sum(1 for r in items if not r.passed)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=f"scenarios.{tree_id}",
            tests=str(len(items)),
            failures=str(failures),
            errors="0",
        )
        for result in items:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=f"scenarios.{tree_id}",
                name=result.scenario.id,
                file=str(result.scenario.path),
            )
            ET.SubElement(case, "system-out").text = (
                f"{result.scenario.title}\nexpected: {expected_text(result.scenario.expected)}\n"
                f"got: {got_text(result)} ({result.recommendation.outcome_id})"
            )
            if not result.passed:
                lines = failure_lines(result)
                failure = ET.SubElement(case, "failure", message=lines[-1], type="ScenarioMismatch")
                failure.text = "\n".join(lines)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
