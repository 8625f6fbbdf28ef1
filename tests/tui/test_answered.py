"""Answered questions shrink to a few static lines (so each key stays fast as the transcript
grows) and still give their paragraphs and take a change of answer."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Collapsible, OptionList

from assistant.tui.app import AssistantApp
from assistant.tui.widgets.messages import CitedLine, MarkdownReply, QuestionMessage, ReplyMessage
from tests.tui.test_app import press


async def test_an_answered_question_keeps_only_its_text_and_paragraph_ids(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "3", "1")
        first, second, current = app.query(QuestionMessage)
        for answered in (first, second):
            assert not answered.query(Collapsible) and not answered.query(OptionList)
            assert not answered.query(".help")
        assert str(first.query_one(CitedLine).render()) == "§ O32g 3.4.2"
        assert current.query(Collapsible) and current.query(OptionList)


async def test_selecting_an_answered_questions_paragraph_ids_shows_the_paragraph(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "3")
        app.transcript.scroll_to_widget(app.query_one(CitedLine), animate=False, top=True)
        await pilot.pause()
        await pilot.click(CitedLine)
        await pilot.pause()
        replies = app.query(MarkdownReply)
        assert [reply.title_text for reply in replies] == ["§ O32g 3.4.2"]
        # And the answer can still be changed from its reply.
        reply = next(r for r in app.query(ReplyMessage) if r.question_id == "age")
        app.transcript.scroll_to_widget(reply, animate=False, top=True)
        await pilot.pause()
        await pilot.click(reply)
        await pilot.pause()
        assert app.session is not None and app.session.current.id == "age"
