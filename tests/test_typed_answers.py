"""A typed reply is matched as a whole, the same way in `ask` and the TUI, and is never guessed;
a refused answer from a pipe ends `ask` instead of shifting every later answer."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.engine import AmbiguousAnswer, Answer, UnknownAnswer, UnknownNumber
from assistant.engine.session import leading_number, match_answer, number_key_answers

AGE = ("Under 10", "10 to 17 (a juvenile)", "18 or over (an adult)")
GRAVITY = ("1 (Community Resolution)", "2", "3", "4 (charge)")


def offered(*labels: str) -> tuple[Answer, ...]:
    return tuple(Answer(label, "end") for label in labels)


def chosen(labels: tuple[str, ...], reply: str) -> str:
    return match_answer(offered(*labels), reply).label


@pytest.mark.parametrize(
    ("reply", "label"),
    [
        ("18 or over", "18 or over (an adult)"),
        ("18 or", "18 or over (an adult)"),
        ("  18   OR over ", "18 or over (an adult)"),
        ("18", "18 or over (an adult)"),
        ("10", "10 to 17 (a juvenile)"),
        ("1", "Under 10"),  # a whole 1 is the first answer
        ("under", "Under 10"),
    ],
)
def test_a_reply_at_the_age_question_means_what_it_says(reply: str, label: str) -> None:
    assert chosen(AGE, reply) == label


def test_an_age_that_is_no_answer_is_refused_with_the_answers_named() -> None:
    with pytest.raises(UnknownNumber) as refused:
        match_answer(offered(*AGE), "16")
    message = str(refused.value)
    assert "'16'" in message
    assert all(label in message for label in AGE)


@pytest.mark.parametrize(
    ("reply", "label"),
    [("1", "1 (Community Resolution)"), ("2", "2"), ("3", "3"), ("4", "4 (charge)")],
)
def test_a_gravity_score_typed_is_the_answer_labelled_with_it(reply: str, label: str) -> None:
    assert chosen(GRAVITY, reply) == label
    # Wherever the label stands: the number is the label, not the position.
    assert chosen(("Not scored yet", *GRAVITY), reply) == label


def test_a_number_two_labels_begin_with_is_refused() -> None:
    with pytest.raises(AmbiguousAnswer) as refused:
        match_answer(offered("10 to 17", "10 or more", "Unknown"), "10")
    assert refused.value.candidates == ("10 to 17", "10 or more")


def test_the_start_of_several_answers_is_refused_naming_them() -> None:
    labels = ("A sexual offence", "A traffic offence", "Domestic abuse")
    with pytest.raises(AmbiguousAnswer) as refused:
        match_answer(offered(*labels), "a")
    assert refused.value.candidates == labels[:2]
    assert "A sexual offence; A traffic offence" in str(refused.value)


def test_words_that_fit_no_answer_are_refused_naming_every_answer() -> None:
    with pytest.raises(UnknownAnswer) as refused:
        match_answer(offered("Yes", "No, not yet"), "perhaps")
    assert "1. Yes; 2. No, not yet" in str(refused.value)


def test_a_close_spelling_is_taken_only_when_it_fits_one_answer() -> None:
    assert chosen(("Yes", "No"), "yess") == "Yes"
    with pytest.raises(UnknownAnswer):
        match_answer(offered("Sibling", "Siblings"), "silbing")


@pytest.mark.parametrize(
    ("label", "number"),
    [("18 or over", 18), ("4 (charge)", 4), ("2", 2), ("3rd party", None), ("Under 10", None)],
)
def test_the_number_a_label_begins_with(label: str, number: int | None) -> None:
    assert leading_number(label) == number


def test_a_digit_key_answers_only_when_it_cannot_begin_a_longer_reply() -> None:
    assert number_key_answers(offered("Yes", "No", "Not known"))
    assert not number_key_answers(offered(*AGE))  # "1" may be the start of "18"
    assert not number_key_answers(offered(*GRAVITY))
    assert not number_key_answers(offered("3rd party", "Nobody"))  # "3" could begin "3rd"
    assert not number_key_answers(offered(*(f"Answer {letter}" for letter in "ABCDEFGHIJ")))


# -- ask: a refused answer from a pipe ends the run ------------------------------------------------

TREE = """
[tree]
id = "typed"
title = "Typed answers"
force = "Test"
guidance = ["O32g"]
primary_document = "O32g"
start = "age"
contact = "sergeant"

