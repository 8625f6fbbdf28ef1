"""The typed ``cite`` in the chat takes several citations, as ``cr-assistant cite`` does."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from assistant.tui.app import AssistantApp
from assistant.tui.widgets.messages import MarkdownReply, NoteMessage


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.query_one("#chat", Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_cite_shows_each_paragraph_named(make_app: Callable[..., AssistantApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _type(pilot, "cite O32g 4.2.1 O32g 4.2.2")
        await _type(pilot, "cite 2.3.2 2.6.1")
        titles = [reply.title_text for reply in app.query(MarkdownReply)]
        assert titles[-4:] == ["§ O32g 4.2.1", "§ O32g 4.2.2", "§ O32g 2.3.2", "§ O32g 2.6.1"]
        assert app.session is not None and not app.session.steps  # a command, not an answer


async def test_one_bad_citation_shows_one_error_and_no_paragraph(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = len(app.query(MarkdownReply))
        await _type(pilot, "cite O32g 4.2.1 9.9.9")
        assert len(app.query(MarkdownReply)) == before
        errors = [str(note.render()) for note in app.query(NoteMessage) if note.has_class("error")]
        assert len(errors) == 1 and "unknown citation 'O32g 9.9.9'" in errors[0]
