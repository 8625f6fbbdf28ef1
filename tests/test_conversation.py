"""The shared conversation: one command grammar, one set of training rules, one resume policy,
for ``cr-assistant ask`` and the TUI alike. No Textual is imported here (a test checks it)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import conversation as c
from assistant.catalogue import Catalogue
from assistant.commands.ask import PlainChat
from assistant.engine import Session, Tree
from assistant.engine.session import AmbiguousAnswer, UnknownAnswer, UnknownNumber
from assistant.errors import InputError
from assistant.recovery import AtStart, CaseKeeper, SessionStore, at_start

ADULT = "18 or over (an adult)"


def read(tree: Tree, line: str, training: bool = False) -> c.Command:
    return c.Conversation(Session(tree), training=training).read(line)


def test_the_controller_imports_no_user_interface() -> None:
    code = (
        "import sys, assistant.conversation, assistant.recovery, assistant.commands.ask; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("back", c.Back()),
        ("B", c.Back()),
        ("restart", c.Restart()),
        ("export", c.Export()),
        ("help", c.Help()),
        ("q", c.Quit()),
        ("quit", c.Quit()),
        ("cite 2.3.2", c.Cite("2.3.2")),
        ("search knife juvenile", c.Search("knife juvenile")),
        ("date 2026-01-01", c.SetDate("2026-01-01")),
        ("/what RUI", c.AskGuidance("what is RUI")),
        ("/search can a PCSO give a CR", c.AskGuidance("can a PCSO give a CR")),
        ("", c.Blank()),
    ],
)
def test_each_command_is_read_as_its_type(o32g: Tree, line: str, command: c.Command) -> None:
    assert read(o32g, line) == command


def test_why_names_the_current_questions_paragraphs(o32g: Tree) -> None:
    assert read(o32g, "?") == c.Why(tuple(o32g.start.cite)) and o32g.start.cite


def test_an_answer_is_matched_by_number_or_its_start(o32g: Tree) -> None:
    adult = next(answer for answer in o32g.start.answers if answer.label == ADULT)
    assert read(o32g, "3") == c.Choose(adult, "3")
    assert read(o32g, "18 or") == c.Choose(adult, "18 or")


def session_at(tree: Tree, node_id: str) -> Session:
    """A walk that has reached the question ``node_id`` (the first path found to it)."""

    def walk(session: Session) -> Session | None:
        if session.current.id == node_id:
            return session
        if session.finished or len(session.steps) > 20:
            return None
        for answer in session.offered():
            trial = Session(tree)
            for step in session.steps:
                trial.answer(step.answer)
            trial.answer(answer)
            found = walk(trial)
            if found is not None:
                return found
        return None

    found = walk(Session(tree))
    assert found is not None, node_id
    return found


def test_engine_errors_arrive_typed_not_as_message_text(o32g: Tree) -> None:
    vague = c.Conversation(session_at(o32g, "offence")).read("a")
    assert isinstance(vague, c.NotAnAnswer) and isinstance(vague.error, AmbiguousAnswer)
    number = read(o32g, "7")
    assert isinstance(number, c.NotAnAnswer) and isinstance(number.error, UnknownNumber)
    words = read(o32g, "can a PCSO give a CR")
    assert isinstance(words, c.AskGuidance)
    assert isinstance(words.not_an_answer, UnknownAnswer)


def test_a_word_that_starts_a_command_but_carries_more_is_an_answer_or_question(
    o32g: Tree,
) -> None:
    # "back" with words after it is no command: it is read as an answer, then as a question.
    assert isinstance(read(o32g, "back in time"), c.AskGuidance)
    assert isinstance(read(o32g, "cite"), c.AskGuidance)


def test_training_refuses_what_would_give_the_answer_away(o32g: Tree) -> None:
    for line, reason in [
        ("why", c.TRAINING_WHY),
        ("cite 2.3.2", c.TRAINING_CITE),
        ("search knife", c.TRAINING_SEARCH),
        ("/what RUI", c.TRAINING_SEARCH),
    ]:
        command = read(o32g, line, training=True)
        assert isinstance(command, c.Refused) and command.reason == reason, line
    # Words that fit no answer are an answer refused, never a search of the guidance.
    words = read(o32g, "can a PCSO give a CR", training=True)
    assert isinstance(words, c.NotAnAnswer) and isinstance(words.error, UnknownAnswer)
    # The walk itself goes on as usual.
    assert read(o32g, "back", training=True) == c.Back()
    assert isinstance(read(o32g, "3", training=True), c.Choose)


def test_after_the_result_anything_typed_is_a_question_for_the_guidance(o32g: Tree) -> None:
    session = Session(o32g)
    session.answer("Under 10")
    assert session.finished
    command = c.Conversation(session).read("who authorises a knife offence")
    assert command == c.AskGuidance("who authorises a knife offence")


def test_questions_are_numbered_by_questions_answered(o32g: Tree) -> None:
    session = Session(o32g)
    conversation = c.Conversation(session)
    assert conversation.question_number == 1
    session.answer(ADULT)
    assert conversation.question_number == 2


def test_the_offence_date_is_checked_and_set(o32g: Tree) -> None:
    session = Session(o32g)
    conversation = c.Conversation(session)
    today = dt.date(2026, 11, 23)
    assert conversation.set_date("2026-01-01", today) == dt.date(2026, 1, 1)
    assert session.offence_date == dt.date(2026, 1, 1)
    with pytest.raises(InputError, match="after today"):
        conversation.set_date("2026-12-01", today)
    assert session.offence_date == dt.date(2026, 1, 1)


# -- ask takes the TUI's commands -----------------------------------------------------------------
def chat(
    catalogue: Catalogue, o32g: Tree, *lines: str, training: bool = False
) -> tuple[str, Session]:
    out = io.StringIO()
    session = Session(o32g)
    plain = PlainChat(session, catalogue, out=out, training=training)
    for line in lines:
        assert plain.step(line)
    return out.getvalue(), session


def test_ask_cites_a_paragraph(catalogue: Catalogue, o32g: Tree) -> None:
    text, session = chat(catalogue, o32g, "cite 2.3.2")
    assert "O32g 2.3.2" in text and "knife crime is prosecution" in " ".join(text.split())
    assert session.steps == []
    text, _ = chat(catalogue, o32g, "cite 99.9")
    assert "unknown citation" in text


def test_ask_sets_the_offence_date(catalogue: Catalogue, o32g: Tree) -> None:
    text, session = chat(catalogue, o32g, "date 2026-01-01")
    assert "Offence date: 01 January 2026." in text
    assert session.offence_date == dt.date(2026, 1, 1)
    text, session = chat(catalogue, o32g, "date 2026-13-01")
    assert "is not a date" in text and session.offence_date is None


def test_ask_restarts(catalogue: Catalogue, o32g: Tree) -> None:
    text, session = chat(catalogue, o32g, ADULT, "restart")
    assert session.steps == [] and session.remembered == {}
    assert "Started again: every answer was cleared." in text


def test_ask_searches_and_helps(catalogue: Catalogue, o32g: Tree) -> None:
    text, _ = chat(catalogue, o32g, "search knife juvenile", "help")
    assert "Best-matching paragraphs ('knife juvenile')" in text and "O32g 2.3.3" in text
    assert "**" not in text  # the TUI's bold marks are not plain text
    assert "cite 2.3.2" in text and "date YYYY-MM-DD" in text


def test_ask_answers_a_typed_question_from_a_terminal(catalogue: Catalogue, o32g: Tree) -> None:
    out = io.StringIO()
    session = Session(o32g)
    assert PlainChat(session, catalogue, out=out).step("can a PCSO give a CR", strict=False)
    assert "Not an answer to this question." in out.getvalue()
    # The reply's own heading is not said twice ("... In the guidance:" then "In the guidance:").
    assert out.getvalue().count("In the guidance:") <= 1
    assert "O32g 3.2.2" in out.getvalue() and session.steps == []


def test_ask_in_training_refuses_cite_and_why(catalogue: Catalogue, o32g: Tree) -> None:
    text, _ = chat(catalogue, o32g, "cite 2.3.2", "why", training=True)
    assert c.TRAINING_CITE in text and c.TRAINING_WHY in text
    assert "knife crime is prosecution" not in " ".join(text.split())


# -- one resume policy --------------------------------------------------------------------------
def test_the_resume_policy(tmp_path: Path, o32g: Tree) -> None:
    assert at_start(None, resume=True) is AtStart.NEW
    keeper = CaseKeeper(SessionStore(tmp_path))
    session = Session(o32g)
    session.answer(ADULT)
    keeper.save(session)
    saved = CaseKeeper(SessionStore(tmp_path)).look(o32g.id)
    assert saved is not None and saved.question_count == 1
    assert at_start(saved) is AtStart.OFFER
    assert at_start(saved, interactive=False) is AtStart.LEAVE
    assert at_start(saved, resume=True, interactive=False) is AtStart.RESUME


def test_nothing_is_saved_while_a_saved_case_is_offered(tmp_path: Path, o32g: Tree) -> None:
    keeper = CaseKeeper(SessionStore(tmp_path))
    session = Session(o32g)
    session.answer(ADULT)
    keeper.offering = True
    keeper.save(session)
    assert keeper.saved_ok is None and not list((tmp_path).glob("*.json"))
    keeper.offering = False
    keeper.save(session)
    assert keeper.saved_ok is True and len(list(tmp_path.glob("*.json"))) == 1


def test_a_restored_case_says_when_its_tree_changed(tmp_path: Path, o32g: Tree) -> None:
    keeper = CaseKeeper(SessionStore(tmp_path))
    session = Session(o32g)
    session.answer(ADULT)
    keeper.save(session)
    other = CaseKeeper(SessionStore(tmp_path))
    saved = other.look(o32g.id)
    assert saved is not None
    restored = other.restore(saved, o32g)
    assert restored.changed_from is None and restored.session.steps[0].answer.label == ADULT
    other.discard(saved)
    assert CaseKeeper(SessionStore(tmp_path)).look(o32g.id) is None
