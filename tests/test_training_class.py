"""A class sitting: choosing scenarios, the trainee's name, private reports with their data,
scenarios still marked TODO, and several reports combined into one table."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import InputError
from assistant.scenarios import Scenario, ScenarioLibrary
from assistant.training import Sitting, TrainingRun, result_lines, trainable
from assistant.training_report import read_report, report_text
from assistant.training_select import ScenarioChoice, choose

HATE = "43-hate-crime-victim-supports"
THEFT = "01-shop-theft-first-offence"


@pytest.fixture(scope="module")
def every(library: ScenarioLibrary) -> list[Scenario]:
    return library.load_all(library.files("kent-o32g"))


def walk(library: ScenarioLibrary, scenario: Scenario, changes: dict[str, str]) -> TrainingRun:
    run = TrainingRun(scenario, library.tree(scenario.tree_id))
    model = dict(scenario.labels)
    while not run.finished:
        question = run.session.current.id
        offered = [answer.label for answer in run.session.offered()]
        label = changes.get(question) or model.get(question)
        run.session.answer(label if label in offered else offered[0])
    return run


def test_scenarios_are_chosen_by_tag_outcome_paragraph_and_at_random(
    library: ScenarioLibrary, every: list[Scenario]
) -> None:
    youth = choose(every, ScenarioChoice(tags=("youth",)), library)
    assert youth and all("youth" in s.tags for s in youth) and len(youth) < len(every)
    barred = choose(every, ScenarioChoice(tags=("youth",), outcomes=("not_permitted",)), library)
    assert [s.id for s in barred] == ["32-knife-juvenile"]
    hate = choose(every, ScenarioChoice(paragraphs=("2.6.1",)), library)
    assert {HATE, "44-hate-crime-victim-opposes"} <= {s.id for s in hate}
    assert THEFT not in {s.id for s in hate}
    first = choose(every, ScenarioChoice(random=5, seed=7), library)
    again = choose(every, ScenarioChoice(random=5, seed=7), library)
    assert len(first) == 5 and [s.id for s in first] == [s.id for s in again]
    with pytest.raises(InputError, match="the tags are"):
        choose(every, ScenarioChoice(tags=("no-such-tag",)), library)
    with pytest.raises(InputError, match="no outcome"):
        choose(every, ScenarioChoice(outcomes=("acquittal",)), library)


def test_titles_give_nothing_away_and_a_revealing_title_is_refused(
    library: ScenarioLibrary, every: list[Scenario], tmp_path: Path
) -> None:
    tree = library.tree("kent-o32g")
    names = [role.name.lower() for role in tree.roles.values() if role.authorises]
    for scenario in every:
        assert scenario.teaching_title and scenario.teaching_title != scenario.title
        assert not any(name in scenario.title.lower() for name in names), scenario.id
    text = (library.files("kent-o32g")[18]).read_text(encoding="utf-8")
    text = text.replace(text.splitlines()[0], 'title = "The matrix scores 4: charge"')
    (tmp_path / "x.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="names 'charge', which gives the answer away"):
        library.load(tmp_path / "x.toml")


def test_a_scenario_still_marked_todo_is_refused_with_one_line(
    library: ScenarioLibrary, tmp_path: Path
) -> None:
    text = library.files("kent-o32g")[0].read_text(encoding="utf-8")
    todo = tmp_path / "todo.toml"
    todo.write_text(text.replace('title = "', 'title = "TODO ', 1), encoding="utf-8")
    checked = trainable([library.load(todo), library.find(THEFT)], library)
    assert [s.id for s in checked.scenarios] == [THEFT]
    assert len(checked.refused) == 1 and "still marked TODO" in checked.refused[0]


def test_the_comparison_shows_the_teaching_title_and_the_models_whole_walk(
    library: ScenarioLibrary,
) -> None:
    scenario = library.find(HATE)
    result = walk(library, scenario, {"hate": "No"}).result()
    text = "\n".join(result_lines(result, library.corpus))
    assert scenario.teaching_title in text
    walked = text[text.index("The model's whole walk:") :]
    for number, (_, label) in enumerate(scenario.labels, start=1):
        assert f"  {number}. " in walked and label in walked
    assert "-> Yes (you: No)" in walked and "(not asked of you)" in walked


def sitting_report(library: ScenarioLibrary, trainee: str, wrong: bool, folder: Path) -> Path:
    hate, theft = library.find(HATE), library.find(THEFT)
    sitting = Sitting([hate, theft], trainee=trainee)
    sitting.record(walk(library, hate, {"hate": "No"} if wrong else {}).result())
    path = folder / f"{trainee or 'anon'}.md"
    path.write_text(report_text(sitting, library.corpus), encoding="utf-8")
    return path


def test_class_results_combine_reports_in_markdown_and_csv(
    library: ScenarioLibrary, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = [
        sitting_report(library, "A. Right", False, tmp_path),
        sitting_report(library, "B. Wrong", True, tmp_path),
        sitting_report(library, "C. Wrong <!-- -->", True, tmp_path),
    ]
    assert read_report(reports[2]).trainee == "C. Wrong <!-- -->"
    assert main(["scenarios", "class", *map(str, reports)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if HATE in line)
    assert "| A. Right |" in row and "B. Wrong, C. Wrong" in row
    assert "Is the offence a hate crime? -> No (model: Yes); 2 of 2" in row
    assert row.rstrip().endswith("| O32g 2.6.1 |")
    assert main(["scenarios", "class", "--csv", *map(str, reports)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("scenario,title,taken,right")
    assert any(line.startswith(f"{HATE},") and "O32g 2.6.1" in line for line in lines)
    assert any(line.startswith(f"{THEFT},") and ",0," in line for line in lines)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d | {"format": "other"}, "not cr-assistant sitting data"),
        (lambda d: d | {"trainee": "x\u001b[2J"}, "control character"),
        (lambda d: d | {"scenarios": "lots"}, "must be a list"),
        (
            lambda d: (
                d | {"scenarios": [{"id": "../../etc", "tree": "t", "title": "", "taken": False}]}
            ),
            "not an id",
        ),
    ],
)
def test_a_damaged_or_hostile_report_is_one_line_naming_the_file(
    library: ScenarioLibrary, tmp_path: Path, capsys: pytest.CaptureFixture[str], change, said
) -> None:
    path = sitting_report(library, "A", False, tmp_path)
    text = path.read_text(encoding="utf-8")
    start = text.index("{\n")
    end = text.rindex("}") + 1
    data = change(json.loads(text[start:end]))
    path.write_text(text[:start] + json.dumps(data) + text[end:], encoding="utf-8")
    assert main(["scenarios", "class", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert said in err and str(path) in err and len(err.splitlines()) == 1
    plain = tmp_path / "plain.md"
    plain.write_text("# just notes\n", encoding="utf-8")
    assert main(["scenarios", "class", str(plain)]) == 2
    assert "not a training report" in capsys.readouterr().err


def test_ask_train_with_a_trainee_writes_a_private_report_naming_them(
    library: ScenarioLibrary,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    scenario = library.find(THEFT)
    stdin = "\n\n" + "\n".join(label for _, label in scenario.labels) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    report = tmp_path / "r.md"
    args = ["ask", "--train", THEFT, "--trainee", "A. Trainee", "--train-report", str(report)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert THEFT not in out[: out.index("Comparison with the model answer")]
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert "- Trainee: A. Trainee" in report.read_text(encoding="utf-8")
    assert read_report(report).trainee == "A. Trainee"


def test_training_options_are_checked_before_the_sitting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    for args, said in [
        (["--train", "--tree", "kent-o32g", "--trainee", "A\u202eB"], "--trainee"),
        (["--tree", "kent-o32g", "--tag", "youth"], "belong to --train"),
        (["--train", "--tree", "kent-o32g", "--seed", "3"], "--seed belongs to --random"),
    ]:
        assert main(["ask", *args]) == 2
        err = capsys.readouterr().err
        assert said in err and len(err.strip().splitlines()) == 1
