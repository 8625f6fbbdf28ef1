"""Answers have stable ids: rewording a label changes no scenario, no saved case and no line of
the regression artefact; the validator refuses ids that would name two answers at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.catalogue import Catalogue
from assistant.cli import main
from assistant.corpus import Corpus
from assistant.engine import Session, Tree, load_valid_tree
from assistant.engine.loader import load_tree
from assistant.engine.model import answer_slug
from assistant.engine.walk import regression_lines
from assistant.errors import InputError
from assistant.recovery import SavedAnswer, SessionStore, read_saved, replay_answers
from assistant.scenarios.load import load_scenario
from assistant.scenarios.runner import check

REPO = Path(__file__).resolve().parents[1]
KENT = REPO / "trees" / "kent-o32g.toml"
SCENARIOS = REPO / "trees" / "scenarios" / "kent-o32g"
ARTEFACT = REPO / "tests" / "regression" / "kent-o32g.paths"
EXAMPLE_TREE = REPO / "tests" / "fixtures" / "force-example" / "trees" / "example-street.toml"
ADULT = 'label = "18 or over (an adult)"'
REWORDED = 'label = "Aged 18 or over (an adult)"'


def tree_copy(tmp_path: Path, old: str, new: str) -> Path:
    """kent-o32g with ``old`` replaced by ``new`` once (it must be there)."""
    text = KENT.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    copy = tmp_path / "kent-o32g.toml"
    copy.write_text(text.replace(old, new), encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def reworded(tmp_path_factory: pytest.TempPathFactory, corpus: Corpus) -> Tree:
    """kent-o32g with the adult answer reworded: the label of 54 of the scenarios' paths."""
    return load_valid_tree(tree_copy(tmp_path_factory.mktemp("reworded"), ADULT, REWORDED), corpus)


@pytest.mark.slow  # walks all 58,000 paths
def test_rewording_a_label_changes_no_line_of_the_regression_artefact(reworded: Tree) -> None:
    assert [a.label for a in reworded.start.answers][2] == "Aged 18 or over (an adult)"
    # The committed artefact, unchanged, is what the reworded tree gives, line for line.
    assert regression_lines(reworded) == ARTEFACT.read_text(encoding="utf-8").splitlines()


def test_rewording_a_label_changes_no_scenario_file(reworded: Tree, corpus: Corpus) -> None:
    # Every scenario file, unchanged, loads against the reworded tree and still passes; the
    # trainee sees the new wording.
    files = sorted(SCENARIOS.glob("*.toml"))
    assert len(files) >= 72
    adults = 0
    for path in files:
        scenario = load_scenario(path, {"kent-o32g": reworded}, corpus)
        assert check(scenario, reworded, corpus).passed, path.name
        adults += dict(scenario.labels).get("age") == "Aged 18 or over (an adult)"
    assert adults >= 50


def test_the_regression_artefact_names_answers_by_id(o32g: Tree) -> None:
    lines = ARTEFACT.read_text(encoding="utf-8").splitlines()
    for line in lines[:500]:
        question, _, rest = line.strip().partition("=")
        answer_id = rest.split(" => ")[0]
        assert answer_id in {answer.id for answer in o32g.nodes[question].answers}, line
    assert lines[0] == "age=under-10 => stop_under_age [-]"


def test_a_saved_case_resumes_after_a_label_is_reworded(
    o32g: Tree, reworded: Tree, tmp_path: Path
) -> None:
    session = Session(o32g)
    for reply in ("18 or over", "Yes", "None of these"):
        session.answer(reply)
    store = SessionStore(tmp_path)
    assert store.save(session, "kent-o32g")
    saved = SessionStore(tmp_path).pending()
    assert saved is not None
    assert [answer.answer_id for answer in saved.answers] == ["adult", "yes", "none"]
    restored = SessionStore(tmp_path).restore(saved, reworded)
    assert [step.answer.id for step in restored.steps] == ["adult", "yes", "none"]
    assert restored.steps[0].answer.label == "Aged 18 or over (an adult)"


