"""The TUI under hostile input: a digit from another script, an offence date out of range, and
a tree label carrying a terminal escape (one the loaders would refuse, put in directly)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from textual.widgets import Input

from assistant.catalogue import Catalogue
from assistant.engine import Tree
from assistant.tui.app import AssistantApp
from tests.tui.test_answer_keys import answered
from tests.tui.test_app import text_of, type_line

ESCAPE = "\x1b]0;x\x07"


async def test_a_superscript_digit_is_typed_not_taken_as_an_answer(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_line(pilot, "18 or over")
        assert app.session is not None and app.session.current.id == "evidence"
        for key in ("²", "①"):  # AltGr+2 on a UK keyboard, and a circled one
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running and app.query_one("#chat", Input).value == "²①"
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and answered(app) == ["18 or over (an adult)"]


@pytest.mark.parametrize(
    ("date", "words"),
    [("9999-12-31", "after today"), ("1999-12-31", "before 2000-01-01")],
)
async def test_an_offence_date_out_of_range_is_one_line_and_the_app_goes_on(
    make_app: Callable[..., AssistantApp], date: str, words: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_line(pilot, f"date {date}")
        assert app.is_running and words in text_of(app, ".error")
        assert app.main.offence_date is None


@pytest.fixture
def hostile_tree(catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> Tree:
    """The Kent tree with an escape sequence in the first answer's label and help text."""
    tree = catalogue.tree("kent-o32g")
    start = tree.start
    first = dataclasses.replace(start.answers[0], label=f"Under 10{ESCAPE}")
    node = dataclasses.replace(
        start, answers=(first, *start.answers[1:]), help=f"{ESCAPE}{start.help}"
    )
    hostile = dataclasses.replace(tree, nodes={**tree.nodes, node.id: node})
    monkeypatch.setattr(catalogue, "tree", lambda tree_id=None: hostile)
    return hostile


async def test_an_escape_in_a_label_is_shown_not_sent_to_the_terminal(
    make_app: Callable[..., AssistantApp], hostile_tree: Tree
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\x07" not in screen
        # Shown, in the answer and in the help, so the officer sees something is wrong.
        assert screen.count("\ufffd]0;x") == 2, screen
