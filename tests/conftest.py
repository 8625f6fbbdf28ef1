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

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue()


@pytest.fixture(scope="session")
def corpus(catalogue: Catalogue) -> Corpus:
    return catalogue.corpus


@pytest.fixture(scope="session")
def o32g(catalogue: Catalogue) -> Tree:
    return catalogue.tree("kent-o32g")


@pytest.fixture(scope="session")
def o32g_paths(o32g: Tree) -> list[WalkedPath]:
    return list(walk_all(o32g))


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
    that use it)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(dist.glob("cr_assistant-*.whl"))
