"""Keys and typed replies at a question: a digit never answers before the reply is whole, and
at 80x24 every answer of every question is on screen without scrolling."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from assistant.catalogue import Catalogue
from assistant.tui.app import AssistantApp
from assistant.tui.widgets.messages import NoteMessage
from tests.tui.keys import paths_to_every_answer_list
from tests.tui.test_app import text_of


def answered(app: AssistantApp) -> list[str]:
    assert app.session is not None
    return [step.answer.label for step in app.session.steps]


async def type_keys(pilot: Pilot[int], text: str) -> None:
    """Each character as its own key press, as an officer types."""
    for character in text:
        await pilot.press("space" if character == " " else character)
        await pilot.pause()


async def test_typing_18_or_over_answers_18_or_over_not_under_10(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "18 or over")
        # Nothing is answered while the officer types: "1" is the start of "18".
        assert answered(app) == []
        assert app.query_one("#chat", Input).value == "18 or over"
        await pilot.press("enter")
        await pilot.pause()
        assert answered(app) == ["18 or over (an adult)"]


@pytest.mark.parametrize("typed", ["16", "1"])
async def test_a_digit_at_the_age_question_waits_for_enter(
    make_app: Callable[..., AssistantApp], typed: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, typed)
        assert answered(app) == []
        await pilot.press("enter")
        await pilot.pause()
        if typed == "16":
            # No answer is numbered or begins with 16: refused, with the answers named.
            assert answered(app) == []
            assert "'16' is not an answer number" in text_of(app, NoteMessage)
            assert "18 or over (an adult)" in text_of(app, NoteMessage)
        else:
            # A whole "1" and Enter: the first answer, as typed.
            assert answered(app) == ["Under 10"]


async def test_a_digit_answers_at_once_where_it_cannot_begin_a_longer_reply(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "18 or over")
        await pilot.press("enter")
        await pilot.pause()
        await type_keys(pilot, "1")  # Yes/No: answered at once
        assert app.session is not None and app.session.current.id == "status"
        await type_keys(pilot, "3")  # three plain answers: the third, at once
        assert answered(app)[-1] == "None of these"
        assert app.query_one("#chat", Input).value == ""


async def test_a_digit_pressed_outside_the_input_starts_a_typed_reply_where_it_must(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.main.current_question()
        assert question is not None and question.options() is not None
        question.options().focus()  # type: ignore[union-attr]
        await pilot.pause()
        await type_keys(pilot, "1")
        assert answered(app) == []
        chat = app.query_one("#chat", Input)
        assert chat.has_focus and chat.value == "1"
        await type_keys(pilot, "8")
        assert chat.value == "18"
        await pilot.press("enter")
        await pilot.pause()
        assert answered(app) == ["18 or over (an adult)"]


# -- 80x24: every answer of every question on screen -------------------------------------------


def _on_screen(app: AssistantApp) -> str | None:
    """Why the current question's answers are not all visible at once, or None if they are."""
    widget = app.main.current_question()
    assert widget is not None
    options = widget.options()
    assert options is not None
    if options.max_scroll_y > 0:
        return f"its answer list scrolls ({options.max_scroll_y} more lines)"
    view = app.main.transcript.region
    shown = options.region
    if shown.y < view.y or shown.bottom > view.bottom:
        return (
            f"answers at rows {shown.y}-{shown.bottom - 1}, "
            f"transcript rows {view.y}-{view.bottom - 1}"
        )
    return None


async def _settled(app: AssistantApp, pilot: Pilot[int]) -> None:
    """Wait until the transcript stops moving: a tall question is scrolled to its top a frame
    after it is shown."""
    last = None
    for _ in range(20):
        await pilot.pause()
        now = (app.main.transcript.scroll_y, app.main.transcript.max_scroll_y)
        if now == last:
            return
        last = now
    raise AssertionError("the transcript never settled")


@pytest.mark.parametrize("tree_id", sorted(Catalogue().tree_files))
async def test_at_80x24_every_answer_of_every_question_is_on_screen(
    make_app: Callable[..., AssistantApp], tree_id: str
) -> None:
    app = make_app(tree_id)
    failures: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        targets = paths_to_every_answer_list(session.tree)
        asked = {node.id for node in session.tree.nodes.values() if node.kind != "outcome"}
        assert {node_id for node_id, _ in targets} == asked  # every question is measured
        for (node_id, labels), path in targets.items():
            if path:
                # The walk up to the last answer in the engine; the last one through the app,
                # which shows the question as it does after any answer.
                session.restart()
                for label in path[:-1]:
                    session.answer(label)
                await app.main.transcript.remove_children()
                await app.main.answer(path[-1])
            await _settled(app, pilot)
            assert session.current.id == node_id
            problem = _on_screen(app)
            if problem is not None:
                failures.append(f"{tree_id} {node_id} ({len(labels)} answers): {problem}")
    assert failures == []


async def test_the_input_says_whether_a_digit_answers_at_once(
    make_app: Callable[..., AssistantApp],
) -> None:
    """At the age question a digit waits for Enter, and the input says so; at a question of
    plain answers it says a digit answers."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        chat = app.query_one("#chat", Input)
        assert "then Enter" in chat.placeholder and not chat.placeholder.startswith("1-")
        await type_keys(pilot, "18")
        await pilot.press("enter")
        await pilot.pause()
        # Q2 has two answers: the hint names the keys that answer, not "1-9".
        assert len(app.main.session.offered()) == 2
        assert chat.placeholder.startswith("1-2,"), chat.placeholder


async def test_the_input_asks_for_no_answer_once_the_result_is_shown(
    make_app: Callable[..., AssistantApp],
) -> None:
    """At the result no answer is asked for: the hint no longer offers answer numbers."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_keys(pilot, "Under 10")
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.session.finished
        chat = app.query_one("#chat", Input)
        assert not chat.placeholder.startswith("1-") and "answer" not in chat.placeholder