[roles.sergeant]
name = "Sergeant"
rank = 40
description = "A sergeant."

[disposals.cr]
label = "Community Resolution"
cr = true
route = "CR."

[disposals.no]
label = "Not a Community Resolution"
cr = false
route = "Consider the other outcomes."

[nodes.age]
kind = "question"
text = "How old was the offender?"
cite = ["O32g 3.4.2"]

[[nodes.age.answers]]
label = "Under 10"
next = "young"

[[nodes.age.answers]]
label = "10 to 17 (a juvenile)"
next = "gravity"

[[nodes.age.answers]]
label = "18 or over (an adult)"
next = "gravity"

[nodes.gravity]
kind = "question"
text = "What score does the gravity matrix give?"
cite = ["O32g 2.1.4"]

[[nodes.gravity.answers]]
label = "1 (Community Resolution)"
next = "cr"

[[nodes.gravity.answers]]
label = "2"
next = "no"

[[nodes.gravity.answers]]
label = "3"
next = "no"

[[nodes.gravity.answers]]
label = "4 (charge)"
next = "no"

[nodes.young]
kind = "outcome"
text = "Too young."
cite = ["O32g 3.4.2"]
disposal = "no"
title = "Below the age of criminal responsibility"

[nodes.cr]
kind = "outcome"
text = "A CR may be used."
cite = ["O32g 2.1.4"]
disposal = "cr"
title = "A CR may be used"

[nodes.no]
kind = "outcome"
text = "Not a CR."
cite = ["O32g 2.1.4"]
disposal = "no"
title = "Score too high for a CR"
"""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def typed_tree(tmp_path: Path) -> list[str]:
    """The options that add a small tree with the age and gravity questions."""
    (tmp_path / "force" / "trees").mkdir(parents=True)
    (tmp_path / "force" / "trees" / "typed.toml").write_text(TREE, encoding="utf-8")
    return ["--trees", str(tmp_path / "force"), "ask", "--tree", "typed", "--no-resume"]


def test_a_gravity_score_typed_in_ask_is_that_score(
    typed_tree: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("18 or over\n3\n"))
    assert main(typed_tree) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "-> 3 " in out and "Score too high for a CR" in out


@pytest.mark.parametrize("refused", ["16", "zz"])
def test_a_refused_answer_in_a_pipe_ends_ask_with_one_line_and_no_result(
    typed_tree: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    refused: str,
) -> None:
    # Were the next line read as the retry, "1" would answer the age and "1" the gravity: a CR.
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{refused}\n1\n1\n"))
    assert main(typed_tree) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1
    assert 'question age ("How old was the offender?")' in captured.err
    assert f"'{refused}'" in captured.err
    assert "A CR may be used" not in captured.out and "Based on your answers" not in captured.out


def test_a_refused_replayed_answer_ends_ask_too(
    typed_tree: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*typed_tree, "--answers", "18,5,1"]) == 2
    captured = capsys.readouterr()
    assert "question gravity" in captured.err and "'5'" in captured.err
    assert "Based on your answers" not in captured.out


def test_at_a_terminal_a_refused_answer_is_asked_again(
    typed_tree: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal("16\n18\n1\n"))
    assert main(typed_tree) == 0
    out = capsys.readouterr().out
    assert "'16' is not an answer number" in out
    assert "A CR may be used" in out