def test_a_case_saved_before_answers_had_ids_still_resumes(o32g: Tree, tmp_path: Path) -> None:
    path = tmp_path / "kent-o32g-20261120T101500Z-abc123.json"
    record = {
        "format": 1,
        "tree": "kent-o32g",
        "tree_version": "",
        "answers": [
            {"node": "age", "answer": "10 to 17 (a juvenile)"},
            {"node": "evidence", "answer": "Yes"},
        ],
        "offence_date": None,
        "saved_at": "2026-11-20T10:15:00+00:00",
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    session, dropped = replay_answers(o32g, read_saved(path).answers)
    assert [step.answer.id for step in session.steps] == ["juvenile", "yes"]
    assert dropped == []


def test_a_saved_answer_whose_id_is_gone_is_one_line_and_the_rest_resumes(o32g: Tree) -> None:
    answers = (
        SavedAnswer("age", "10 to 17 (a juvenile)", answer_id="juvenile"),
        SavedAnswer("evidence", "Maybe", answer_id="maybe"),  # an id the tree no longer has
    )
    session, dropped = replay_answers(o32g, answers)
    assert [step.answer.id for step in session.steps] == ["juvenile"]
    assert [item.line() for item in dropped] == [
        "'Maybe' to evidence: that answer is no longer offered: choose again"
    ]


def test_a_scenario_naming_an_id_that_no_longer_exists_is_one_line(
    tmp_path: Path, corpus: Corpus
) -> None:
    tree = load_valid_tree(tree_copy(tmp_path, 'id = "adult"', 'id = "over-18"'), corpus)
    path = SCENARIOS / "01-shop-theft-first-offence.toml"
    with pytest.raises(InputError) as caught:
        load_scenario(path, {"kent-o32g": tree}, corpus)
    # The line of the scenario's "age = ..." answer, wherever it stands in the file.
    [line] = [
        number
        for number, text in enumerate(path.read_text().splitlines(), start=1)
        if text.startswith("age = ")
    ]
    assert list(caught.value.problems) == [
        f"{path}:{line}: [answers] age: 'adult' is not an answer id of this question: use one of "
        "'under-10' (Under 10); 'juvenile' (10 to 17 (a juvenile)); "
        "'over-18' (18 or over (an adult))"
    ]


def test_a_scenario_written_with_labels_still_loads(tmp_path: Path, corpus: Corpus) -> None:
    catalogue = Catalogue()
    tree = catalogue.tree("kent-o32g")
    source = SCENARIOS / "01-shop-theft-first-offence.toml"
    scenario = load_scenario(source, {"kent-o32g": tree}, corpus)
    text = source.read_text(encoding="utf-8")
    for (question, answer_id), (_, label) in zip(scenario.answers, scenario.labels, strict=True):
        text = text.replace(
            f'\n{question} = "{answer_id}"\n', f"\n{question} = {json.dumps(label)}\n"
        )
    older = tmp_path / "older.toml"
    older.write_text(text, encoding="utf-8")
    assert '\nage = "18 or over (an adult)"\n' in text
    assert load_scenario(older, {"kent-o32g": tree}, corpus).answers == scenario.answers


def test_a_tree_without_ids_loads_with_ids_made_from_its_labels() -> None:
    tree = load_tree(EXAMPLE_TREE)
    assert [answer.id for answer in tree.nodes["admits"].answers] == ["yes", "no"]
    assert answer_slug("18 or over (an adult)") == "18-or-over-an-adult"
    assert answer_slug("Café: déjà vu") == "cafe-deja-vu"


def check_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> tuple[int, list[str], Path]:
    copy = tree_copy(tmp_path, old, new)
    status = main(["check", str(copy)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, (captured.out + captured.err).splitlines(), copy


def test_two_answers_of_a_question_with_one_id_are_refused_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines, copy = check_copy(tmp_path, capsys, 'id = "not-yet"', 'id = "yes"')
    assert status == 2
    # The line is the answer's [[nodes.evidence.answers]] header, as for every answer problem.
    assert [line for line in lines if "id 'yes'" in line] == [
        f"{copy}:{_answer_header(copy, 'evidence', 2)}: node evidence: answer 2 'No, not yet': "
        "id 'yes' is also the id of answer 1 'Yes': give each answer its own id = \"...\""
    ]


def test_answers_sharing_an_id_under_exclusive_guards_are_one_answer(o32g: Tree) -> None:
    # "Yes" to consent is three answers with exclusive guards (each its own authorisations):
    # one id, as one label, since only one of them is ever offered.
    assert {answer.id for answer in o32g.nodes["consent"].answers if answer.label == "Yes"} == {
        "yes"
    }


def test_an_id_that_is_not_a_slug_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines, copy = check_copy(tmp_path, capsys, 'id = "not-yet"', 'id = "Not yet"')
    assert status == 2
    assert [line for line in lines if "'Not yet'" in line] == [
        f"{copy}:{_answer_header(copy, 'evidence', 2)}: node evidence: answer 2 'No, not yet': "
        "id 'Not yet' is not lower-case letters, digits, '-' and '_': write it as "
        'id = "not-yet"'
    ]


def _answer_header(path: Path, node: str, number: int) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    headers = [n for n, line in enumerate(lines, 1) if line == f"[[nodes.{node}.answers]]"]
    return headers[number - 1]


def test_the_shipped_trees_name_every_answer(catalogue: Catalogue) -> None:
    """Explicit ids, so rewording a shipped label cannot change its id (the slug would)."""
    for tree_id in catalogue.tree_files:
        path = catalogue.tree_path(tree_id)
        text = path.read_text(encoding="utf-8")
        assert text.count("[[nodes.") == text.count("]]\nid = "), tree_id
