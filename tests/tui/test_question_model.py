"""One question model (issue 14 item 9): ``cr-assistant ask`` and the TUI show every question of
both bundled trees alike, as walked for real: the same heading and number, the same cited
paragraphs with the same gist, the same help and the same numbered answers, with the earlier
answer marked in the same words after going back."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from textual.widgets import Static

from assistant.catalogue import Catalogue
from assistant.commands.ask import PlainChat
from assistant.engine import Session
from assistant.question_view import EARLIER_ANSWER, build_question
from assistant.tui.app import AssistantApp
from assistant.tui.widgets.marked import MARK
from assistant.tui.widgets.messages import CitationFold, QuestionMessage
from tests.tui.keys import paths_to_every_answer_list


@dataclass(frozen=True)
class Shown:
    """A question as one front end showed it, whitespace and line wrapping aside."""

    heading: str
    # The cited paragraphs and the help, in reading order, in the words shown.
    citations: tuple[tuple[str, str], ...]
    help: str
    answers: tuple[str, ...]


def _flat(text: str) -> str:
    """Wrapped lines joined again (a word broken after its hyphen joined whole)."""
    return " ".join(re.sub(r"(?<=\w-)\n\s*", "", text).split())


def ask_shows(session: Session, catalogue: Catalogue) -> str:
    out = io.StringIO()
    PlainChat(session, catalogue, out).show_question()
    return out.getvalue()


def read_ask(text: str, citations: tuple[tuple[str, str], ...], help_text: str) -> Shown:
    """What ``ask`` printed, read back: the heading at the margin, the paragraphs and help
    indented beneath it, then the numbered answers. The indented block is read as the
    paragraphs given (``[id] gist``) and then the help; anything else there is left over and
    fails the comparison."""
    heading: list[str] = []
    block: list[str] = []
    answers: list[list[str]] = []
    for line in text.strip("\n").splitlines():
        if re.match(r"^  \d+\. ", line):
            answers.append([line])
        elif answers:
            answers[-1].append(line)
        elif line.startswith("    "):
            block.append(line)
        else:
            heading.append(line)
    indented = _flat("\n".join(block))
    # The block as the paragraphs and help would be printed, if they were the same.
    parts = [f"[{citation}] {gist}" for citation, gist in citations]
    parts += [help_text] if help_text else []
    expected = " ".join(parts)
    if indented == expected:
        found_citations, found_help = citations, help_text
    else:  # not the same: what was printed, to show in the failure
        found_citations, found_help = (("?", indented),), ""
    return Shown(
        _flat("\n".join(heading)),
        found_citations,
        found_help,
        tuple(_flat("\n".join(lines)) for lines in answers),
    )


def read_tui(question: QuestionMessage) -> Shown:
    """What the TUI composed for the question: its heading, folds, help and answer options."""
    heading = str(question.query_one(".question-text", Static).render())
    citations = []
    for fold in question.query(CitationFold):
        title = str(fold.render())
        assert title.startswith("▶ § "), title
        citation, _, gist = title.removeprefix("▶ § ").partition(": ")
        citations.append((citation, gist))
    helps = [str(widget.render()) for widget in question.query(".help").results(Static)]
    options = question.options()
    assert options is not None
    answers = tuple(
        _flat(str(options.get_option_at_index(index).prompt).removeprefix(MARK).lstrip())
        for index in range(options.option_count)
    )
    return Shown(_flat(heading), tuple(citations), _flat(" ".join(helps)), answers)


def check_alike(session: Session, catalogue: Catalogue, question: QuestionMessage) -> list[str]:
    """How ``ask`` and the TUI differ on the current question, and how either departs from the
    tree and the walk; empty when they agree."""
    node = session.current
    tui = read_tui(question)
    ask = read_ask(ask_shows(session, catalogue), tui.citations, tui.help)
    where = f"{session.tree.meta.id} {node.id}"
    problems = [f"{where}: ask {ask} but the TUI {tui}"] if ask != tui else []
    # Both against the walk itself, so that both leaving something out is found too.
    number = sum(1 for step in session.steps if step.node.kind == "question") + 1
    heading = f"Q{number}. {node.text}" if node.kind == "question" else node.text
    default = session.default()
    answers = tuple(
        f"{position}. {answer.label}" + (f" — {EARLIER_ANSWER}" if default == position - 1 else "")
        for position, answer in enumerate(session.offered(), start=1)
    )
    truth = (_flat(heading), _flat(node.help), answers, tuple(node.cite))
    shown = (tui.heading, tui.help, tui.answers, tuple(c for c, _ in tui.citations))
    if shown != truth:
        problems.append(f"{where}: shown {shown}, walked {truth}")
    if any(not gist for _, gist in tui.citations):
        problems.append(f"{where}: a cited paragraph without its gist: {tui.citations}")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("tree_id", sorted(Catalogue().tree_files))
async def test_ask_and_the_tui_show_every_question_alike(
    make_app: Callable[..., AssistantApp], catalogue: Catalogue, tree_id: str
) -> None:
    app = make_app(tree_id)
    problems: list[str] = []
    reached: set[str] = set()
    marked = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        session = app.session
        assert session is not None
        paths = list(paths_to_every_answer_list(session.tree).values())
        for path in paths:
            session.restart()
            await app.main.transcript.remove_children()
            for label in path[:-1]:
                session.answer(label)
            if path:
                await app.main.answer(path[-1])  # shown as the app shows it after an answer
            else:
                await app.main.restart()
            await pilot.pause()
            question = app.main.current_question()
            assert question is not None
            problems += check_alike(session, catalogue, question)
            reached.add(session.current.id)
            if session.current.kind != "question":
                continue
            # Back to it after answering it: the earlier answer is marked (the last one, so
            # it is not the first by chance).
            await app.main.answer(session.offered()[-1].label)
            await app.main.back()
            await pilot.pause()
            question = app.main.current_question()
            assert question is not None and session.default() is not None
            problems += check_alike(session, catalogue, question)
            marked += 1
    # Every question and information step was shown, and some after going back.
    assert reached == {node.id for node in session.tree.nodes.values() if node.kind != "outcome"}
    assert marked > 0
    assert problems == []


def test_in_training_ask_holds_back_the_paragraphs_and_help(catalogue: Catalogue) -> None:
    """The model holds them back, so no front end can show them before the answer."""
    for tree_id in sorted(catalogue.tree_files):
        tree = catalogue.tree(tree_id)
        for path in paths_to_every_answer_list(tree).values():
            session = Session(tree)
            for label in path:
                session.answer(label)
            node = session.current
            model = build_question(session, catalogue.corpus, 1, training=True)
            assert model.citations == () and model.help == "" and model.held_back
            out = io.StringIO()
            PlainChat(session, catalogue, out, training=True).show_question()
            shown = _flat(out.getvalue())
            assert not any(f"[{citation}]" in shown for citation in node.cite), shown
            assert not node.help or _flat(node.help) not in shown, shown
