"""The authorisation matrix is derived from the tree and agrees with what the engine decides."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.engine.model import (
    Answer,
    AuthorisationRule,
    Disposal,
    Node,
    Role,
    RouteRule,
    Tree,
    TreeMeta,
)
from assistant.engine.walk import WalkedPath
from assistant.matrix import authorisation_matrix, matrix_csv, matrix_json, matrix_markdown


def test_every_authorising_role_is_listed_with_its_paragraphs(o32g: Tree) -> None:
    matrix = authorisation_matrix(o32g)
    authorising = {role.id for role in o32g.roles.values() if role.authorises}
    assert {role.role_id for role in matrix.roles} == authorising
    for role_id in authorising:
        rows = matrix.rows_for(role_id)
        assert rows, f"{role_id} has no row"
        assert all(row.cite for row in rows)
    superintendent = matrix.rows_for("superintendent")
    assert any("O32g 2.3.3" in row.cite for row in superintendent)
    # Rank order: the highest authoriser first.
    ranks = [row.rank for row in matrix.rows]
    assert ranks == sorted(ranks, reverse=True)


def test_guards_are_put_in_the_words_of_the_answers_that_set_them(o32g: Tree) -> None:
    rows = authorisation_matrix(o32g).rows_for("yjt_supervisor")
    history = next(row for row in rows if row.question_id == "history")
    assert "10 to 17 (a juvenile)" in history.condition
    assert "juvenile = True" not in history.condition


def test_matrix_matches_the_engine_on_every_path(o32g: Tree, o32g_paths: list[WalkedPath]) -> None:
    matrix = authorisation_matrix(o32g)
    rows = {(row.role_id, row.question_id, row.answer, row.cite) for row in matrix.rows}
    realised: set[tuple[str, str, str, tuple[str, ...]]] = set()
    for path in o32g_paths:
        answers = dict(path.answers)
        for item in path.recommendation.authorisations:
            key = (item.role.id, item.question, answers[item.question], item.cite)
            assert key in rows, f"{path.key}: {key} is not in the matrix"
            realised.add(key)
    assert rows == realised


def test_exclusions_are_the_answers_that_end_without_a_cr(
    o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    matrix = authorisation_matrix(o32g)
    listed = {(item.question_id, item.answer, item.outcome_id) for item in matrix.exclusions}
    reached = {
        (*path.answers[-1], path.recommendation.outcome_id)
        for path in o32g_paths
        if not path.recommendation.is_cr
    }
    assert listed == reached
    under_age = next(item for item in matrix.exclusions if item.outcome_id == "stop_under_age")
    # Below 10 no outcome of any kind is possible, so it is not "a CR is not permitted".
    assert under_age.disposal_id == "no_criminal_outcome"
    assert under_age.cite == ("O32g 3.4.2",)


def test_exports_carry_every_row(o32g: Tree) -> None:
    matrix = authorisation_matrix(o32g)
    data = json.loads(matrix_json(matrix))
    assert len(data["authorisations"]) == len(matrix.rows)
    assert len(data["exclusions"]) == len(matrix.exclusions)
    table = list(csv.DictReader(io.StringIO(matrix_csv(matrix))))
    assert len(table) == len(matrix.rows) + len(matrix.exclusions)
    markdown = matrix_markdown(matrix)
    assert markdown.count("\n| Superintendent |") == 1


def test_matrix_command_formats(capsys) -> None:
    assert main(["matrix", "--tree", "kent-o32g"]) == 0
    text = capsys.readouterr().out
    assert "Superintendent:" in text and "O32g 2.3.3" in text
    assert "Hard exclusions" in text
    assert main(["matrix", "--tree", "kent-o32g", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tree"] == "kent-o32g"
    assert main(["matrix", "--tree", "suffolk-tiers", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("kind,")
    assert main(["matrix", "--tree", "kent-o32g", "--markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Authorisation matrix")


def test_matrix_needs_a_tree_when_there_are_several(capsys) -> None:
    assert main(["matrix"]) == 2
    assert "choose one with --tree" in capsys.readouterr().err


def _chain_tree(size: int) -> Tree:
    """A long chain of questions, each with an authorising answer and an excluding one."""
    nodes: dict[str, Node] = {}
    for index in range(size):
        nodes[f"q{index}"] = Node(
            id=f"q{index}",
            kind="question",
            text=f"Question {index}?",
            cite=("X 1",),
            answers=(
                Answer(
                    "Yes",
                    f"q{index + 1}" if index + 1 < size else "cr",
                    authorise=(AuthorisationRule("boss", f"Reason {index}", ("X 1",)),),
                ),
                Answer("No", "stop"),
            ),
        )
    nodes["cr"] = Node("cr", "outcome", "CR", ("X 1",), disposal="cr", title="CR")
    nodes["stop"] = Node("stop", "outcome", "No", ("X 1",), disposal="no", title="No")
    meta = TreeMeta("big", "Big", "Force", ("X",), "q0", "", "", Path("big.toml"), "X", "boss")
    return Tree(
        meta,
        {"boss": Role("boss", "Boss", 10, "The boss")},
        {
            "cr": Disposal("cr", "CR", True, (RouteRule("CR"),)),
            "no": Disposal("no", "No", False, (RouteRule("No"),)),
        },
        {},
        nodes,
    )


# A watchdog, not a speed test: work that grew with the paths (2^100,000 here) would never end,
# and the timeout turns that hang into a failure. Speed is measured by `python -m assistant.bench`.
@pytest.mark.slow
@pytest.mark.timeout(120)
def test_matrix_finishes_on_a_tree_with_astronomically_many_paths() -> None:
    tree = _chain_tree(100_000)
    matrix = authorisation_matrix(tree)
    assert len(matrix.rows) == 100_000
    assert len(matrix.exclusions) == 100_000


def test_a_tree_without_authorisers_says_so(catalogue) -> None:
    from assistant.matrix import matrix_lines

    matrix = authorisation_matrix(catalogue.tree("suffolk-tiers"))
    assert not matrix.roles and not matrix.rows
    assert "names nobody who must authorise" in "\n".join(matrix_lines(matrix))
    assert "does not mean no authorisation is needed" in matrix_markdown(matrix)


def test_the_matrix_speaks_in_questions_and_answers_never_node_ids_or_fact_names(
    o32g: Tree,
) -> None:
    import re

    from assistant.matrix import matrix_lines

    text = "\n".join(matrix_lines(authorisation_matrix(o32g)))
    facts = {name for node in o32g.nodes.values() for a in node.answers for name, _ in a.sets}
    assert facts and not [name for name in facts if re.search(rf"\b{name} =", text)]
    assert not [node_id for node_id in o32g.nodes if f"(at {node_id})" in text]
    assert 'only after the answer "10 to 17 (a juvenile)" to "How old was the offender' in text
