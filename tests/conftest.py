from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.catalogue import Catalogue
from assistant.corpus import Corpus
from assistant.engine import Tree
from assistant.engine.walk import WalkedPath, walk_all
from assistant.scenarios import ScenarioLibrary

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    # Built before any test's own environment is pinned: the bundled data only, whatever
    # force folder the user's shell names.
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CR_ASSISTANT_TREES", raising=False)
        return Catalogue()


@pytest.fixture(scope="session")
def library(catalogue: Catalogue) -> ScenarioLibrary:
    """The bundled scenarios (read-only: tests that change one work on a copy)."""
    return ScenarioLibrary(catalogue)


@pytest.fixture(scope="session")
def corpus(catalogue: Catalogue) -> Corpus:
    return catalogue.corpus


@pytest.fixture(scope="session")
def o32g(catalogue: Catalogue) -> Tree:
    return catalogue.tree("kent-o32g")


@pytest.fixture(scope="session")
def o32g_paths(o32g: Tree) -> list[WalkedPath]:
    return list(walk_all(o32g))


# Variables a user may have set that change what the assistant shows or where it reads and
# writes: each test runs as if none were set (the colour ones are Textual's and the terminal's).
UNSET_FOR_TESTS = (
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "TEXTUAL",
    "TEXTUAL_COLOR_SYSTEM",
    "TEXTUAL_ANIMATIONS",
    "TEXTUAL_THEME",
    "COLUMNS",
    "LINES",
    "CR_ASSISTANT_TREES",
)


@pytest.fixture(autouse=True)
def _pinned_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """A colour terminal and folders of the test's own, whatever the user's shell says
    (`NO_COLOR=1 pytest` passes), so tests agree on every machine and in parallel workers."""
    for name in UNSET_FOR_TESTS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(home / "config" / "contacts.toml"))


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """Saved sessions go to a folder of the test's own, never the user's data folder."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CR_ASSISTANT_DATA", str(folder))
    # Decision records (assistant/record): no user's settings or database reach a test.
    monkeypatch.setenv("CR_ASSISTANT_SETTINGS", str(folder / "settings.toml"))
    monkeypatch.delenv("CR_ASSISTANT_DB", raising=False)
    monkeypatch.delenv("CR_ASSISTANT_SESSIONS", raising=False)  # a served session's own folder
    return folder


@pytest.fixture(autouse=True, scope="session")
def _private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The start-up cache (assistant/cache.py) goes to a folder of the test run's own."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CR_ASSISTANT_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel once per run (building takes the most time of the tests
    that use it). Under pytest-xdist a session fixture is once per worker: the tests that use
    it are marked ``xdist_group("wheel")``, so one worker runs them all and builds it once."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(dist.glob("cr_assistant-*.whl"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow",
        action="store_true",
        help="also run the tests marked slow (they build the wheel, start real processes and "
        "terminals, or run thousands of random keys); CI runs them",
    )


def _quick_loop(config: pytest.Config) -> bool:
    return not config.getoption("--slow") and not config.getoption("-m")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The quick loop leaves out the slow tests unless --slow is given or -m chooses.

    The tests that use every path of kent-o32g (``o32g_paths``, the costliest fixture) run on
    one worker, so the paths are walked once a run rather than once a worker."""
    for item in items:
        if "o32g_paths" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("o32g_paths"))
    if not _quick_loop(config):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    # Said on every quick run (under xdist the workers, not this process, deselect them).
    if _quick_loop(config):
        terminalreporter.write_line(
            "The tests marked slow were left out: `pytest --slow` runs everything (CI does)."
        )
