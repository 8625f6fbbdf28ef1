"""How the chat UI looks, at the smallest supported size (80x24) and a roomy one (120x40).

Deterministic: a fixed date, no clock, no contacts file. Regenerate after a deliberate change of
layout with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from assistant.tui.app import AssistantApp
from assistant.tui.widgets.messages import CitationFold
from tests.tui.keys import ADULT_THEFT
from tests.tui.test_app import press


async def steady(pilot: Pilot[int]) -> None:
    """No blinking cursor (it would make the picture depend on timing)."""
    await pilot.pause()
    pilot.app.query_one("#chat", Input).cursor_blink = False
    await pilot.pause()


SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_first_question(
    snap_compare: Any, make_app: Callable[..., AssistantApp], size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=steady)


def test_citation_expanded(snap_compare: Any, make_app: Callable[..., AssistantApp]) -> None:
    async def expand(pilot: Pilot[int]) -> None:
        await steady(pilot)
        pilot.app.query_one(CitationFold).collapsed = False
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=expand)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_result(
    snap_compare: Any, make_app: Callable[..., AssistantApp], size: tuple[int, int]
) -> None:
    async def walk(pilot: Pilot[int]) -> None:
        await steady(pilot)
        await press(pilot, *ADULT_THEFT)
        # Let the layout settle, then pin the scroll to the top of the result as the app does.
        await pilot.pause(0.2)
        app = pilot.app
        assert isinstance(app, AssistantApp)
        app.main.transcript.scroll_to_widget(app.query_one("#result"), animate=False, top=True)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=walk)


# Without colour (NO_COLOR) and on a Linux console (TERM=linux), the highlighted answer must
# still be told apart: by its → mark. The footer shows whole keys and labels at 80 columns.
@pytest.mark.parametrize(
    "environment", [{"NO_COLOR": "1"}, {"TERM": "linux"}], ids=["no-color", "term-linux"]
)
def test_highlighted_answer_without_colour(
    snap_compare: Any,
    make_app: Callable[..., AssistantApp],
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    async def highlight(pilot: Pilot[int]) -> None:
        await steady(pilot)
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=highlight)
