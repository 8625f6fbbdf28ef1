"""Walking a tree one answer at a time: back, restart, change and replay, typed answers."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.corpus import Corpus
from assistant.engine import AnswerError, Session, Tree
from assistant.engine.session import SessionFinished
from assistant.report import result_lines

ADULT_THEFT = [
    "18 or over",
    "Yes",
    "None of these",
    "Another offence",
    "Yes",  # an identifiable victim
    "None of these",  # no family, household or partner relationship
    "No",  # not a hate crime
    "No weapon",
    "No",  # not one for court
    "1",
    "Yes",  # capable of understanding
    "Yes",  # accepts responsibility
    "Yes",  # consents
    "Yes: the victim",
    "Yes",
    "No",  # no previous sanction
    "A police officer trained",
    "There and then",
]


def walk(tree: Tree, answers: list[str], **kwargs: object) -> Session:
    session = Session(tree, **kwargs)  # type: ignore[arg-type]
    for answer in answers:
        session.answer(answer)
    return session


def test_simple_adult_theft_is_a_cr_without_authorisation(o32g: Tree) -> None:
    rec = walk(o32g, ADULT_THEFT).recommendation()
    assert rec.is_cr and rec.disposal_label == "Community Resolution"
    assert rec.authorisations == ()
    assert [step.question_id for step in rec.path][:3] == ["age", "evidence", "status"]


def test_answers_by_number_and_by_start_of_label(o32g: Tree) -> None:
    session = Session(o32g)
    session.answer(3)
    assert session.facts == {"juvenile": False}
    session.answer("y")
    assert session.current.id == "status"


def test_ambiguous_or_unknown_reply_is_refused_with_a_hint(o32g: Tree) -> None:
    session = walk(o32g, ["18", "Yes", "None"])
    with pytest.raises(AnswerError, match="could be any of"):
        session.answer("A")
    with pytest.raises(AnswerError, match="choose a number from 1 to 5"):
        session.answer(6)
    assert session.current.id == "offence"


def test_guarded_answers_follow_the_facts(o32g: Tree) -> None:
    to_the_weapon = ["Yes", "None", "Another", "Yes", "None of these", "No", "A knife"]
    adult = walk(o32g, ["18", *to_the_weapon])
    juvenile = walk(o32g, ["10 to 17", *to_the_weapon])
    assert adult.current.id == "knife"
    assert juvenile.finished and not juvenile.recommendation().is_cr


def test_back_and_restart(o32g: Tree) -> None:
    session = walk(o32g, ["18", "Yes"])
    session.back()
    assert session.current.id == "evidence"
    assert session.default() == 0  # the earlier answer is offered again as the default
    session.restart()
    assert session.current.id == "age" and session.remembered == {}


def test_change_keeps_later_answers_that_still_apply_and_reports_the_rest(o32g: Tree) -> None:
    session = walk(o32g, ADULT_THEFT)
    session.change("offence")
    session.answer("Possession of a controlled drug")
    session.answer("Class B or C")
    session.answer("Neither")
    dropped = session.replay()
    # Drug possession has no identifiable victim: the victim questions are not asked about it,
    # while the hate and weapon answers still apply and are kept.
    assert set(dropped) == {"victim_exists", "relationship", "victim", "victim_voice"}
    assert {"hate", "weapon"} <= set(session.remembered)
    assert session.finished
    rec = session.recommendation()
    assert [a.role.name for a in rec.authorisations] == ["Sergeant"]
    assert "O32g 4.2.2" in rec.authorisations[0].cite


def test_answer_after_the_outcome_is_refused(o32g: Tree) -> None:
    session = walk(o32g, ["Under 10"])
    with pytest.raises(SessionFinished):
        session.answer(1)


def test_completion_date_is_sixteen_weeks_from_the_offence(o32g: Tree) -> None:
    deferred = [*ADULT_THEFT[:-1], "Deferred"]
    rec = walk(o32g, deferred, offence_date=dt.date(2026, 11, 1)).recommendation()
    assert rec.completion_date == dt.date(2027, 2, 21)
    assert rec.completion_cite == ("O32g 4.4.4",)
    assert walk(o32g, deferred).recommendation().completion_date is None


def test_an_instant_outcome_has_no_completion_date(o32g: Tree) -> None:
    rec = walk(o32g, ADULT_THEFT, offence_date=dt.date(2026, 11, 1)).recommendation()
    assert rec.is_cr and rec.completion_date is None and not rec.completion_applies


def test_a_passed_completion_date_changes_the_headline(o32g: Tree, corpus: Corpus) -> None:
    deferred = [*ADULT_THEFT[:-1], "Deferred"]
    late = walk(o32g, deferred, offence_date=dt.date(2026, 1, 5), today=dt.date(2026, 6, 1))
    rec = late.recommendation()
    assert rec.completion_date == dt.date(2026, 4, 27) and rec.completion_passed
    # The headline no longer says plainly that a CR may be used: only with an instant outcome.
    assert rec.headline != rec.title
    assert "instant outcome" in rec.headline and "27 April 2026" in rec.headline
    lines = result_lines(rec, o32g, corpus)
    assert lines[1] == f"  WARNING: {rec.disposal_label}: {rec.headline}  [O32g 4.4.4]"
    text = "\n".join(lines)
    assert "16-week limit for completing a deferred outcome passed on 27 April 2026" in text
    assert "no longer possible" in text and "must be completed by" not in text
    on_time = walk(o32g, deferred, offence_date=dt.date(2026, 1, 5), today=dt.date(2026, 4, 27))
    assert not on_time.recommendation().completion_passed
    assert on_time.recommendation().headline == rec.title
