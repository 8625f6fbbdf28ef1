"""Training: prediction, hidden paragraphs, the comparison with the model, the sitting's score."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.scenarios import Scenario, ScenarioLibrary, write_atomic
from assistant.training import (
    Prediction,
    PredictionError,
    Sitting,
    TrainingRun,
    result_lines,
    sitting_markdown,
)

HATE = "43-hate-crime-victim-supports"
THEFT = "01-shop-theft-first-offence"


def walk(library: ScenarioLibrary, scenario: Scenario, changes: dict[str, str]) -> TrainingRun:
    """Answer as the model does, except where ``changes`` says otherwise."""
    run = TrainingRun(scenario, library.tree(scenario.tree_id))
    model = dict(scenario.labels)
    while not run.finished:
        question = run.session.current.id
        offered = {answer.label for answer in run.session.offered()}
        label = changes.get(question) or model.get(question)
        if label not in offered:  # off the model path: the first offered answer that fits
            label = next(answer.label for answer in run.session.offered())
        run.session.answer(label)
    return run


def test_the_model_path_scores_full_marks(library: ScenarioLibrary) -> None:
    scenario = library.find(HATE)
    run = walk(library, scenario, {})
    run.predict("community_resolution", frozenset({"inspector"}))
    result = run.result()
    assert result.correct
    assert result.differing == ()
    assert result.agreed == result.model_questions == len(scenario.answers)
    assert result.prediction_disposal_ok and result.prediction_authorisers_ok


def test_a_missed_hate_crime_is_named_with_the_paragraph_that_decides_it(
    library: ScenarioLibrary,
) -> None:
    scenario = library.find(HATE)
    run = walk(library, scenario, {"hate": "No"})
    run.predict("community_resolution", frozenset({"sergeant"}))
    result = run.result()
    assert result.disposal_ok  # still a CR ...
    assert not result.authorisers_ok  # ... but nobody asked for the Inspector
    assert result.trainee_roles == frozenset()
    hate = next(item for item in result.differing if item.question_id == "hate")
    assert (hate.trainee, hate.model) == ("No", "Yes")
    assert hate.cite == ("O32g 2.6.1",)
    assert result.prediction_disposal_ok is True
    assert result.prediction_authorisers_ok is False
    lines = "\n".join(result_lines(result, library.corpus))
    assert "Authorisers: not correct. You: nobody; the model: Inspector" in lines
    assert "You answered: No; the model answers: Yes" in lines
    assert "Decided by: [O32g 2.6.1]" in lines
    assert "The model path also asks" in lines and "Inspector or above" in lines
    assert "You were asked, off the model path:" in lines  # the victim question


def test_predictions_are_numbered_choices_and_may_be_skipped(library: ScenarioLibrary) -> None:
    choices = TrainingRun(library.find(THEFT), library.tree("kent-o32g")).choices
    assert choices.disposal("1") == "community_resolution"
    assert choices.disposal("  ") is None
    with pytest.raises(PredictionError):
        choices.disposal("9")
    names = [role.id for role in choices.roles]
    assert names[0] == "superintendent" and "lpu_lead" not in names
    assert choices.authorisers("0") == frozenset()
    assert choices.authorisers("") is None
    inspector, sergeant = names.index("inspector") + 1, names.index("sergeant") + 1
    assert choices.authorisers(f"{inspector}, {sergeant}") == {"inspector", "sergeant"}
    with pytest.raises(PredictionError):
        choices.authorisers("1, x")


def test_the_sitting_summary_adds_up_and_exports_as_markdown(library: ScenarioLibrary) -> None:
    hate, theft = library.find(HATE), library.find(THEFT)
    sitting = Sitting([hate, theft, library.find("13-rui-adult")])
    wrong = walk(library, hate, {"hate": "No"})
    wrong.predict("prosecution", None)
    sitting.record(wrong.result())
    right = walk(library, theft, {})
    sitting.record(right.result())
    summary = sitting.summary()
    assert (summary.scenarios, summary.completed, summary.correct) == (3, 2, 1)
    assert (summary.disposal_correct, summary.authorisers_correct) == (2, 1)
    assert summary.disposal_predicted == 1 and summary.disposal_predicted_correct == 0
    assert summary.authorisers_predicted == 0
    assert summary.answers_total == len(hate.answers) + len(theft.answers)
    markdown = sitting_markdown(sitting, library.corpus)
    assert "| Scenarios completed | 2 of 3 |" in markdown
    assert "| Correct result (disposal and exact authorisers) | 1 of 2 (50%) |" in markdown
    assert "| Is the offence a hate crime? | No | Yes | O32g 2.6.1 |" in markdown
    assert f"## 2. {theft.teaching_title} ({theft.id})" in markdown
    assert not sitting.complete


def test_reports_are_written_atomically_and_never_overwritten_unasked(tmp_path: Path) -> None:
    from assistant.errors import InputError

    target = tmp_path / "report.md"
    write_atomic(target, "first\n")
    with pytest.raises(InputError, match="already exists"):
        write_atomic(target, "second\n")
    write_atomic(target, "third\n", overwrite=True)
    assert target.read_text() == "third\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


# -- the plain-text training mode, driven through a pipe -----------------------------------------


def ask(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(["ask", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def replies(scenario: Scenario) -> str:
    return "\n".join(label for _, label in scenario.labels) + "\n"


def test_a_trainee_session_in_a_pipe_hides_paragraphs_until_answered(
    library: ScenarioLibrary, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = library.find(HATE)
    # Predict a CR (1) with a Sergeant (4), then answer "No" to the hate-crime question: the
    # trainee is asked about the victim instead of the hate-crime victim's support.
    lines = ["1", "4"]
    for question, label in scenario.labels:
        if question == "hate":
            label = "No"
        elif question == "hate_victim":
            continue
        elif question == "victim_voice":
            lines.append("Yes: the victim has been consulted and supports a CR")
        lines.append(label)
    stdin = "\n".join(lines) + "\n"
    status, out, _ = ask(monkeypatch, capsys, stdin, "--train", HATE)
    assert status == 0
    assert scenario.narrative.split(".")[0] in out.replace("\n", " ")
    question = out.index("Q7. Is the offence a hate crime?")
    prompt = out.index("Answer (", question)
    assert "O32g 2.6.1" not in out[question:prompt]  # hidden until answered ...
    assert "Paragraph: [O32g 2.6.1]" in out[prompt:]  # ... and shown after
    assert "Authorisers: not correct. You: nobody; the model: Inspector" in out
    assert "Decided by: [O32g 2.6.1]" in out
    assert "Your prediction: disposal correct (Community Resolution); authorisers not" in out
    assert "Scenarios completed: 1 of 1" in out


def test_a_sitting_cut_short_reports_what_was_done(
    library: ScenarioLibrary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = tmp_path / "sitting.md"
    stdin = "\n\n" + replies(library.find(THEFT)) + "\n\n3\n"  # input ends in the second
    status, out, err = ask(
        monkeypatch, capsys, stdin, "--train", THEFT, HATE, "--train-report", str(report)
    )
    assert status == 1
    assert "Scenario 2 of 2" in out
    assert "Scenarios completed: 1 of 2" in out
    assert "Correct result (disposal and exact authorisers): 1 of 1 (100%)" in out
    assert "input ended" in err
    text = report.read_text()
    assert "| Scenarios completed | 1 of 2 |" in text
    assert "| Predicted disposal correct | none |" in text

    # The report is never overwritten without --force, and that is known before any question.
    status, out, err = ask(monkeypatch, capsys, "", "--train", THEFT, "--train-report", str(report))
    assert status == 2 and out == ""
    assert "already exists" in err and "--force" in err
    status, out, _ = ask(
        monkeypatch,
        capsys,
        "\n\n" + replies(library.find(THEFT)),
        "--train",
        THEFT,
        "--train-report",
        str(report),
        "--force",
    )
    assert status == 0
    assert "| Scenarios completed | 1 of 1 |" in report.read_text()


def test_without_a_scenario_the_sitting_covers_the_whole_tree_in_order(
    library: ScenarioLibrary, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    total = len(library.files("kent-o32g"))
    status, out, _ = ask(monkeypatch, capsys, "q\n", "--train", "--tree", "kent-o32g")
    assert status == 1
    first = library.find("01-shop-theft-first-offence")
    assert f"=== Scenario 1 of {total}: {first.title} ===" in out
    assert f"Scenarios completed: 0 of {total}" in out


def test_training_refuses_unknown_scenarios_and_mixed_options(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = ask(monkeypatch, capsys, "", "--train", "43-hate-crime")
    assert status == 2 and "unknown scenario '43-hate-crime': did you mean" in err
    status, _, err = ask(monkeypatch, capsys, "", "--train", HATE, "--answers", "1")
    assert status == 2 and "--train cannot be combined" in err
    status, _, err = ask(monkeypatch, capsys, "", "--train-report", "x.md")
    assert status == 2 and "add --train" in err


def test_a_walk_saved_as_a_scenario_replays_and_is_never_overwritten(
    library: ScenarioLibrary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = library.find("13-rui-adult")
    saved = tmp_path / "walked.toml"
    status, out, _ = ask(
        monkeypatch,
        capsys,
        replies(source),
        "--tree",
        "kent-o32g",
        "--save-scenario",
        str(saved),
        "--json",
    )
    assert status == 0
    assert json.loads(out)["authorisations"][0]["role"] == "sergeant"  # stdout stays JSON
    scenario = library.load(saved)
    assert scenario.answers == source.answers
    assert scenario.expected.authorisers == ("sergeant",)
    assert scenario.has_placeholders
    assert main(["scenarios", "run", str(saved)]) == 0
    assert "Still to be written up (TODO in title or narrative): walked" in capsys.readouterr().out

    before = saved.read_text()
    status, out, err = ask(
        monkeypatch,
        capsys,
        "",
        "--tree",
        "kent-o32g",
        "--answers",
        "1",
        "--save-scenario",
        str(saved),
    )
    assert status == 2 and "already exists" in err and out == ""
    assert saved.read_text() == before


def test_prediction_object_knows_when_nothing_was_predicted() -> None:
    assert not Prediction().made
    assert Prediction(authorisers=frozenset()).made


def failing_scenario(folder: Path) -> Path:
    """The shop-theft scenario with an expectation the tree does not give (an Inspector), as
    `cr-assistant scenarios run` would report it failing."""
    text = (Path("trees/scenarios/kent-o32g") / f"{THEFT}.toml").read_text(encoding="utf-8")
    assert "authorisers = []" in text
    path = folder / "99-wrong-expectation.toml"
    path.write_text(text.replace("authorisers = []", 'authorisers = ["inspector"]'), "utf-8")
    return path


def test_training_leaves_out_a_scenario_that_fails_scenarios_run(
    library: ScenarioLibrary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = failing_scenario(tmp_path)
    assert main(["scenarios", "run", str(bad)]) == 1
    capsys.readouterr()
    refusal = (
        f"scenario '99-wrong-expectation' ({bad}) is left out of training: it fails "
        "'cr-assistant scenarios run' (authorisers missing: inspector)"
    )
    # On its own there is nothing to train on: refused in one line, before any question.
    status, out, err = ask(monkeypatch, capsys, "", "--train", str(bad))
    assert status == 2 and out == ""
    assert err.splitlines() == [f"cr-assistant: {refusal}; fix the scenario or the tree"]
    # Beside a sound one, it is left out with one line; the model answers score full marks.
    stdin = "\n\n" + replies(library.find(THEFT))
    status, out, err = ask(monkeypatch, capsys, stdin, "--train", THEFT, str(bad))
    assert status == 0
    assert [line for line in err.splitlines() if "left out" in line] == [
        f"cr-assistant: warning: {refusal}; fix the scenario or the tree"
    ]
    assert "=== Scenario 1 of 1: " in out and "99-wrong-expectation" not in out
    assert "Correct result (disposal and exact authorisers): 1 of 1 (100%)" in out
