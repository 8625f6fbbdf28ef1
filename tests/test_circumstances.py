"""Issue 14: rules that no category choice, wording or missing fact can escape, over every path.

Written from the SOP (seed 001) and shared/policy-notes.md (notes 9 and 10), not from the tree:
each check looks at the answers an officer gave and at what the assistant then says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

import pytest

from assistant.corpus import Corpus
from assistant.engine import Tree
from assistant.engine.model import Answer, FactValue
from assistant.engine.recommendation import Recommendation
from assistant.engine.session import Step, build_recommendation
from assistant.engine.walk import WalkedPath
from tests.test_o32g_paths import juvenile, said

ANOTHER_OFFENCE = "Another offence"


def obligations(path: WalkedPath) -> list[str]:
    return [duty.text for duty in path.recommendation.obligations]


def no_identifiable_victim(path: WalkedPath) -> bool:
    return said(path, "victim_exists", "No") or said(path, "offence", "Possession")


# -- item 2: a category choice never removes a rule -------------------------------------------


def _walks(
    tree: Tree, remembered: Mapping[str, str], offence: str
) -> Iterator[tuple[Recommendation, tuple[tuple[str, str], ...], dict[str, FactValue]]]:
    """Walk with the remembered answers, ``offence`` at the offence question; where the path
    asks a question the remembered answers do not cover, every answer is tried."""
    stack: list[tuple[str, list[Step], dict[str, FactValue]]] = [(tree.meta.start, [], {})]
    while stack:
        node_id, steps, facts = stack.pop()
        node = tree.nodes[node_id]
        if node.kind == "outcome":
            asked = tuple((s.node.id, s.answer.label) for s in steps)
            yield build_recommendation(tree, steps, node, None), asked, facts
            continue
        offered = node.offered(facts)
        wanted = offence if node.id == "offence" else remembered.get(node.id)
        chosen: tuple[Answer, ...] = tuple(a for a in offered if a.label == wanted)
        for answer in chosen or offered:
            stack.append(
                (answer.next, [*steps, Step(node, answer)], {**facts, **dict(answer.sets)})
            )


def _settled(answers: tuple[Answer, ...], label: str, facts: Mapping[str, FactValue]) -> bool:
    """A question may be left out when the category already settles what its answer would
    (drug possession: no identifiable victim)."""
    sets = [dict(a.sets) for a in answers if a.label == label]
    return any(s and all(facts.get(k) == v for k, v in s.items()) for s in sets)


@pytest.mark.slow
def test_another_offence_category_never_removes_an_authoriser_or_a_stop(
    o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    """Changing only the offence category, with the same circumstances (the same answers and
    the same facts, such as the offender's age and whether there is a victim), never removes
    an authoriser that 'another offence' needs and never turns its 'not a CR' into a CR:
    circumstances carry their own rules whatever the category (policy notes 10)."""
    offence_node = o32g.nodes["offence"]
    another = next(a.label for a in offence_node.answers if a.label.startswith(ANOTHER_OFFENCE))
    others = [a.label for a in offence_node.answers if a.label != another]
    compared = 0
    for base in o32g_paths:
        if dict(base.answers).get("offence") != another:
            continue
        remembered = dict(base.answers)
        base_facts = dict(base.recommendation.facts)
        base_roles = {item.role.id for item in base.recommendation.authorisations}
        for category in others:
            for rec, asked, facts in _walks(o32g, remembered, category):
                if any(facts[name] != value for name, value in base_facts.items() if name in facts):
                    continue  # not the same circumstances (drug possession has no victim)
                compared += 1
                where = f"{category!r} instead of {another!r} on {base.key}"
                if not base.recommendation.is_cr:
                    assert not rec.is_cr, f"a CR for {where}"
                if rec.is_cr:
                    roles = {item.role.id for item in rec.authorisations}
                    assert base_roles <= roles, f"{base_roles - roles} lost for {where}"
                    skipped = [
                        question
                        for question in set(remembered) - {q for q, _ in asked}
                        if not _settled(o32g.nodes[question].answers, remembered[question], facts)
                    ]
                    assert not skipped, f"{sorted(skipped)} not asked for {where}"
    assert compared > 1000


# The questions an offence category brings with it: their rules are the offence's own
# (policy notes 10: indictable-only, sexual, traffic, drugs), and "another offence" has none of
# them. Every other rule comes from a circumstance and must survive the category change.
CATEGORY_QUESTIONS = frozenset({"offence", "sexual", "traffic", "drug", "drug_escalation"})


def _as_another_offence(
    tree: Tree, base: WalkedPath, another: str
) -> Iterator[tuple[Recommendation, tuple[str, ...]]]:
    """The base path's answers with ``another`` at the offence question. A question the base
    did not ask (the victim's, after drug possession) takes only the answers that keep the
    base's facts, so the circumstances stay the same."""
    remembered = dict(base.answers)
    base_facts = dict(base.recommendation.facts)
    stack: list[tuple[str, list[Step], dict[str, FactValue]]] = [(tree.meta.start, [], {})]
    while stack:
        node_id, steps, facts = stack.pop()
        node = tree.nodes[node_id]
        if node.kind == "outcome":
            yield build_recommendation(tree, steps, node, None), tuple(s.node.id for s in steps)
            continue
        offered = node.offered(facts)
        wanted = another if node.id == "offence" else remembered.get(node.id)
        chosen = [a for a in offered if a.label == wanted] or [
            a
            for a in offered
            if node.id not in remembered
            and all(base_facts.get(k, v) == v for k, v in dict(a.sets).items())
        ]
        for answer in chosen:
            stack.append(
                (answer.next, [*steps, Step(node, answer)], {**facts, **dict(answer.sets)})
            )


@pytest.mark.slow
def test_entering_another_offence_keeps_every_circumstance_rule(
    o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    """Issue 14 item 2, as the issue words it: changing only the offence category TO 'another
    offence', with the same circumstances, never removes an authoriser and never turns a 'not
    a CR' into a CR, except where the rule is the replaced category's own (the Superintendent
    for a sexual offence, the Inspector for traffic, the drug rules, the indictable-only stop).
    The opposite direction is the test above."""
    offence_node = o32g.nodes["offence"]
    another = next(a.label for a in offence_node.answers if a.label.startswith(ANOTHER_OFFENCE))
    compared = stops = 0
    for base in o32g_paths:
        if dict(base.answers).get("offence") == another:
            continue
        rec = base.recommendation
        asked_base = [question for question, _ in base.answers]
        # A stop at a category's own question (or at the offence question) is the offence's
        # own rule; any other stop is a circumstance's.
        circumstance_stop = not rec.is_cr and asked_base[-1] not in CATEGORY_QUESTIONS
        kept = {
            item.role.id for item in rec.authorisations if item.question not in CATEGORY_QUESTIONS
        }
        for changed, asked in _as_another_offence(o32g, base, another):
            compared += 1
            where = f"{another!r} instead of {base.key}"
            if circumstance_stop:
                stops += 1
                assert not changed.is_cr, f"a CR for {where}"
            if changed.is_cr and rec.is_cr:
                roles = {item.role.id for item in changed.authorisations}
                assert kept <= roles, f"{kept - roles} lost for {where}"
            missing = set(asked_base) - CATEGORY_QUESTIONS - set(asked)
            assert changed.is_cr != rec.is_cr or not missing, f"{sorted(missing)} for {where}"
    assert compared > 1000 and stops > 100


def test_an_assault_on_a_parent_entered_as_another_offence_meets_2_5_2(
    o32g_paths: list[WalkedPath],
) -> None:
    apva = [
        p
        for p in o32g_paths
        if said(p, "age", "10 to 17")
        and said(p, "offence", ANOTHER_OFFENCE)
        and said(p, "relationship", "The victim is the offender's parent")
        and p.recommendation.is_cr
    ]
    assert apva
    for path in apva:
        roles = {item.role.name for item in path.recommendation.authorisations}
        assert {"Youth Justice Team", "Substantive Inspector"} <= roles, path.key


# -- item 4: capacity apart from acceptance ---------------------------------------------------


@pytest.mark.slow
def test_capacity_and_acceptance_are_separate_questions_with_separate_outcomes(
    o32g_paths: list[WalkedPath],
) -> None:
    no_capacity = {
        p.recommendation.outcome_id for p in o32g_paths if said(p, "understanding", "No:")
    }
    denial = {p.recommendation.outcome_id for p in o32g_paths if said(p, "responsibility", "No:")}
    assert len(no_capacity) == 1 and len(denial) == 1 and no_capacity != denial
    for path in o32g_paths:
        rec = path.recommendation
        if said(path, "understanding", "No:"):
            assert "responsibility" not in rec.title.casefold(), path.key
            assert {"O32g 3.3.2", "O32g 3.4.5"} <= set(rec.cite), path.key
        if said(path, "responsibility", "No:"):
            assert "O32g 3.3.1" in rec.cite and "O32g 3.3.2" not in rec.cite, path.key


# -- item 5: a route that is lawful for the reason --------------------------------------------

_SUGGESTS_CAUTION = re.compile(r"consider[^.]*\bcaution", re.IGNORECASE)
_SUGGESTS_SIMPLE_CAUTION = re.compile(r"consider[^.]*simple caution", re.IGNORECASE)


def test_no_criminal_justice_route_below_the_age_of_criminal_responsibility(
    o32g_paths: list[WalkedPath],
) -> None:
    under_ten = [p for p in o32g_paths if said(p, "age", "Under 10")]
    assert under_ten
    for path in under_ten:
        route = path.recommendation.route.text
        assert not _SUGGESTS_CAUTION.search(route) and "court" not in route, route
        assert "safeguarding" in route
        assert any("s.50" in r.text for r in path.recommendation.readings)


def test_no_caution_offered_without_an_admission_or_capacity(o32g_paths: list[WalkedPath]) -> None:
    stopped = [
        p for p in o32g_paths if said(p, "responsibility", "No:") or said(p, "understanding", "No:")
    ]
    assert stopped
    for path in stopped:
        route = path.recommendation.route.text
        assert not _SUGGESTS_CAUTION.search(route), route
        assert "charging decision" in route and "admission" in route


def test_the_capacity_route_gives_capacity_as_its_reason(o32g_paths: list[WalkedPath]) -> None:
    """An offender who cannot understand may still have said "I did it": the route says no
    caution is open because they cannot understand, not because there was no admission."""
    stopped = [p for p in o32g_paths if said(p, "understanding", "No:")]
    assert stopped
    for path in stopped:
        route = path.recommendation.route.text
        assert "cannot understand" in route, route


def test_the_route_after_intimate_partner_abuse_or_coercion_is_the_domestic_abuse_policy(
    o32g_paths: list[WalkedPath],
) -> None:
    """2.5.2 sends justice outcomes for domestic abuse to Policy N07 and SOP N07a: the route
    names them and does not offer the general list of cautions, which the SOP does not."""
    stopped = [
        p
        for p in o32g_paths
        if said(p, "relationship", "Current or former intimate") or said(p, "coercion", "Yes")
    ]
    assert stopped
    for path in stopped:
        route = path.recommendation.route.text
        assert "N07" in route and not _SUGGESTS_CAUTION.search(route), route
        assert "O32g 2.5.2" in path.recommendation.route.cite, path.key


def test_bail_or_rui_for_this_offence_is_not_left_to_a_silent_reading(
    o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    """2.3.4 does not say whether the bail without charge or RUI it names is for this offence
    or another: the answer covers both (a Sergeant either way) and the result shows the reading."""
    labels = [a.label for a in o32g.nodes["status"].answers if "RUI" in a.label]
    assert labels and all("this or another offence" in label for label in labels)
    checked = 0
    for path in o32g_paths:
        if path.recommendation.is_cr and said(path, "status", "Only bailed"):
            checked += 1
            assert any(
                r.cite[0] == "O32g 2.3.4" and "this offence" in r.text
                for r in path.recommendation.readings
            ), path.key
    assert checked


def test_indictable_only_route_is_a_charging_decision(o32g_paths: list[WalkedPath]) -> None:
    for path in (p for p in o32g_paths if said(p, "offence", "An indictable-only")):
        assert "charging decision" in path.recommendation.route.text
        assert not _SUGGESTS_CAUTION.search(path.recommendation.route.text)


def test_no_simple_caution_suggested_for_a_juvenile(o32g_paths: list[WalkedPath]) -> None:
    for path in o32g_paths:
        if said(path, "age", "10 to 17") and not path.recommendation.is_cr:
            assert not _SUGGESTS_SIMPLE_CAUTION.search(path.recommendation.route.text), path.key


def _admitted(path: WalkedPath) -> bool:
    """The officer said the offender admits the offence (fully, or with mitigation)."""
    return said(path, "responsibility", "Yes") or said(path, "responsibility", "They admit")


def test_a_caution_offered_before_the_admission_is_known_is_conditional_on_one(
    o32g_paths: list[WalkedPath],
) -> None:
    """A stop reached before the admission is asked (status, offence, circumstances, gravity)
    cannot know whether the offender admits it, and every caution needs an admission (policy
    note 9): the route offers a caution only on that condition, with the law shown as a
    reading; before the offence type is known, not for an indictable-only offence either."""
    checked = 0
    for path in o32g_paths:
        rec = path.recommendation
        if rec.is_cr or _admitted(path) or not _SUGGESTS_CAUTION.search(rec.route.text):
            continue
        checked += 1
        route = rec.route.text
        assert re.search(r"\bif (the offender|they) clearly admits?\b", route), (
            f"{path.key}: {route}"
        )
        assert any("admission" in r.text and "Act" in r.text for r in rec.readings), path.key
        if not any(q == "offence" for q, _ in path.answers):
            assert "indictable-only" in route, f"{path.key}: {route}"
    assert checked


def test_a_caution_is_offered_plainly_once_the_offender_admits(
    o32g_paths: list[WalkedPath],
) -> None:
    """After an admission (a refused consent, a second CR not suitable) the route is not hedged."""
    checked = 0
    for path in o32g_paths:
        rec = path.recommendation
        if not rec.is_cr and _admitted(path) and _SUGGESTS_CAUTION.search(rec.route.text):
            checked += 1
            assert "clearly admit" not in rec.route.text, path.key
    assert checked


def test_a_juveniles_gravity_score_that_decides_the_outcome_shows_it_rests_on_a_reading(
    o32g_paths: list[WalkedPath],
) -> None:
    """3.1.1 describes the gravity matrix for adult offenders only: where a juvenile's score is
    what stops the CR, the result shows that applying it to a juvenile is a reading."""
    checked = 0
    for path in o32g_paths:
        rec = path.recommendation
        if rec.is_cr or not said(path, "age", "10 to 17") or path.answers[-1][0] != "gravity":
            continue
        checked += 1
        assert any("O32g 3.1.1" in r.cite and "juvenile" in r.text for r in rec.readings), path.key
    assert checked


def test_every_route_beyond_the_sop_is_shown_as_a_reading(o32g_paths: list[WalkedPath]) -> None:
    """A route naming general law (an Act) is never presented as SOP text: a reading with the
    Act is on the same result."""
    for path in o32g_paths:
        rec = path.recommendation
        if rec.is_cr:
            continue
        if "Readings 9" in rec.route.cite:
            assert any(re.search(r"Act \d{4}", r.text) for r in rec.readings), path.key


# -- item 6: duties that follow the facts -----------------------------------------------------

_VICTIM_DUTY = re.compile(r"\bthe victim\b|\bvictim's\b|\bvictims\b", re.IGNORECASE)


@cache
def _victimless_duty(text: str) -> bool:
    return bool(_VICTIM_DUTY.search(text))


def test_no_victim_duty_without_an_identifiable_victim(o32g_paths: list[WalkedPath]) -> None:
    checked = 0
    for path in o32g_paths:
        if path.recommendation.is_cr and no_identifiable_victim(path):
            checked += 1
            duties = [text for text in obligations(path) if _victimless_duty(text)]
            assert not duties, f"{path.key}: {duties}"
            assert any("harmed person" in text for text in obligations(path)), path.key
    assert checked


def test_no_duty_worded_for_a_consenting_victim_when_consent_was_not_secured(
    o32g_paths: list[WalkedPath],
) -> None:
    checked = 0
    for path in o32g_paths:
        if path.recommendation.is_cr and (
            said(path, "victim", "The victim does not consent, and")
            or said(path, "victim", "The victim cannot be contacted, and")
        ):
            checked += 1
            for text in obligations(path):
                assert "before they agree" not in text, path.key
                assert not text.startswith("Contact the victim immediately"), path.key
    assert checked


def test_no_parent_or_guardian_duty_for_an_adult(o32g_paths: list[WalkedPath]) -> None:
    for path in o32g_paths:
        if said(path, "age", "18 or over"):
            for text in obligations(path):
                assert "guardian" not in text.casefold(), f"{path.key}: {text}"


def test_no_parent_or_appropriate_adult_duty_for_an_adult(o32g_paths: list[WalkedPath]) -> None:
    """3.4.2-3.4.3 are about offenders under 18: an adult's checklist cites neither."""
    for path in o32g_paths:
        if said(path, "age", "18 or over"):
            for duty in path.recommendation.obligations:
                assert not {"O32g 3.4.2", "O32g 3.4.3"} & set(duty.cite), f"{path.key}: {duty}"


def test_a_juvenile_whose_parent_is_the_victim_is_told_to_find_another_appropriate_adult(
    o32g_paths: list[WalkedPath],
) -> None:
    """The officer has said the victim is the parent or carer, who would be the appropriate
    adult: 3.4.3's duty to include another suitable person is stated for the case, not left as
    an 'if' the officer must work out."""
    checked = 0
    for path in o32g_paths:
        rec = path.recommendation
        if rec.is_cr and juvenile(path) and said(path, "relationship", "The victim is the"):
            checked += 1
            duties = [d.text for d in rec.obligations if "O32g 3.4.3" in d.cite]
            assert any(
                "another suitable person" in text and not text.startswith("If ") for text in duties
            ), f"{path.key}: {duties}"
            assert not any(text.startswith("If the appropriate adult") for text in duties)
    assert checked


# -- item 3: the terms a choice depends on are defined where the choice is made ----------------

# Words in an answer or question that decide the outcome -> what the help must explain.
_DECIDING_WORDS = {
    "knife": "bladed",
    "weapon": "weapon",
    "very exceptional": "very exceptional",
    "exceptional": "exceptional",
    "hate crime": "low-level",
    "indictable-only": "crown court",
    "mitigation": "mitigating factors",
}
_GLOSSARY_TERMS = (
    "Mitigation",
    "Indictable-only offence",
    "Knife crime",
    "Bladed article",
    "Other weapon",
    "Exceptional circumstances",
    "Very exceptional circumstances",
    "Low-level and minor",
    "Hate crime",
)


def test_every_deciding_term_is_explained_in_the_question_help(o32g: Tree) -> None:
    checked = 0
    for node in o32g.nodes.values():
        if node.kind != "question":
            continue
        labels = [a.label for a in node.answers]
        # A bare Yes/No is a choice about what the question names.
        bare = all(label in ("Yes", "No") for label in labels)
        words = " ".join([*labels, node.text if bare else ""]).casefold()
        for word, explained in _DECIDING_WORDS.items():
            if word in words:
                checked += 1
                assert explained in node.help.casefold(), f"{node.id}: help does not say {word!r}"
    assert checked >= 5


def test_the_age_question_says_what_to_do_when_the_offender_has_turned_18_since(
    o32g: Tree,
) -> None:
    """Age at the offence decides criminal responsibility, but 3.4.2's juvenile duties speak of
    under-18s engaging in a CR: the question says which age to give and whom to ask between."""
    node = o32g.nodes["age"]
    assert "at the time of the offence" in node.text
    assert "turned 18" in node.help and "ask" in node.help, node.help


def test_every_deciding_term_is_in_the_glossary_with_its_source(corpus: Corpus) -> None:
    entries = {p.label: p for p in corpus if p.doc_id == "Glossary"}
    for term in _GLOSSARY_TERMS:
        entry = entries.get(term)
        assert entry is not None, f"no glossary entry for {term}"
        assert "Source:" in entry.text, term
        # Either the SOP paragraph it comes from, or marked as a reading with whom to ask.
        assert re.search(r"O32g \d", entry.text) or "LPU Lead" in entry.text, term


def test_search_for_a_bladed_article_finds_its_definition(corpus: Corpus) -> None:
    hits = corpus.search("bladed article", 3)
    assert hits and hits[0].paragraph.label == "Bladed article"


def test_the_juvenile_authoriser_reading_is_shown_only_when_it_decides_who_authorises(
    o32g_paths: list[WalkedPath],
) -> None:
    """4.2.2's second sentence (a juvenile's authority from the Youth Justice Team Supervisor,
    Readings 2) is a reading the result rests on only when a 4.2.1 criterion is not met."""
    shown = unmet = 0
    for path in o32g_paths:
        rec = path.recommendation
        if not rec.is_cr or not said(path, "age", "10 to 17"):
            continue
        rests = any(
            item.role.name == "Youth Justice Team Supervisor" and "O32g 4.2.1" in item.cite
            for item in rec.authorisations
        )
        reading = any("Readings 2" in r.cite and "4.2.2" in r.text for r in rec.readings)
        assert reading == rests, path.key
        shown += reading
        unmet += not reading
    assert shown and unmet


def test_mitigation_is_not_a_denial_so_cautions_stay_open(o32g_paths: list[WalkedPath]) -> None:
    """3.3.1 rules a CR out when mitigation is raised, but the admission stands: the route is
    not the no-admission one (policy notes 9 bars cautions only after a denial, a defence or no
    capacity)."""
    mitigation = [p for p in o32g_paths if said(p, "responsibility", "They admit")]
    assert mitigation
    for path in mitigation:
        rec = path.recommendation
        assert not rec.is_cr and "admission" not in rec.route.text, path.key
        if said(path, "age", "18 or over"):
            assert _SUGGESTS_CAUTION.search(rec.route.text), path.key


def test_mitigation_ruling_out_a_cr_is_shown_as_a_reading_apart_from_the_matrix(
    o32g_paths: list[WalkedPath], o32g: Tree
) -> None:
    """3.3.1 rules a CR out when mitigation is raised, while 3.1.1 has the gravity matrix weigh
    mitigating factors (asked earlier): the two pull apart, so the result and the question say
    which mitigation stops a CR, as a reading with whom to ask."""
    mitigation = [p for p in o32g_paths if said(p, "responsibility", "They admit")]
    assert mitigation
    for path in mitigation:
        assert any(
            "O32g 3.3.1" in r.cite and "O32g 3.1.1" in r.cite and "gravity matrix" in r.text
            for r in path.recommendation.readings
        ), path.key
        assert path.recommendation.ask is not None, path.key
    assert "mitigating factors" in o32g.nodes["responsibility"].help


def test_capacity_not_yet_assessed_is_not_a_final_no(o32g_paths: list[WalkedPath]) -> None:
    """An unassessed doubt about capacity calls for the 3.4.5 assessment, not a final 'no
    caution': the result says to assess and answer again."""
    doubt = [p for p in o32g_paths if said(p, "understanding", "Not known yet")]
    assert doubt
    for path in doubt:
        rec = path.recommendation
        assert "admission" not in rec.route.text and "again" in rec.route.text, path.key
        assert "O32g 3.4.5" in rec.cite


_SPEAK_TO_VICTIM = re.compile(
    r"^(Tell|Explain to|Contact|Make sure) the victim|obtain the victim's views", re.IGNORECASE
)


def test_no_duty_to_speak_to_a_victim_who_cannot_be_contacted(
    o32g_paths: list[WalkedPath],
) -> None:
    checked = 0
    for path in o32g_paths:
        if path.recommendation.is_cr and said(path, "victim", "The victim cannot be contacted"):
            checked += 1
            duties = [text for text in obligations(path) if _SPEAK_TO_VICTIM.search(text)]
            assert not duties, f"{path.key}: {duties}"
            assert any("choose an appropriate action" in text for text in obligations(path))
            reasons = " ".join(item.reason for item in path.recommendation.authorisations)
            assert "does not consider a CR appropriate" not in reasons, path.key
    assert checked


def test_a_victim_who_cannot_be_contacted_is_never_a_criterion_still_to_meet(
    o32g_paths: list[WalkedPath],
) -> None:
    """4.5.3's checklist needs the victim's views shared and questions answered: with a victim
    who cannot be contacted the result says these cannot be confirmed, rather than listing
    them as a checklist to complete."""
    checked = 0
    for path in o32g_paths:
        if path.recommendation.is_cr and said(path, "victim", "The victim cannot be contacted"):
            checked += 1
            for text in obligations(path):
                if re.search(r"victim's (views|questions)", text):
                    assert "cannot" in text, f"{path.key}: {text}"
    assert checked


def test_a_passed_completion_limit_drops_the_deferred_duties(o32g: Tree) -> None:
    """Once the 16-week limit has passed, a deferred outcome is no longer possible, so its
    timescale, monitoring and referral duties are not on the checklist (O32g 4.4.4)."""
    import datetime as dt

    from assistant.engine import Session
    from tests.test_session import ADULT_THEFT

    for delivery in ("Deferred", "With restorative justice"):
        in_time, late = (
            Session(o32g, offence_date=dt.date(2026, 1, 5), today=today)
            for today in (dt.date(2026, 2, 1), dt.date(2026, 6, 1))
        )
        for session in (in_time, late):
            for label in (*ADULT_THEFT[:-1], delivery):
                session.answer(label)
        before = {d.text for d in in_time.recommendation().obligations}
        after = {d.text for d in late.recommendation().obligations}
        dropped = before - after
        assert any("16 weeks" in text for text in dropped), delivery
        assert any("Monitor the actions" in text for text in dropped), delivery
        assert late.recommendation().completion_passed
