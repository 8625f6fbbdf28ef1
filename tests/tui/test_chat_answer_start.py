"""A chat question is answered from the tree first, and the TUI shows that answer, not the last
search result, when the reply is longer than the screen (issue 14 item 10)."""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import VerticalScroll
from textual.widgets import Input

from assistant.tui.app import AssistantApp
from assistant.tui.widgets.messages import MarkdownReply


async def test_a_long_reply_is_shown_from_its_start(make_app: Callable[..., AssistantApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.query_one("#chat", Input).value = "who authorises a CR for a hate crime"
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        reply = app.query(MarkdownReply).last()
        transcript = reply.parent
        assert isinstance(transcript, VerticalScroll)
        top = reply.virtual_region.y
        assert reply.virtual_region.height > transcript.size.height  # longer than the screen
        assert transcript.scroll_y <= top < transcript.scroll_y + transcript.size.height
