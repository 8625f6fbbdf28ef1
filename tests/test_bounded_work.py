"""check and diff stay bounded on trees whose paths and fact combinations grow exponentially."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant.engine.factstates as factstates
import assistant.engine.validate as validate_module
import assistant.engine.walk as walk_module
from assistant.bench.synthetic import fact_chain_tree
from assistant.cli import main
from assistant.engine.loader import load_tree
from assistant.engine.validate import validate
from assistant.engine.walk import count_paths, walk_all


def _write(tmp_path: Path, corpus, questions: int, guarded_tail: int = 0) -> Path:
    citations = [p.citation for p in corpus if p.doc_id == "O32g"]
    path = tmp_path / f"chain{questions}_{guarded_tail}.toml"
    path.write_text(fact_chain_tree(questions, citations, guarded_tail), encoding="utf-8")
    return path


def _small_limit(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    for module in (factstates, walk_module, validate_module):
        monkeypatch.setattr(module, "STATE_LIMIT", limit)


def test_check_counts_2_to_the_40_paths_of_40_fact_setting_questions_in_few_states(
    corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each answer sets a fact of its own; with every fact kept there are 2**40 states. A limit
    # of 500 states proves check now visits about one state per node.
    path = _write(tmp_path, corpus, 40)
    _small_limit(monkeypatch, 500)
    assert main(["check", str(path)]) == 0
    assert f"42 nodes, {2**40} paths to an outcome" in capsys.readouterr().out


def test_guards_on_a_few_facts_are_still_counted_exactly(corpus, tmp_path: Path) -> None:
    # Dropping facts no guard reads must not change the count: compare with walking every path.
    tree = load_tree(_write(tmp_path, corpus, 12, guarded_tail=3))
    walked = sum(1 for _ in walk_all(tree))
    assert walked > 2**12
    assert count_paths(tree) == walked
    assert validate(tree, corpus) == []


def test_too_many_fact_combinations_stop_with_one_line_naming_the_limit_never_ok(
    corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # 25 guards each testing a different fact set earlier: exact checking needs 2**25 states.
    path = _write(tmp_path, corpus, 40, guarded_tail=25)
    _small_limit(monkeypatch, 2_000)
    assert main(["check", str(path)]) == 2
    out = capsys.readouterr().out
    assert "ok:" not in out
    stopped = [line for line in out.splitlines() if "limit of 2,000 combinations" in line]
    assert len(stopped) == 1 and "not done" in stopped[0]


def test_diff_refuses_a_62_node_tree_of_2_to_the_60_paths_with_one_line_naming_the_limit(
    corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, corpus, 60)
    assert len(load_tree(path).nodes) == 62
    # The rules are compared by counting paths, which stays quick ...
    assert main(["diff", str(path), str(path)]) == 0
    assert "1,152,921,504,606,846,976 paths before" in capsys.readouterr().out
    # ... but listing every path is refused before it starts.
    assert main(["diff", str(path), str(path), "--paths"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "1,152,921,504,606,846,976 paths" in err[0] and "at most 500,000" in err[0]


def test_diff_still_compares_a_fact_chain_under_the_limit(
    corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, corpus, 8)
    assert main(["diff", str(path), str(path), "--paths"]) == 0
    assert f"all {2**8} paths decide as before" in capsys.readouterr().out
