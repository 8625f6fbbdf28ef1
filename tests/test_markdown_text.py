"""Words from the tree or the guidance in a Markdown reply or export are shown as written: a
reason with ``*``, ``_`` or ``[link](x)`` never turns into emphasis or a link."""

from __future__ import annotations

import html

import pytest
from markdown_it import MarkdownIt

from assistant.direct_answers import AnswerItem, Quote, TreeAnswer, direct_markdown
from assistant.presentation import Line, ResultModel, Section
from assistant.report import markdown_lines

TRICKY = "Ask the *duty* Sergeant_on_call, see [link](x) and `code`."


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def shown_literally(markdown: str) -> None:
    page = rendered(markdown)
    assert not any(tag in page for tag in ("<em>", "<a ", "<code>")), page
    assert TRICKY in html.unescape(page), page


@pytest.mark.parametrize(
    "answer",
    [
        TreeAnswer("Who must authorise it, from the tree", (AnswerItem(TRICKY, (), ()),), ()),
        TreeAnswer("Heading", (AnswerItem("Sergeant", ("O32g 2.1.1",), (TRICKY,)),), ()),
        TreeAnswer("Heading", (), (Quote("O32g 2.1.1", TRICKY),)),
    ],
)
def test_the_chats_tree_answer_shows_the_trees_words_literally(answer: TreeAnswer) -> None:
    shown_literally("\n".join(direct_markdown(answer)))


@pytest.mark.parametrize("kind", ["plain", "todo", "item", "headline", "answer"])
def test_the_exported_rationale_shows_the_trees_words_literally(kind: str) -> None:
    model = ResultModel("Title", "cr", (Section("s", "Heading", (Line(TRICKY, kind=kind),)),))
    shown_literally("\n".join(markdown_lines(model)))
