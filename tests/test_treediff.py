"""The diff of two trees lists exactly the paths whose disposal or authorisers change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.corpus import Corpus
from assistant.engine import Tree, load_valid_tree
from assistant.engine.walk import WalkedPath, walk_all
from assistant.rulediff import rule_diff, rule_lines
from assistant.treediff import diff_trees, summary

SECOND_CR = '{ role = "sergeant", reason = "A second CR for a similar offence within 12 months."'
SECOND_CR_ANSWER = "One, and a second CR is appropriate in the circumstances"


def _edited(o32g: Tree, tmp_path: Path, old: str, new: str, name: str) -> Path:
    text = o32g.meta.path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def inspector_tree(o32g: Tree, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Tree:
    """kent-o32g with the second-CR authoriser changed from Sergeant to Inspector."""
    path = _edited(
        o32g,
        tmp_path_factory.mktemp("diff"),
        SECOND_CR,
        SECOND_CR.replace('"sergeant"', '"inspector"'),
        "changed.toml",
    )
    return load_valid_tree(path, corpus)


def _labels(path: WalkedPath) -> tuple[str, ...]:
    return tuple(label for _, label in path.answers)


@pytest.mark.slow
def test_one_authoriser_changed_lists_exactly_the_affected_paths(
    o32g: Tree, o32g_paths: list[WalkedPath], inspector_tree: Tree
) -> None:
    before = {
        _labels(p): (
            p.recommendation.disposal.id,
            {r.id for r in p.recommendation.authorising_roles},
        )
        for p in o32g_paths
    }
    after = {
        _labels(p): (
            p.recommendation.disposal.id,
            {r.id for r in p.recommendation.authorising_roles},
        )
        for p in walk_all(inspector_tree)
    }
    assert before.keys() == after.keys()
    expected = {key for key in before if before[key] != after[key]}
    through = {
        _labels(p)
        for p in o32g_paths
        if ("repeat", SECOND_CR_ANSWER) in p.answers and p.recommendation.is_cr
    }
    # Only second-CR paths change; not all of them, since some already need an Inspector.
    assert expected and expected < through

    diff = diff_trees(o32g, inspector_tree)
    assert {item.answers for item in diff.changed} == expected
    assert not diff.added and not diff.removed
    for item in diff.changed:
        assert "inspector" in item.new.authorisers
    assert set(summary(diff)) <= {"Inspector now required", "Sergeant no longer required"}


@pytest.mark.slow
def test_a_renamed_answer_shows_its_paths_removed_and_added(
    o32g: Tree, corpus: Corpus, o32g_paths: list[WalkedPath], tmp_path: Path
) -> None:
    path = _edited(
        o32g,
        tmp_path,
        'label = "One, and a second CR is not suitable"',
        'label = "One, and a second CR is unsuitable"',
        "renamed.toml",
    )
    diff = diff_trees(o32g, load_valid_tree(path, corpus))
    old_ones = {
        _labels(p)
        for p in o32g_paths
        if ("repeat", "One, and a second CR is not suitable") in p.answers
    }
    assert {item.answers for item in diff.removed} == old_ones
    assert len(diff.added) == len(old_ones)
    assert all("One, and a second CR is unsuitable" in item.answers for item in diff.added)
    assert not diff.changed


def test_diff_command(catalogue, tmp_path: Path, capsys) -> None:
    suffolk = catalogue.tree_files["suffolk-tiers"].path
    assert main(["diff", str(suffolk), str(suffolk)]) == 0
    assert "No rule changed" in capsys.readouterr().out
    text = suffolk.read_text(encoding="utf-8")
    assert text.count('disposal = "street_cr"') == 1
    changed = tmp_path / "suffolk.toml"
    changed.write_text(
        text.replace('disposal = "street_cr"', 'disposal = "advanced_cr"'), encoding="utf-8"
    )
    assert main(["diff", str(suffolk), str(changed)]) == 1
    out = " ".join(capsys.readouterr().out.split())  # as if not wrapped to the terminal
    paths = list(walk_all(catalogue.tree("suffolk-tiers")))
    street = [p for p in paths if p.recommendation.disposal.id == "street_cr"]
    assert out.startswith("1 rule changed")
    assert (
        "now gives “Level 1 – Advanced Community Resolution” (was “Community Resolution "
        "(street tier)”)" in out
    )
    assert f"Paths through it: {len(street)} of the {len(paths)}." in out
    assert "That path: before, Community Resolution (street tier)" in out
    assert "changed, 0 added" not in out  # the path list only on request
    assert main(["diff", str(suffolk), str(changed), "--paths"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert f"{len(street)} changed, 0 added, 0 removed" in out
    assert (
        f"Community Resolution (street tier) -> Level 1 – Advanced Community Resolution: "
        f"{len(street)} paths"
    ) in out
    assert main(["diff", str(suffolk), str(changed), "--json", "--paths"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["rules"][0]["kind"] == "outcome"
    assert payload["changed"][0]["old"]["disposal"] == "street_cr"
    assert payload["changed"][0]["new"]["disposal"] == "advanced_cr"
    assert main(["diff", str(suffolk), "missing.toml"]) == 2
    assert "missing.toml" in capsys.readouterr().err


def test_one_authoriser_changed_is_named_as_one_rule_with_its_paths_and_an_example(
    o32g: Tree, o32g_paths: list[WalkedPath], inspector_tree: Tree
) -> None:
    diff = rule_diff(o32g, inspector_tree)
    [item] = diff.changes
    assert item.change.kind == "authorisation" and item.change.label == SECOND_CR_ANSWER
    assert "now authorised by the Inspector (was the Sergeant)" in item.change.what
    through = [p for p in o32g_paths if ("repeat", SECOND_CR_ANSWER) in p.answers]
    assert item.paths == len(through) and diff.old_paths == len(o32g_paths)
    # The example is a real path through the answer, and one whose decision changes.
    assert item.example in {_labels(p) for p in through}
    assert item.before is not None and item.after is not None
    assert not item.before.same_as(item.after) and "inspector" in item.after.authorisers
    lines = rule_lines(o32g, inspector_tree, diff)
    text = " ".join(" ".join(lines).split())
    assert "O32g 2.4.3" in text and "“One, and a second CR is appropriate" in text
    assert len(lines) < 100 and "repeat" not in text  # answer labels, not ids


def test_paths_through_every_answer_are_counted_exactly(
    o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    from collections import Counter

    from assistant.pathcount import PathCounts

    walked = Counter(step for path in o32g_paths for step in set(path.answers))
    counts = PathCounts.of(o32g)
    assert counts.total == len(o32g_paths)
    for node in o32g.nodes.values():
        if node.kind != "question":
            continue
        for label in {answer.label for answer in node.answers}:
            assert counts.through_answer(node.id, label) == walked[(node.id, label)], (
                node.id,
                label,
            )


def test_an_unchanged_tree_names_no_rule(o32g: Tree) -> None:
    diff = rule_diff(o32g, o32g)
    assert not diff.changes
    assert rule_lines(o32g, o32g, diff)[0].startswith("No rule changed")
