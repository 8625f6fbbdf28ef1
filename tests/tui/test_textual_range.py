"""The Textual the TUI was tested with: its guards (assistant/tui/textual_fixes.py) replace
private parts of it, so a Textual outside the tested range must be looked at, not assumed."""

from __future__ import annotations

import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement

from assistant.tui import textual_fixes
from tests.conftest import REPO

# The UI libraries whose private parts or output the TUI and its tests depend on.
UI_LIBRARIES = ("textual", "rich", "pytest-textual-snapshot")


def declared() -> dict[str, Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return {req.name: req for req in map(Requirement, lines)}


@pytest.mark.parametrize("name", UI_LIBRARIES)
def test_each_ui_library_is_bounded_above_and_installed_within_its_range(name: str) -> None:
    requirement = declared()[name]
    # An upper bound: the next minor version is tried, and its guards checked, before use.
    assert any(spec.operator == "<" for spec in requirement.specifier), requirement
    installed = version(name)
    assert requirement.specifier.contains(installed, prereleases=True), (
        f"{name} {installed} is outside the tested range {requirement.specifier}: run the TUI "
        "tests, check each guard in assistant/tui/textual_fixes.py (remove those fixed "
        "upstream), then move the range in pyproject.toml"
    )


def test_every_guard_found_what_it_replaces() -> None:
    textual_fixes.apply()
    assert textual_fixes.missing() == []


def test_a_missing_part_is_logged_once_and_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    class Renamed:
        pass

    seen: list[str] = []
    for _ in range(2):
        assert not textual_fixes.guard(Renamed, "_gone", lambda original: original, seen=seen)
    assert not hasattr(Renamed, "_gone") and seen == ["Renamed._gone"]
    assert len(caplog.records) == 1 and "Renamed._gone" in caplog.text
