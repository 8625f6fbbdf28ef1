"""Training screens: briefing with a prediction, comparison with the model, the sitting's score."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Markdown, RadioSet, SelectionList

from assistant.catalogue import Catalogue
from assistant.scenarios import ScenarioLibrary
from assistant.training import Prediction, Sitting, TrainingResult
from assistant.tui.app import AssistantApp
from assistant.tui.screens.training import (
    BriefingScreen,
    ComparisonScreen,
    MarkedRadioButton,
    SittingScreen,
)
from tests.test_training import HATE, THEFT, walk
from tests.tui.stubhost import HostApp, press_button, sync, visible_text
from tests.tui.test_app import press, type_line


def missed_hate_crime(library: ScenarioLibrary) -> TrainingResult:
    run = walk(library, library.find(HATE), {"hate": "No"})
    run.predict("community_resolution", frozenset({"sergeant"}))
    return run.result()


@sync
async def test_briefing_shows_the_narrative_and_returns_the_prediction(
    catalogue: Catalogue, library: ScenarioLibrary
) -> None:
    scenario = library.find(HATE)
    tree = library.tree(scenario.tree_id)
    app = HostApp(catalogue)
    async with app.run_test(size=(100, 60)) as pilot:
        app.open(BriefingScreen(scenario, tree))
        await pilot.pause()
        text = visible_text(app.screen)
        assert scenario.title in text and scenario.narrative in text
        for disposal in tree.disposals.values():
            assert disposal.label in text
        assert "Inspector" in text and "Nobody needs to authorise it" in text
        disposals = list(tree.disposals)
        for _ in range(disposals.index("community_resolution")):  # the disposals have the focus
            await pilot.press("down")
        await pilot.press("enter")
        assert app.screen.query_one(RadioSet).pressed_index == disposals.index(
            "community_resolution"
        )
        app.screen.query_one(SelectionList).select("inspector")
        await pilot.pause()
        # Each choice is marked by a symbol, not by colour alone ...
        shown = visible_text(app.screen)
        assert "[x] Inspector" in shown and "[ ] Sergeant" in shown
        marks = [button.BUTTON_INNER for button in app.screen.query(MarkedRadioButton)]
        assert marks.count("●") == 1 and marks[disposals.index("community_resolution")] == "●"
        # ... and the choice is said in words.
        assert (
            f"Your prediction: {tree.disposals['community_resolution'].label}; "
            "authorised by: Inspector." in visible_text(app.screen)
        )
        await press_button(pilot, "#start")
    assert app.dismissed == [Prediction("community_resolution", frozenset({"inspector"}))]


@sync
async def test_briefing_nobody_skip_and_leave(
    catalogue: Catalogue, library: ScenarioLibrary
) -> None:
    scenario = library.find(THEFT)
    tree = library.tree(scenario.tree_id)
    app = HostApp(catalogue)
    async with app.run_test(size=(100, 60)) as pilot:
        app.open(BriefingScreen(scenario, tree))
        await pilot.pause()
        choices = app.screen.query_one(SelectionList)
        choices.select("")  # Nobody ...
        choices.select("sergeant")  # ... and a role: refused, with the reason shown
        await press_button(pilot, "#start")
        assert isinstance(app.screen, BriefingScreen)
        assert "either Nobody or the roles" in visible_text(app.screen)
        choices.deselect("sergeant")
        await press_button(pilot, "#start")  # Nobody alone, no disposal predicted
        app.open(BriefingScreen(scenario, tree))
        await pilot.pause()
        await press_button(pilot, "#skip")
        app.open(BriefingScreen(scenario, tree))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.dismissed == [Prediction(None, frozenset()), Prediction(), None]


@sync
async def test_comparison_names_the_differing_answer_and_its_paragraph(
    catalogue: Catalogue, library: ScenarioLibrary
) -> None:
    result = missed_hate_crime(library)
    paragraph = library.corpus.resolve("O32g 2.6.1")
    app = HostApp(catalogue)
    async with app.run_test(size=(100, 60)) as pilot:
        app.open(ComparisonScreen(result, library.corpus))
        await pilot.pause()
        text = visible_text(app.screen)
        assert text.startswith(f"# Not correct: {result.scenario.teaching_title}")
        assert "**Disposal: correct.**" in text
        assert "**Authorisers: not correct.** You: nobody; the model: Inspector" in text
        assert "disposal correct" in text and "authorisers not correct (Sergeant)" in text
        assert "You answered: **No**; the model answers: **Yes**" in text
        assert "Decided by: [O32g 2.6.1]" in text
        assert f"> {paragraph.markdown.splitlines()[0]}" in text
        await pilot.press("s")
        await pilot.pause()
        app.open(ComparisonScreen(result, library.corpus))
        await pilot.pause()
        await pilot.press("enter")  # Next has the focus
        await pilot.pause()
    assert app.dismissed == [False, True]


@sync
async def test_comparison_of_a_model_walk_says_correct(
    catalogue: Catalogue, library: ScenarioLibrary
) -> None:
    result = walk(library, library.find(THEFT), {}).result()
    app = HostApp(catalogue)
    async with app.run_test(size=(100, 60)) as pilot:
        app.open(ComparisonScreen(result, library.corpus))
        await pilot.pause()
        text = visible_text(app.screen)
        assert text.startswith("# Correct: ")
        assert "Answers that differed" not in text
        assert "Your prediction:** none made" in text


def sitting_of_two(library: ScenarioLibrary) -> Sitting:
    sitting = Sitting([library.find(HATE), library.find(THEFT), library.find(HATE)])
    sitting.record(missed_hate_crime(library))
    sitting.record(walk(library, library.find(THEFT), {}).result())
    return sitting


@sync
async def test_sitting_shows_the_score_and_exports_without_overwriting(
    catalogue: Catalogue, library: ScenarioLibrary, tmp_path: Path
) -> None:
    sitting = sitting_of_two(library)
    report = tmp_path / "sitting.md"
    app = HostApp(catalogue)
    async with app.run_test(size=(100, 60)) as pilot:
        app.open(SittingScreen(sitting, library.corpus, report))
        await pilot.pause()
        text = visible_text(app.screen)
        assert "Scenarios completed | 2 of 3" in text
        assert "Correct result (disposal and exact authorisers) | 1 of 2 (50%)" in text
        assert "Not correct" in text and "Not taken" in text
        await press_button(pilot, "#export")
        assert f"Report saved to {report}" in visible_text(app.screen)
        first = report.read_text(encoding="utf-8")
        assert first.startswith("# Community Resolution training: sitting report")
        report.write_text("kept\n", encoding="utf-8")
        await pilot.press("ctrl+s")  # exists now: asks first
        await pilot.pause()
        assert "already exists: press Overwrite" in visible_text(app.screen)
        assert app.screen.query_one("#overwrite", Button).display
        assert report.read_text(encoding="utf-8") == "kept\n"
        await press_button(pilot, "#overwrite")
        assert report.read_text(encoding="utf-8") == first
        await pilot.press("escape")
        await pilot.pause()
    assert app.dismissed == [report]
    assert [p.name for p in tmp_path.iterdir()] == ["sitting.md"]  # no temporary file left


@sync
async def test_sitting_export_to_an_unwritable_folder_says_so_in_one_line(
    catalogue: Catalogue,
    library: ScenarioLibrary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sitting = sitting_of_two(library)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, os.strerror(13))

    app = HostApp(catalogue)
    async with app.run_test(size=(100, 60)) as pilot:
        app.open(SittingScreen(sitting, library.corpus, tmp_path / "missing" / "r.md"))
        await pilot.pause()
        await press_button(pilot, "#export")
        status = str(app.screen.query_one("#status").visual)
        assert "does not exist" in status and "\n" not in status
        monkeypatch.setattr("assistant.safefile.tempfile.mkstemp", refuse)
        path = app.screen.query_one("#path", Input)
        path.value = str(tmp_path / "r.md")
        await press_button(pilot, "#export")
        status = str(app.screen.query_one("#status").visual)
        assert "Permission denied" in status and "choose a folder you can write to" in status
        await pilot.press("escape")  # results not saved: asks before throwing them away
        await pilot.pause()
        assert "has not been saved" in visible_text(app.screen)
        await press_button(pilot, "#leave")
    assert app.dismissed == [None]
    assert not list(tmp_path.iterdir())


@sync
async def test_sitting_with_nothing_completed_has_nothing_to_export(
    catalogue: Catalogue, library: ScenarioLibrary, tmp_path: Path
) -> None:
    app = HostApp(catalogue)
    async with app.run_test(size=(100, 60)) as pilot:
        app.open(SittingScreen(Sitting([library.find(HATE)]), library.corpus, tmp_path / "r.md"))
        await pilot.pause()
        await press_button(pilot, "#export")
        assert "No scenario was completed" in visible_text(app.screen)
    assert not list(tmp_path.iterdir())


async def test_leaving_at_a_briefing_shows_the_score_then_an_ordinary_saved_walk(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    from tests.tui.test_resume import saved_files

    app = make_app(train=["01-shop-theft-first-offence", "02-criminal-damage-deferred-repair"])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "BriefingScreen"
        await pilot.press("escape")  # leave the sitting before the first walk
        await pilot.pause()
        assert type(app.screen).__name__ == "SittingScreen"
        assert app.main.training is None and "0 of 2" in visible_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.main.train is None and app.session is not None
        assert app.session.current.id == "age" and not app.session.steps
        await press(pilot, "3")
        await pilot.pause()
    assert len(saved_files(_private_data_folder)) == 1  # an ordinary walk is a case again


async def test_a_scenario_that_fails_scenarios_run_is_left_out_with_one_line(
    make_app: Callable[..., AssistantApp], tmp_path: Path
) -> None:
    from tests.test_training import failing_scenario

    bad = failing_scenario(tmp_path)
    app = make_app(train=[THEFT, str(bad)])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "BriefingScreen"
        assert "Scenario 1 of 1" in visible_text(app.screen)
        [note] = [n for n in app._notifications if "99-wrong-expectation" in n.message]
        assert "left out of training" in note.message and "\n" not in note.message


def on_screen(app: AssistantApp) -> str:
    """The characters the terminal shows (from the screenshot), spans run together."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))).replace(
        "\xa0", " "
    )


