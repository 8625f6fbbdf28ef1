"""Answered questions fold to one widget each (so each key stays fast as the transcript grows)
and still give their paragraphs, show the trainer's node ids and take a change of answer."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Offset
from textual.widgets import OptionList

from assistant.tui.app import AssistantApp
from assistant.tui.widgets.messages import (
    AnsweredQuestion,
    CitationFold,
    MarkdownReply,
    QuestionMessage,
    ReplyMessage,
)
from tests.tui.test_app import press


def link_offset(app: AssistantApp, widget: AnsweredQuestion, citation: str) -> Offset:
    """Where on screen the paragraph id ``citation`` can be clicked in ``widget``."""
    region = widget.content_region
    wanted = f"cite({citation!r})"
    for y in range(region.y, region.bottom):
        for x in range(region.x, region.right):
            if app.screen.get_style_at(x, y).meta.get("@click") == wanted:
                return Offset(x, y)
    raise AssertionError(f"no link to {citation} in {widget.render()}")


async def test_an_answered_question_is_one_widget_with_its_text_and_paragraph_ids(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "3", "1")
        first, second = app.query(AnsweredQuestion)
        assert not first.children and not second.children
        assert str(first.render()).splitlines() == [
            "Q1. How old was the offender at the time of the offence?",
            "§ O32g 3.4.2",
        ]
        (current,) = app.query(QuestionMessage)
        assert current.has_class("current") and current.node.id == "status"
        assert current.query(CitationFold) and current.query(OptionList)
        # In transcript order: each answered question, then its reply, then the next question.
        kinds = [type(child).__name__ for child in app.main.transcript.children][1:]
        assert kinds == [
            "AnsweredQuestion",
            "ReplyMessage",
            "AnsweredQuestion",
            "ReplyMessage",
            "QuestionMessage",
        ]


async def test_selecting_an_answered_questions_paragraph_id_shows_the_paragraph(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "3")
        answered = app.query_one(AnsweredQuestion)
        app.main.transcript.scroll_to_widget(answered, animate=False, top=True)
        await pilot.pause()
        await pilot.click(offset=link_offset(app, answered, "O32g 3.4.2"))
        await pilot.pause()
        replies = app.query(MarkdownReply)
        assert [reply.title_text for reply in replies] == ["§ O32g 3.4.2"]
        # And the answer can still be changed from its reply.
        reply = next(r for r in app.query(ReplyMessage) if r.question_id == "age")
        app.main.transcript.scroll_to_widget(reply, animate=False, top=True)
        await pilot.pause()
        await pilot.click(reply)
        await pilot.pause()
        assert app.session is not None and app.session.current.id == "age"
        assert not app.query(AnsweredQuestion)


async def test_the_trainer_view_names_the_node_of_answered_and_current_questions(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "3")
        answered = app.query_one(AnsweredQuestion)
        current = app.query_one(".question.current", QuestionMessage)
        assert "node:" not in str(answered.render())
        assert "node:" not in str(current.query_one(".question-text").render())
        await press(pilot, "f3")
        assert "node: age; path: age" in str(answered.render())
        heading = str(current.query_one(".question-text").render())
        assert "node: evidence; path: age → evidence" in heading
        await press(pilot, "1")  # a question asked with the view on shows it from the start
        latest = app.query_one(".question.current", QuestionMessage)
        assert "node: status" in str(latest.query_one(".question-text").render())
        await press(pilot, "f3")
        assert all("node:" not in str(widget.render()) for widget in app.query(AnsweredQuestion))


async def test_a_citation_opens_and_closes_in_place_by_click_or_key(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        fold = app.query_one(CitationFold)
        assert str(fold.render()).startswith("▶ § O32g 3.4.2: ")
        await pilot.click(fold)
        await pilot.pause()
        assert str(fold.render()).startswith("▼ § O32g 3.4.2: ")
        body = app.query_one(".citation-body")
        assert body.display and "3.4.2" in body.source  # type: ignore[attr-defined]
        fold.focus()
        await press(pilot, "enter")
        assert fold.collapsed and not body.display
        await press(pilot, "space")
        assert not fold.collapsed and body.display
        assert len(app.query(".citation-body")) == 1  # rendered once, then shown or hidden


async def test_a_short_transcript_starts_at_the_top_and_a_long_one_follows_the_question(
    make_app: Callable[..., AssistantApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        top = app.main.transcript.content_region.y
        intro = app.main.transcript.children[0]
        assert intro.region.y <= top + 1  # no blank band above the first lines
        await press(pilot, "3", "1", "3", "8", "2", "1")
        current = app.query_one(".question.current", QuestionMessage)
        bottom = app.main.transcript.region.bottom
        assert current.region.y >= top and current.region.bottom <= bottom


async def test_opening_a_citation_keeps_it_in_view(make_app: Callable[..., AssistantApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "3", "1")
        fold = app.query_one(".question.current CitationFold", CitationFold)
        before = fold.region.y
        await pilot.click(fold)
        await pilot.pause()
        assert not fold.collapsed
        assert fold.region.y == before  # the paragraph opens below it; nothing jumps away
