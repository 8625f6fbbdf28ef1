"""The TUI under abuse: random keys and clicks, resizing, and quitting with Ctrl+C / Ctrl+Q."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from assistant.tui.app import AssistantApp
from tests.tui.keys import ADULT_THEFT, KENT
from tests.tui.test_app import keys_with_enter, press

MONKEY_EVENTS = 2000
# Several apps share the events, so a long run never piles up thousands of widgets in one.
MONKEY_APPS = 4
SIZE = (100, 30)
# Events sent before the app is let to catch up.
BURST = 8
KEYS = [
    *"0123456789",
    *"abcdefghijklmnopqrstuvwxyz",
    *["enter"] * 6,
    *["escape"] * 3,
    "tab",
    "shift+tab",
    "backspace",
    "space",
    "ctrl+b",
    "ctrl+r",
    "ctrl+s",
    "ctrl+p",
    "f1",
    "f2",
    "f3",
    "f4",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
]
# Rare, and each one ends that app: the monkey starts a new one and goes on counting.
QUIT_KEYS = ["ctrl+q", "ctrl+c"]


# pilot.press and pilot.click wait for the process to go idle after every event (about 0.1 s
# each): too slow for thousands. These send events as the terminal driver does, and the monkey
# lets the app catch up after every few, as after a burst of typing or a paste.


def send_key(pilot: Pilot[int], key: str) -> None:
    app = pilot.app
    character = key if len(key) == 1 else {"space": " ", "enter": "\r", "tab": "\t"}.get(key)
    assert app._driver is not None
    app._driver.send_message(events.Key(key, character))


def send_click(pilot: Pilot[int], x: int, y: int) -> None:
    """Mouse down and up at (x, y); the app makes the Click from them, as from a terminal."""
    app = pilot.app
    assert app._driver is not None
    for kind in (events.MouseDown, events.MouseUp):
        app._driver.send_message(
            kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
        )


def visible_question(app: AssistantApp) -> str | None:
    widget = app.main.current_question()
    return widget.node.text if widget is not None else None


async def walk_to_result(app: AssistantApp, pilot: Pilot[int]) -> None:
    """The known key walk: from anywhere, back to the main screen, restart, answer through."""
    while len(app.screen_stack) > 1:
        app.pop_screen()
        await pilot.pause()
    assert app.session is not None
    if app.session.tree.id != KENT.id:
        # The palette's "Switch tree" may have been chosen: the known walk is of the Kent tree.
        app.switch_tree(KENT.id)
        await app.workers.wait_for_complete()
        await pilot.pause()
    chat = app.query_one("#chat", Input)
    chat.value = ""
    chat.focus()
    assert app.session is not None and app.session.tree.id == KENT.id
    for key in ["ctrl+r", *keys_with_enter(app.session.tree, ADULT_THEFT)]:
        send_key(pilot, key)
        await pilot.pause()
    await pilot.pause()
    session = app.session
    assert session is not None and session.finished, (
        f"the known walk did not finish: {len(session.steps) if session else None} answers, "
        f"at {session.current.id if session else None}; screens {app.screen_stack}, "
        f"focus {app.focused}"
    )
    assert app.query("#result"), "the known walk did not show its result"


@pytest.mark.slow
async def test_two_thousand_random_keys_and_clicks_never_break_the_app(
    make_app: Callable[..., AssistantApp], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The export dialog writes a typed relative name in the working folder.
    monkeypatch.chdir(tmp_path)
    chance = random.Random(int(os.environ.get("CR_MONKEY_SEED", "20261123")))
    started = time.monotonic()
    done = keys = clicks = quits = apps = screenshots = 0
    per_app = MONKEY_EVENTS // MONKEY_APPS
    while done < MONKEY_EVENTS:
        app = make_app()
        apps += 1
        quit_by = None

        def no_screenshot(*args: object, **kwargs: object) -> None:
            # The palette's "Save screenshot" writes to the user's Downloads folder.
            nonlocal screenshots
            screenshots += 1

        app.deliver_screenshot = no_screenshot  # type: ignore[method-assign]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for count in range(min(per_app, MONKEY_EVENTS - done)):
                done += 1
                roll = chance.random()
                if roll < 0.003:
                    key = chance.choice(QUIT_KEYS)
                    keys += 1
                    send_key(pilot, key)
                elif roll < 0.15:
                    clicks += 1
                    send_click(pilot, chance.randrange(SIZE[0]), chance.randrange(SIZE[1]))
                else:
                    keys += 1
                    key = chance.choice(KEYS)
                    send_key(pilot, key)
                if count % BURST == 0:
                    await pilot.pause(0)
                if count % 100 == 0:
                    await pilot.pause()
                if app.return_code is not None:
                    # Ctrl+Q, Ctrl+C, or "Quit" chosen in the command palette: start again.
                    quit_by = key if roll < 0.003 else "the palette or a click"
                    quits += 1
                    break
            if quit_by is None:
                await pilot.pause()
                assert app._exception is None
                await walk_to_result(app, pilot)
        assert app._exception is None, f"app {apps} raised {app._exception!r}"
        if quit_by is not None:
            assert app.return_code == 0, f"{quit_by} should leave with status 0"
    elapsed = time.monotonic() - started
    assert done == keys + clicks == MONKEY_EVENTS
    assert clicks > 200 and keys > 1500
    print(
        f"monkey: {keys} keys, {clicks} clicks, {quits} quits, {apps} apps, "
        f"{screenshots} screenshots refused, {elapsed:.1f} s"
    )


async def test_resizing_keeps_the_question_and_the_transcript(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT[:5])
        question = visible_question(app)
        messages = len(app.main.transcript.children)
        assert question is not None
        for size in ((40, 12), (120, 40), (40, 12), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.size == size
            assert visible_question(app) == question, f"at {size}"
            assert len(app.main.transcript.children) == messages, f"at {size}"
        await press(pilot, ADULT_THEFT[5])
        assert app.session is not None and len(app.session.steps) == 6


async def test_ctrl_q_and_ctrl_c_quit_with_status_zero(
    make_app: Callable[..., AssistantApp],
) -> None:
    for key in ("ctrl+q", "ctrl+c"):
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("3")
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert not app.is_running, f"{key} should quit"
        assert app.return_code == 0, key
        assert app._exception is None


# -- regressions: the races the monkey found (guards in assistant/tui/textual_fixes.py) ---------


async def test_enter_twice_in_a_dialog_dismisses_it_once(
    make_app: Callable[..., AssistantApp],
) -> None:
    from textual.screen import ModalScreen

    chosen: list[object] = []
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen: ModalScreen[str] = ModalScreen()
        app.push_screen(screen, chosen.append)
        await pilot.pause()
        screen.dismiss("first")
        screen.dismiss("second")  # raised ScreenStackError and ran the callback twice
        await pilot.pause()
        assert chosen == ["first"]
        assert len(app.screen_stack) == 1
    assert app._exception is None


async def test_page_down_in_the_palette_before_its_list_is_laid_out(
    make_app: Callable[..., AssistantApp],
) -> None:
    from textual.widgets import OptionList

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        hidden = OptionList("one", "two", "three")
        hidden.styles.height = 0
        await app.screen.mount(hidden)
        await pilot.pause()
        hidden.highlighted = 1
        hidden.action_page_down()  # KeyError from the empty line map
        hidden.action_page_up()
        assert hidden.highlighted == 1
    assert app._exception is None


async def test_a_click_on_a_message_just_removed(
    make_app: Callable[..., AssistantApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.geometry import Offset
    from textual.widgets import Static

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gone = Static("a message")
        await app.main.transcript.mount(gone)
        await pilot.pause()
        x, y = gone.region.offset
        await gone.remove()
        # The race, made certain: the last layout still places the removed message at (x, y)
        # (a restart, back or change removed it a moment before the click arrived).
        compositor = app.screen._compositor
        monkeypatch.setattr(compositor, "get_widget_and_offset_at", lambda *_: (gone, Offset(0, 0)))
        send_click(pilot, x, y)  # AttributeError: 'NoneType' object has no attribute 'region'
        await pilot.pause()
        monkeypatch.undo()
        await press(pilot, ADULT_THEFT[0])
        assert app.session is not None and len(app.session.steps) == 1
    assert app._exception is None


async def test_a_late_dismiss_of_a_dialog_under_another_screen_is_ignored(
    make_app: Callable[..., AssistantApp],
) -> None:
    from textual.screen import ModalScreen

    chosen: list[object] = []
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dialog: ModalScreen[str] = ModalScreen()
        app.push_screen(dialog, chosen.append)
        above: ModalScreen[str] = ModalScreen()
        app.push_screen(above)
        await pilot.pause()
        dialog.dismiss("late")  # closed the screen above instead, and ran the callback
        await pilot.pause()
        assert app.screen is above and chosen == []
        above.dismiss()
        await pilot.pause()
        dialog.dismiss("now")
        await pilot.pause()
        assert chosen == ["now"] and len(app.screen_stack) == 1
    assert app._exception is None


async def test_typing_in_the_palette_then_escape_at_once(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(5):
            send_key(pilot, "ctrl+p")
            await pilot.pause(0)
            for key in "cite":
                send_key(pilot, key)
            send_key(pilot, "escape")
            await pilot.pause()
        for _ in range(5):
            await pilot.pause()
        assert len(app.screen_stack) == 1
    assert app._exception is None


async def test_keys_typed_ahead_of_ctrl_q_are_dropped(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send_key(pilot, "ctrl+s")
        send_key(pilot, "ctrl+q")
        for key in ["3", "1", "escape", "enter"]:
            send_key(pilot, key)
        send_click(pilot, 10, 10)
        await pilot.pause()
    assert app._exception is None
    assert app.return_code == 0