async def test_a_sitting_at_120x40_gives_nothing_away_before_the_comparison(
    make_app: Callable[..., AssistantApp], tmp_path: Path, library: ScenarioLibrary
) -> None:
    import stat

    from assistant.tui.screens.matrix import MatrixScreen

    scenario = library.find("04-previous-conviction-adult")  # a Sergeant must authorise
    deciding = "O32g 3.5.2"
    app = make_app(train=[scenario.id])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#trainee", Input).value = "A. Trainee"
        await press_button(pilot, "#skip")
        await pilot.pause()
        for position, (_, label) in enumerate(scenario.labels):
            await pilot.pause()
            shown = on_screen(app)
            assert "Derek, 52, takes a £9" in shown  # the narrative stays beside the walk
            assert "Sergeant" not in shown and "Authorisations so far" not in shown
            assert "Facts so far" not in shown
            if position == 3:  # the matrix, a deciding paragraph and a search are held back
                await pilot.press("f5")
                await type_line(pilot, f"cite {deciding}")
                await type_line(pilot, "search previous conviction")
                await pilot.pause()
                assert not isinstance(app.screen, MatrixScreen)
                assert f"§ {deciding}" not in on_screen(app)
                assert any("after the comparison" in n.message for n in app._notifications)
            await type_line(pilot, label)
        assert type(app.screen) is ComparisonScreen
        comparison = app.screen.query_one("#comparison", Markdown).source
        assert scenario.teaching_title in comparison and "## The model's whole walk" in comparison
        sitting = app.main.sitting_flow.sitting
        assert sitting is not None and sitting.results[0].correct
        assert comparison.count("✔ same") == sitting.results[0].model_questions
        await pilot.press("f5")  # after the comparison the matrix may be seen
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("escape")
        await press_button(pilot, "#next")
        await pilot.pause()
        assert type(app.screen) is SittingScreen and "A. Trainee" in visible_text(app.screen)
        await pilot.press("escape")  # not saved yet: asks, and Escape there stays
        await pilot.pause()
        assert "has not been saved" in visible_text(app.screen)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen) is SittingScreen
        report = tmp_path / "sitting.md"
        app.screen.query_one("#path", Input).value = str(report)
        await press_button(pilot, "#export")
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
        assert "- Trainee: A. Trainee" in report.read_text(encoding="utf-8")
