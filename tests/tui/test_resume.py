"""Crash recovery in the TUI: every answer is saved; the next start offers to resume it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from assistant.recovery import read_saved
from assistant.tui.app import AssistantApp
from assistant.tui.screens.resume import ResumeScreen
from assistant.tui.widgets.messages import (
    AnsweredQuestion,
    NoteMessage,
    QuestionMessage,
    ReplyMessage,
)
from tests.tui.keys import ADULT_THEFT
from tests.tui.test_app import press as press_keys


def saved_files(data: Path) -> list[Path]:
    folder = data / "sessions"
    return sorted(folder.glob("*.json")) if folder.exists() else []


def current_text(app: AssistantApp) -> str:
    widget = app.main.current_question()
    assert widget is not None, "no current question on screen"
    return widget.node.text


async def press(pilot: Pilot[int], keys: str) -> None:
    """Answer numbers as keys, each followed by Enter where the digit was only typed."""
    await press_keys(pilot, *keys)


async def walk_part_way(make_app: Callable[..., AssistantApp], keys: str) -> tuple[list, str]:
    """Answer ``keys`` then leave the app without finishing (as a crash would)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, keys)
        assert app.session is not None
        answers = [(step.node.id, step.answer.label) for step in app.session.steps]
        question = current_text(app)
    return answers, question


async def test_every_answer_is_saved_and_the_outcome_removes_the_save(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert saved_files(_private_data_folder) == []
        for count, key in enumerate(ADULT_THEFT[:4], start=1):
            await press(pilot, key)
            (path,) = saved_files(_private_data_folder)
            assert len(read_saved(path).answers) == count
            assert path.stat().st_mode & 0o777 == 0o600
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert len(read_saved(path).answers) == 3
        await press(pilot, ADULT_THEFT[3:])
        assert app.session is not None and app.session.finished
        assert app.query("#result"), "the walk should have reached its result"
        assert saved_files(_private_data_folder) == []


async def test_resume_restores_every_answer(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    answers, question = await walk_part_way(make_app, ADULT_THEFT[:6])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert "6 answers" in app.screen.question
        # Number keys do not answer the question behind the offer.
        await press(pilot, "1")
        assert isinstance(app.screen, ResumeScreen)
        assert app.session is not None and app.session.steps == []
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ResumeScreen)
        assert [(s.node.id, s.answer.label) for s in app.session.steps] == answers
        assert current_text(app) == question
        assert len(app.main.transcript.query(ReplyMessage)) == len(answers)
        notes = " ".join(str(note.render()) for note in app.main.transcript.query(NoteMessage))
        assert "Resumed the case you were working on (6 answers" in notes
        # The walk goes on into the same file.
        await press(pilot, ADULT_THEFT[6])
        (path,) = saved_files(_private_data_folder)
        assert len(read_saved(path).answers) == 7


async def test_start_afresh_discards_and_escape_keeps_the_saved_case(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    await walk_part_way(make_app, ADULT_THEFT[:3])
    (saved,) = saved_files(_private_data_folder)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.session is not None and app.session.steps == []
        assert saved.exists(), "Escape decides later: the saved case is kept"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.session is not None and app.session.steps == []
        assert not saved.exists()
        assert current_text(app) == app.session.tree.start.text
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, ResumeScreen), "nothing is left to resume"


async def test_answers_that_no_longer_apply_are_listed_not_lost_silently(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    answers, _question = await walk_part_way(make_app, ADULT_THEFT[:3])
    (path,) = saved_files(_private_data_folder)
    record = json.loads(path.read_text())
    record["answers"].append({"node": "a-question-since-removed", "answer": "Yes"})
    path.write_text(json.dumps(record))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.session is not None
        assert [(s.node.id, s.answer.label) for s in app.session.steps] == answers
        dropped = [str(n.render()) for n in app.main.transcript.query(NoteMessage)]
        assert any("Not restored: 'Yes' to a-question-since-removed" in line for line in dropped), (
            dropped
        )


async def test_a_damaged_save_is_a_warning_and_the_walk_goes_on(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    folder = _private_data_folder / "sessions"
    folder.mkdir(parents=True)
    (folder / "kent-o32g-20260101T090000Z-abc123.json").write_bytes(
        b'{"format": 1, "answers": [\xff'
    )
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, ResumeScreen)
        assert any(
            "kent-o32g-20260101T090000Z-abc123.json: " in n.message for n in app._notifications
        )
        await press(pilot, "3")
        assert app.session is not None and len(app.session.steps) == 1
    assert app._exception is None


async def test_pressing_the_resume_button(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    answers, question = await walk_part_way(make_app, ADULT_THEFT[:2])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#resume")
        await pilot.pause()
        assert current_text(app) == question
        assert len(app.main.transcript.query(AnsweredQuestion)) == len(answers)
        assert len(app.main.transcript.query(QuestionMessage)) == 1


async def test_an_answer_before_the_saved_cases_are_looked_at_is_saved_then(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    # The saved cases are looked at a frame after the first question is shown; a quick officer
    # may answer before that. The answer is saved then, and not offered back as a case to resume.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.main.keeper.started = False  # as in the first frame
        await press(pilot, "3")
        assert saved_files(_private_data_folder) == []
        app.main.keeper.tree_started("kent-o32g")
        await pilot.pause()
        assert not isinstance(app.screen, ResumeScreen)
        (saved,) = saved_files(_private_data_folder)
        assert [answer.node for answer in read_saved(saved).answers] == ["age"]


async def test_an_answer_given_before_the_offer_to_resume_is_not_left_behind(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    for resume, left in (("y", 0), ("n", 1)):
        await walk_part_way(make_app, ADULT_THEFT[:2])  # a case left pending
        app = make_app()
        look_at_saved_cases = app.main.keeper.tree_started
        app.main.keeper.tree_started = lambda tree_id: None  # type: ignore[method-assign]
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await press(pilot, "3")  # answered before the saved cases are looked at
            look_at_saved_cases("kent-o32g")
            app.main.keeper.save()  # the save that answer queued, run once the offer is up
            await pilot.pause()
            assert isinstance(app.screen, ResumeScreen)
            await press(pilot, resume)
            if resume == "y":
                await press(pilot, ADULT_THEFT[2:])  # the resumed case, to its result
                assert app.query("#result")
        files = saved_files(_private_data_folder)
        assert len(files) == left, (resume, files)
        if left:  # "Start afresh": the early answer is saved, as a walk of its own
            assert [answer.node for answer in read_saved(files[0]).answers] == ["age"]
            files[0].unlink()


async def test_a_training_run_that_falls_back_to_a_walk_saves_it(
    make_app: Callable[..., AssistantApp], _private_data_folder: Path
) -> None:
    app = make_app(train=["no-such-scenario"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.main.train is None  # the sitting could not start: an ordinary walk instead
        await press(pilot, "31")
    (saved,) = saved_files(_private_data_folder)
    assert [answer.node for answer in read_saved(saved).answers] == ["age", "evidence"]
