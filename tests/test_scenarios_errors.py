"""Broken scenario files: one line naming the file, the place and the fix; exit 2; no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.engine.loader import load_tree
from assistant.scenarios import ModelPathError, model_walk

SHIPPED = Path(__file__).resolve().parent.parent / "trees" / "scenarios" / "kent-o32g"
GOOD = (SHIPPED / "01-shop-theft-first-offence.toml").read_text(encoding="utf-8")


def run_broken(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    status = main(["scenarios", "run", str(path)])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"cr-assistant: {path}")
    assert "Traceback" not in captured.err
    return path, lines[0]


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'tree = "kent-o32g"',
            'tree = "kent-o32"',
            ["tree: unknown tree 'kent-o32'", "did you mean 'kent-o32g'?"],
        ),
        (
            "gravity = ",
            "gravty = ",
            ["[answers] gravty: unknown node 'gravty'", "did you mean 'gravity'?"],
        ),
        (
            'hate = "no"',
            'hate = "noo"',
            [
                "[answers] hate: 'noo' is not an answer id of this question",
                "did you mean 'no'?",
                "use one of 'yes' (Yes); 'no' (No)",
            ],
        ),
        (
            'evidence = "yes"',
            'evidence = "None of these"',
            [
                "[answers] evidence: 'None of these' is not an answer",
                "use one of 'yes' (Yes); 'not-yet' (No, not yet)",
            ],
        ),
        ("title = ", "titel = ", ["file: unknown key 'titel': did you mean 'title'?"]),
        (
            "authorisers = ",
            "authorizers = ",
            ["[expected]: unknown key 'authorizers': did you mean 'authorisers'?"],
        ),
        (
            "authorisers = []",
            'authorisers = ["sargeant"]',
            [
                "[expected] authorisers: unknown authorising role 'sargeant'",
                "did you mean 'sergeant'?",
            ],
        ),
        (
            "authorisers = []",
            'authorisers = ["lpu_lead"]',
            ["'lpu_lead' does not authorise CRs in tree 'kent-o32g'"],
        ),
        (
            'disposal = "community_resolution"',
            'disposal = "community_resolutoin"',
            [
                "[expected] disposal: unknown disposal 'community_resolutoin'",
                "did you mean 'community_resolution'?",
            ],
        ),
        (
            'cite = ["O32g 4.2.1"]',
            'cite = ["O32g 4.2.9"]',
            ["[[notes]] 1: unknown citation 'O32g 4.2.9'"],
        ),
        (
            'obligations = ["O32g 4.1.1"',
            'obligations = ["O32g 41.1"',
            ["[expected] obligations: unknown citation 'O32g 41.1'"],
        ),
    ],
)
def test_a_broken_scenario_is_one_line_naming_the_file_the_place_and_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: list[str]
) -> None:
    assert old in GOOD
    _, line = run_broken(tmp_path, GOOD.replace(old, new, 1), capsys)
    for fragment in expected:
        assert fragment in line


def test_an_answer_line_is_named_by_its_line_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace('hate = "no"', 'hate = "Perhaps"')
    path, line = run_broken(tmp_path, text, capsys)
    assert line.startswith(f"cr-assistant: {path}:{line_of(text, 'hate =')}: [answers] hate:")


def test_a_model_path_that_stops_short_of_an_outcome(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "\n".join(line for line in GOOD.splitlines() if not line.startswith("delivery ="))
    _, line = run_broken(tmp_path, text, capsys)
    assert "the model path stops at question 'delivery'" in line
    assert "add delivery = one of 'there-and-then' (There and then" in line


def test_an_answer_the_walk_never_asks_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace('hate = "no"', 'hate = "no"\nknife = "no"')
    _, line = run_broken(tmp_path, text, capsys)
    assert "[answers] knife: the walk reaches 'cr' without asking 'knife'" in line
    assert "remove those answers" in line


def test_an_outcome_is_not_a_question(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace('hate = "no"', 'hate = "no"\ncr = "Yes"')
    _, line = run_broken(tmp_path, text, capsys)
    assert "[answers] cr: 'cr' is an outcome node, not a question" in line


def test_toml_syntax_errors_name_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace('hate = "no"', 'hate = "No')
    path, line = run_broken(tmp_path, text, capsys)
    assert line.startswith(f"cr-assistant: {path}:{line_of(text, 'hate =')}:")
    assert "TOML syntax error" in line


def test_every_broken_file_of_a_run_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.toml").write_text(GOOD.replace('hate = "no"', 'hate = "noo"'))
    (tmp_path / "b.toml").write_text(GOOD)
    (tmp_path / "c.toml").write_text(GOOD.replace("title = ", "titel = ", 1))
    assert main(["scenarios", "run", str(tmp_path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [Path(line.split(": ")[1].split(":")[0]).name for line in lines] == ["a.toml", "c.toml"]


def test_a_missing_path_is_an_input_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios", "run", "no/such/scenario.toml"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_an_answer_behind_a_guard_is_not_offered(tmp_path: Path) -> None:
    tree_file = tmp_path / "tiny.toml"
    tree_file.write_text(
        """
[tree]
id = "tiny"
title = "Tiny"
force = "Test"
start = "age"
guidance = ["O32g"]
primary_document = "O32g"
contact = "lead"

[roles.lead]
name = "Lead"
rank = 1
description = "Asked."

[disposals.done]
label = "Done"
cr = false
route = "Done."

[nodes.age]
kind = "question"
text = "Age?"
cite = "O32g 3.4.2"
answers = [
  { label = "Juvenile", next = "knife", set = { juvenile = true } },
  { label = "Adult", next = "knife", set = { juvenile = false } },
]

[nodes.knife]
kind = "question"
text = "Knife?"
cite = "O32g 2.3.3"
answers = [
  { label = "Exceptional", next = "end", when = { juvenile = false } },
  { label = "No", next = "end" },
]

[nodes.end]
kind = "outcome"
disposal = "done"
text = "Done."
cite = "O32g 2.3.3"
""",
        encoding="utf-8",
    )
    tree = load_tree(tree_file)
    steps, outcome = model_walk(tree, {"age": "Adult", "knife": "Exceptional"})
    assert outcome.id == "end" and len(steps) == 2
    with pytest.raises(ModelPathError) as caught:
        model_walk(tree, {"age": "Juvenile", "knife": "Exceptional"})
    assert caught.value.question_id == "knife"
    assert "'Exceptional' is not offered at this point of the walk (it needs juvenile = False)" in (
        caught.value.what
    )
    assert caught.value.fix == "use one of 'no' (No)"
