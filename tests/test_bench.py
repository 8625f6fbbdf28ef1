"""The benchmark still runs (quick, tiny sizes), so it cannot rot between real runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.bench.__main__ import main
from assistant.bench.scale import count_paths
from assistant.bench.synthetic import generate_tree
from assistant.engine.loader import load_tree
from assistant.engine.validate import validate


@pytest.mark.slow
def test_quick_engine_and_scale_run_writes_every_figure_with_a_ratio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    assert main(["--quick", "--only", "engine,scale", "--sizes", "60,120", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    figures = data["figures"]
    names = [figure["name"] for figure in figures]
    assert "load + validate kent-o32g" in names
    assert "validate 120" in names and "growth" in {figure["group"] for figure in figures}
    measured = [figure for figure in figures if figure["value"] is not None]
    assert measured and all(figure["ratio"] is not None for figure in measured)
    assert data["machine"]["python"]
    assert "validate 120" in capsys.readouterr().out


@pytest.mark.slow
def test_the_tui_children_see_the_first_question_the_whole_screen_and_each_key(
    tmp_path: Path,
) -> None:
    # The start rows watch Textual's rendered frames (App._display) in a child process: a change
    # in Textual that hid them would otherwise show only in the next real run.
    from assistant.bench import tui
    from assistant.bench.child import answer_keys

    env = tui._env(str(tmp_path))
    for mode in ("start-tui", "start-minimal"):
        start = tui._start(mode, env)
        assert 0 < start.wall <= start.full and start.rss_mb > 0
    presses = tui._presses("keys-tui", env)
    assert len(presses) == len(answer_keys()) and all(t > 0 for t in presses)


@pytest.mark.parametrize("merges", [False, True])
def test_synthetic_trees_are_valid_and_the_size_asked_for(corpus, merges: bool, tmp_path: Path):
    citations = [p.citation for p in corpus if p.doc_id == "O32g"]
    path = tmp_path / "t.toml"
    path.write_text(generate_tree(300, citations, merges=merges), encoding="utf-8")
    tree = load_tree(path)
    assert validate(tree, corpus) == []
    assert len(tree.nodes) == 300
    paths, shortest = count_paths(tree)
    outcomes = [n for n, node in tree.nodes.items() if node.kind == "outcome"]
    assert set(shortest) == set(outcomes)
    # Without merges every outcome has exactly one path; with them some have several.
    assert (paths == len(outcomes)) is not merges
