"""Every path through the O32g tree, checked against rules written here from the SOP.

The rules below are read from seed 001 and shared/policy-notes.md, not from the tree: each test
looks only at the answers an officer gave (question and answer wording) and at what the assistant
recommended, so a mistake in the tree shows up as a broken rule.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.corpus import Corpus
from assistant.engine import Tree
from assistant.engine.walk import WalkedPath

SERGEANT = "Sergeant"
INSPECTOR = "Inspector"
SUBSTANTIVE_INSPECTOR = "Substantive Inspector"
SUPERINTENDENT = "Superintendent"
YJTS = "Youth Justice Team Supervisor"
YJT = "Youth Justice Team"


def said(path: WalkedPath, question: str, start: str) -> bool:
    return any(q == question and label.startswith(start) for q, label in path.answers)


def juvenile(path: WalkedPath) -> bool:
    return said(path, "age", "10 to 17")


def roles(path: WalkedPath) -> set[str]:
    return {item.role.name for item in path.recommendation.authorisations}


def reasons_citing(path: WalkedPath, paragraph: str) -> set[str]:
    return {
        item.role.name
        for item in path.recommendation.authorisations
        if any(cite.endswith(f" {paragraph}") for cite in item.cite)
    }


def is_cr(path: WalkedPath) -> bool:
    return path.recommendation.is_cr


# Each rule: (SOP paragraph, description, applies-to, must-hold).
Rule = tuple[str, str, Callable[[WalkedPath], bool], Callable[[WalkedPath], bool]]
RULES: list[Rule] = [
    (
        "3.4.2",
        "no CR below the age of criminal responsibility",
        lambda p: said(p, "age", "Under 10"),
        lambda p: not is_cr(p),
    ),
    (
        "3.2.1",
        "no CR before the investigation meets the standard",
        lambda p: said(p, "evidence", "No"),
        lambda p: not is_cr(p),
    ),
    (
        "2.3.4",
        "no CR under a court order, post-charge bail, suspended sentence or warrant",
        lambda p: said(p, "status", "A court order"),
        lambda p: not is_cr(p),
    ),
    (
        "2.3.3",
        "indictable-only offences are excluded",
        lambda p: said(p, "offence", "An indictable-only"),
        lambda p: not is_cr(p),
    ),
    (
        "2.3.3",
        "no CR for a juvenile's knife or weapon offence",
        lambda p: juvenile(p) and (said(p, "weapon", "A knife") or said(p, "weapon", "Another")),
        lambda p: not is_cr(p),
    ),
    (
        "2.5.2",
        "no CR for intimate-partner abuse or coercion and control",
        lambda p: (
            said(p, "relationship", "Current or former intimate") or said(p, "coercion", "Yes")
        ),
        lambda p: not is_cr(p),
    ),
    (
        "2.6.1",
        "no CR for hate crime without the victim's support",
        lambda p: said(p, "hate_victim", "No"),
        lambda p: not is_cr(p),
    ),
    (
        "3.3.1",
        "no CR without full acceptance of responsibility",
        lambda p: said(p, "responsibility", "No") or said(p, "responsibility", "They admit"),
        lambda p: not is_cr(p),
    ),
    (
        "3.4.1",
        "no CR without the offender's consent",
        lambda p: said(p, "consent", "No"),
        lambda p: not is_cr(p),
    ),
    (
        "3.3.2",
        "no CR when the offender cannot understand",
        lambda p: said(p, "understanding", "No"),
        lambda p: not is_cr(p),
    ),
    (
        "2.3.4",
        "no CR where the offence should go to court",
        lambda p: said(p, "suitable", "Yes"),
        lambda p: not is_cr(p),
    ),
    (
        "3.1.1",
        "a CR only at gravity score 1",
        lambda p: is_cr(p),
        lambda p: said(p, "gravity", "1"),
    ),
    (
        "2.4.1",
        "no CR for more than personal use",
        lambda p: said(p, "drug", "Any class, more than"),
        lambda p: not is_cr(p),
    ),
    (
        "2.3.2",
        "knife crime CR needs an Inspector or above",
        lambda p: is_cr(p) and said(p, "weapon", "A knife"),
        lambda p: INSPECTOR in reasons_citing(p, "2.3.2"),
    ),
    (
        "2.3.3",
        "every CR with a sexual-offence answer needs a Superintendent",
        lambda p: is_cr(p) and said(p, "offence", "A sexual offence"),
        lambda p: SUPERINTENDENT in roles(p),
    ),
    (
        "2.5.2",
        "every CR with a non-intimate domestic abuse answer needs a substantive Inspector",
        lambda p: (
            is_cr(p)
            and any(q == "relationship" for q, _ in p.answers)
            and not said(p, "relationship", "None")
        ),
        lambda p: SUBSTANTIVE_INSPECTOR in roles(p),
    ),
    (
        "2.5.2",
        "a juvenile's APVA and sibling CRs need the Youth Justice Team",
        lambda p: (
            is_cr(p)
            and juvenile(p)
            and (
                said(p, "relationship", "The victim is the offender's parent")
                or said(p, "relationship", "Siblings")
            )
        ),
        lambda p: YJT in roles(p),
    ),
    (
        "2.5.2",
        "the Youth Justice Team's APVA and sibling rule is for juveniles only (Readings 2, 7)",
        lambda p: is_cr(p) and not juvenile(p),
        lambda p: YJT not in roles(p),
    ),
    (
        "2.5.2",
        "every CR with an identifiable victim has asked the relationship, whatever the offence",
        lambda p: is_cr(p) and said(p, "victim_exists", "Yes"),
        lambda p: any(q == "relationship" for q, _ in p.answers),
    ),
    (
        "2.3.3",
        "every CR has asked about a knife or other weapon, whatever the offence",
        is_cr,
        lambda p: any(q == "weapon" for q, _ in p.answers),
    ),
    (
        "2.6.1",
        "every CR has asked about hate, whatever the offence",
        is_cr,
        lambda p: any(q == "hate" for q, _ in p.answers),
    ),
    (
        "2.5.2",
        "no path reaching a CR has intimate-partner abuse or coercion among its answers",
        is_cr,
        lambda p: (
            not (
                said(p, "relationship", "Current or former intimate") or said(p, "coercion", "Yes")
            )
        ),
    ),
    (
        "2.6.1",
        "hate crime CR needs an Inspector or above",
        lambda p: is_cr(p) and said(p, "hate", "Yes"),
        lambda p: INSPECTOR in roles(p),
    ),
    (
        "2.3.4",
        "bail without charge or RUI needs a Sergeant",
        lambda p: is_cr(p) and said(p, "status", "Only bailed without charge"),
        lambda p: SERGEANT in reasons_citing(p, "2.3.4"),
    ),
    (
        "2.4.1",
        "adult Class A possession needs a Sergeant",
        lambda p: is_cr(p) and not juvenile(p) and said(p, "drug", "Class A"),
        lambda p: SERGEANT in reasons_citing(p, "2.4.1"),
    ),
    (
        "2.4.1",
        "juvenile Class A possession needs the Youth Justice Team Supervisor",
        lambda p: is_cr(p) and juvenile(p) and said(p, "drug", "Class A"),
        lambda p: reasons_citing(p, "2.4.1") == {YJTS},
    ),
    (
        "2.4.3",
        "a second CR within 12 months needs a Sergeant",
        lambda p: is_cr(p) and said(p, "repeat", "One,"),
        lambda p: SERGEANT in reasons_citing(p, "2.4.3"),
    ),
    (
        "2.4.3",
        "no CR after two or more CRs for a similar offence within 12 months",
        lambda p: said(p, "repeat", "Two or more"),
        lambda p: not is_cr(p),
    ),
    (
        "2.4.2",
        "adult cannabis or khat: a CR only when neither a CR nor a conditional caution came before",
        lambda p: is_cr(p) and said(p, "drug_escalation", "Cannabis or khat"),
        lambda p: said(p, "drug_escalation", "Cannabis or khat, and neither"),
    ),
    (
        "2.4.2",
        "adult cannabis or khat after a conditional caution goes to charge",
        lambda p: said(p, "drug_escalation", "Cannabis or khat, and already given a conditional"),
        lambda p: p.recommendation.disposal.id == "prosecution",
    ),
    (
        "3.5.2",
        "an adult with previous sanctions needs a Sergeant",
        lambda p: is_cr(p) and not juvenile(p) and said(p, "history", "Yes"),
        lambda p: SERGEANT in reasons_citing(p, "3.5.2"),
    ),
    (
        "3.5.3",
        "a juvenile with a previous sanction needs the Youth Justice Team Supervisor",
        lambda p: is_cr(p) and juvenile(p) and said(p, "history", "Yes"),
        lambda p: reasons_citing(p, "3.5.3") == {YJTS},
    ),
    (
        "3.4.5",
        "a vulnerable offender needs a Sergeant's authority",
        lambda p: is_cr(p) and said(p, "understanding", "Yes, but"),
        lambda p: SERGEANT in reasons_citing(p, "3.4.5"),
    ),
    (
        "4.3.2",
        "a CR without the victim's consent needs an Inspector",
        lambda p: (
            is_cr(p)
            and (
                said(p, "victim", "The victim does not consent, and")
                or said(p, "victim", "The victim cannot be contacted, and")
            )
        ),
        lambda p: INSPECTOR in reasons_citing(p, "4.3.2"),
    ),
    (
        "4.3.2",
        "no CR without the victim's consent unless the case is exceptional",
        lambda p: (
            said(p, "victim", "The victim does not consent or cannot")
            and "not an exceptional" in p.answers[-1][1]
        ),
        lambda p: not is_cr(p),
    ),
    (
        "4.3.2",
        "no CR before the victim has been consulted",
        lambda p: (
            said(p, "victim", "The victim has not been")
            or said(p, "hate_victim", "The victim has not")
        ),
        lambda p: not is_cr(p),
    ),
    (
        "4.3.2",
        "every CR with a victim makes sure the victim's questions are answered",
        lambda p: is_cr(p) and any(q == "victim_voice" for q, _ in p.answers),
        lambda p: any(
            "O32g 4.3.2" in o.cite and "questions" in o.text for o in p.recommendation.obligations
        ),
    ),
    (
        "2.3.1",
        "an adult's CR for an offence with another weapon shows the reading and who to ask",
        lambda p: is_cr(p) and said(p, "weapon", "Another weapon"),
        lambda p: any(
            "O32g 2.3.2" in r.cite and r.ask == "lpu_lead" for r in p.recommendation.readings
        ),
    ),
    (
        "4.2.2",
        "for a juvenile, 4.2.2 authorisation is the Youth Justice Team Supervisor's",
        lambda p: is_cr(p) and juvenile(p) and bool(reasons_citing(p, "4.2.1")),
        lambda p: YJTS in reasons_citing(p, "4.2.2") and SERGEANT not in reasons_citing(p, "4.2.2"),
    ),
    (
        "4.2.2",
        "for an adult, 4.2.2 authorisation is a Sergeant's",
        lambda p: is_cr(p) and not juvenile(p) and bool(reasons_citing(p, "4.2.1")),
        lambda p: (
            SERGEANT in reasons_citing(p, "4.2.2") and not {YJTS, YJT} & reasons_citing(p, "4.2.2")
        ),
    ),
    (
        "4.2.1",
        "with every 4.2.1 criterion met and no other rule, no authorisation is needed",
        lambda p: (
            is_cr(p)
            and all(
                [
                    said(p, "status", "None"),
                    said(p, "offence", "Another"),
                    said(p, "relationship", "None"),
                    said(p, "hate", "No"),
                    said(p, "weapon", "No weapon"),
                    said(p, "understanding", "Yes") and not said(p, "understanding", "Yes, but"),
                    said(p, "victim", "Yes: the victim"),
                    said(p, "victim_voice", "Yes"),
                    said(p, "history", "No"),
                    said(p, "administering", "A police officer trained")
                    or said(p, "administering", "A PCSO"),
                ]
            )
        ),
        lambda p: not roles(p),
    ),
    (
        "4.2.1",
        "no identifiable victim means 4.2.2 authorisation",
        lambda p: is_cr(p) and (said(p, "victim_exists", "No") or said(p, "offence", "Possession")),
        lambda p: bool(reasons_citing(p, "4.2.2")),
    ),
    (
        "4.1.1",
        "every CR carries the DBS warning",
        is_cr,
        lambda p: any(
            "4.1.1" in " ".join(o.cite) and o.warning for o in p.recommendation.obligations
        ),
    ),
    (
        "4.6.1",
        "every CR with a victim who could be reached carries the non-compliance warning",
        lambda p: (
            is_cr(p)
            and said(p, "victim_exists", "Yes")
            and not said(p, "victim", "The victim cannot be contacted")
        ),
        lambda p: any(
            "4.6.1" in " ".join(o.cite) and o.warning for o in p.recommendation.obligations
        ),
    ),
    (
        "4.4.4",
        "deferred outcomes carry the 16-week limit",
        lambda p: is_cr(p) and not said(p, "delivery", "There and then"),
        lambda p: any("O32g 4.4.4" in o.cite for o in p.recommendation.obligations),
    ),
    (
        "3.4.2",
        "a juvenile's CR requires contacting parents or guardians",
        lambda p: is_cr(p) and juvenile(p),
        lambda p: any("O32g 3.4.2" in o.cite for o in p.recommendation.obligations),
    ),
    (
        "2.1.3",
        "an adult's route offering a simple caution for a sexual or weapon offence names s.17(3)",
        lambda p: (
            not is_cr(p)
            and not juvenile(p)
            and (said(p, "offence", "A sexual offence") or said(p, "weapon", "A"))
            and "simple caution" in p.recommendation.route.text
        ),
        lambda p: any("17(3)" in reading.text for reading in p.recommendation.readings),
    ),
    (
        "4.5.3",
        "a victim who cannot put their views to the offender: no restorative process to confirm",
        lambda p: is_cr(p) and said(p, "victim_voice", "No"),
        lambda p: (
            not any("all four criteria" in o.text for o in p.recommendation.obligations)
            and any(
                "does not count as a restorative process" in o.text
                for o in p.recommendation.obligations
            )
        ),
    ),
    (
        "2.1.4",
        "a case that is not a CR lists no authorisation",
        lambda p: not is_cr(p),
        lambda p: not p.recommendation.authorisations,
    ),
]


@pytest.mark.parametrize("rule", RULES, ids=[f"{r[0]} {r[1]}" for r in RULES])
def test_policy_rule_holds_on_every_path(o32g_paths: list[WalkedPath], rule: Rule) -> None:
    _, description, applies, holds = rule
    applicable = [path for path in o32g_paths if applies(path)]
    assert applicable, f"no path exercises the rule: {description}"
    broken = [path.key for path in applicable if not holds(path)]
    assert not broken, f"{description}: broken on {len(broken)} paths, e.g. {broken[0]}"


def test_every_outcome_is_reached(o32g: Tree, o32g_paths: list[WalkedPath]) -> None:
    outcomes = {node.id for node in o32g.nodes.values() if node.kind == "outcome"}
    assert {path.recommendation.outcome_id for path in o32g_paths} == outcomes


def test_authorisations_are_listed_highest_rank_first(o32g_paths: list[WalkedPath]) -> None:
    for path in o32g_paths:
        ranks = [item.role.rank for item in path.recommendation.authorisations]
        assert ranks == sorted(ranks, reverse=True), path.key


def test_a_hard_stop_asks_nothing_more(o32g: Tree, o32g_paths: list[WalkedPath]) -> None:
    for path in o32g_paths:
        if not path.recommendation.is_cr:
            last_question, last_label = path.answers[-1]
            node = o32g.nodes[last_question]
            chosen = [a for a in node.answers if a.label == last_label]
            assert any(a.next == path.recommendation.outcome_id for a in chosen), path.key


def test_drug_questions_are_asked_only_about_drugs(o32g_paths: list[WalkedPath]) -> None:
    for path in o32g_paths:
        asked = {question for question, _ in path.answers}
        if {"drug", "drug_escalation"} & asked:
            assert said(path, "offence", "Possession of a controlled drug"), path.key


def test_every_citation_on_every_path_resolves(
    o32g_paths: list[WalkedPath], corpus: Corpus
) -> None:
    seen: set[str] = set()
    for path in o32g_paths:
        rec = path.recommendation
        seen.update(rec.cite)
        for item in rec.authorisations:
            seen.update(item.cite)
        for obligation in rec.obligations:
            seen.update(obligation.cite)
        for reading in rec.readings:
            seen.update(reading.cite)
    for citation in seen:
        corpus.resolve(citation)


def test_several_authorisations_can_apply_at_once(o32g_paths: list[WalkedPath]) -> None:
    assert max(len(path.recommendation.authorising_roles) for path in o32g_paths) >= 3
