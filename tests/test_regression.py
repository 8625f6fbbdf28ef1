"""The committed list of every path's outcome is current, so tree changes show as a diff."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.catalogue import Catalogue
from assistant.engine.walk import regression_lines

ARTEFACTS = Path(__file__).with_name("regression")


@pytest.mark.slow
@pytest.mark.parametrize("tree_id", list(Catalogue().tree_files))
def test_regression_artefact_is_current(catalogue: Catalogue, tree_id: str) -> None:
    artefact = ARTEFACTS / f"{tree_id}.paths"
    assert artefact.exists(), f"missing {artefact}: run python tests/regression/update.py"
    current = regression_lines(catalogue.tree(tree_id))
    committed = artefact.read_text(encoding="utf-8").splitlines()
    if current != committed:
        line = next(
            (n for n, (a, b) in enumerate(zip(current, committed, strict=False), 1) if a != b),
            min(len(current), len(committed)) + 1,
        )
        pytest.fail(
            f"{artefact.name} is stale from line {line}: review the tree change, then run "
            "python tests/regression/update.py and commit the diff"
        )
