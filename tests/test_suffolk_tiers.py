"""Suffolk's four tiers of Community Resolution (seed 002, doc SCR), as a trainer would check them.

The cases are written from the Suffolk update's own descriptions of each tier, not read off the
tree: each must reach its tier and name who delivers it (the people the update says are trained
for it, with that paragraph cited) and who coordinates it where the update names someone; where
the update is silent the result must say so and name who to ask, and never borrow another
force's rules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest

from assistant.catalogue import Catalogue
from assistant.cli import main
from assistant.contacts import roles_in_result
from assistant.coverage import coverage
from assistant.engine import Recommendation, Session, Tree
from assistant.engine.validate import validate
from assistant.engine.walk import walk_all
from assistant.report import rationale_markdown, result_dict, result_lines


@pytest.fixture(autouse=True)
def _private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(tmp_path / "contacts.toml"))
    monkeypatch.delenv("CR_ASSISTANT_TREES", raising=False)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue()


@pytest.fixture(scope="module")
def tree(catalogue) -> Tree:
    return catalogue.tree("suffolk-tiers")


@dataclass(frozen=True)
class TierCase:
    story: str
    answers: tuple[str, ...]  # the start of each answer, as an officer would type it
    tier: str  # the tier's name as the update heads it
    deliverers: tuple[str, ...]  # role ids of whoever the update says delivers it
    trained: str  # the words of the cited paragraph that say who is trained for it
    coordinator: str | None  # role id of whoever the update says coordinates it, if anyone
    is_cr: bool
    readings: tuple[str, ...] = ()


CASES = [
    TierCase(
        "A prolific and priority offender on the county PPO scheme is arrested for another "
        "burglary; a specialist restorative conference is being considered.",
        ("Yes: among the most serious",),
        "Level 3 – Specialist Case Conferencing",
        ("specialist_provider",),
        "outsourced",
        "ppo_coordinator",
        is_cr=False,
    ),
    TierCase(
        "Repeated graffiti on a village hall: the parish council and residents want the young "
        "offender to clean it, agreed with the community at a panel.",
        ("No", "Yes: a panel"),
        "Level 2 – Case Conferencing",
        ("case_conference_panel", "snt_case_conference"),
        "11 Safer Neighbourhood Team (SNT) officers have been trained",
        None,
        is_cr=True,
        readings=("level_2_coordinator",),
    ),
    TierCase(
        "A neighbour's fence was kicked in; the victim wants to meet the teenager responsible "
        "and agree that he repairs it.",
        ("No", "No", "Yes, and the victim and offender will meet"),
        "Level 1 – Advanced Community Resolution",
        ("advanced_cr_trained",),
        "Over 80 officers and partners have been trained",
        None,
        is_cr=True,
        readings=("level_1_coordinator",),
    ),
    TierCase(
        "Low-value shop theft; the offender admits it and offers a letter of apology.",
        ("No", "No", "No: an apology"),
        "Community Resolution",
        ("officer_dealing",),
        "All customer facing staff have been trained",
        "officer_dealing",
        is_cr=True,
    ),
    TierCase(
        "Criminal damage to a car; the owner wants it put right but will not meet the offender.",
        ("No", "No", "A restorative element is wanted, but"),
        "Community Resolution",
        ("officer_dealing",),
        "All customer facing staff have been trained",
        "officer_dealing",
        is_cr=True,
        readings=("no_meeting",),
    ),
]


def _walk(tree: Tree, answers: tuple[str, ...]) -> Recommendation:
    session = Session(tree)
    session.answer("Continue")  # the opening note: the update sets no eligibility rules
    for answer in answers:
        session.answer(answer)
    assert session.finished, f"{answers} did not reach an outcome"
    return session.recommendation()


def _clause(rec: Recommendation, name: str) -> str | None:
    """The text after "Delivered by:" or "Coordinated by:", up to the next such clause."""
    found = re.search(rf"{name} by: (.*?)(?= [A-Z][a-z]+ by: |$)", rec.explanation)
    return found.group(1) if found else None


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.story[:40])
def test_tier_case_reaches_its_tier_and_who_delivers_it(tree, catalogue, case):
    rec = _walk(tree, case.answers)
    assert rec.disposal_label.startswith(case.tier)
    assert rec.is_cr is case.is_cr
    delivered = _clause(rec, "Delivered")
    assert delivered, f"{rec.outcome_id} does not say who delivers it"
    for role_id in case.deliverers:
        assert tree.roles[role_id].name.casefold() in delivered.casefold()
        assert tree.roles[role_id] in roles_in_result(rec, tree)
    # Who delivers it is cited, to the paragraph that says who is trained for the tier.
    cited = re.findall(r"\(SCR ([\w.-]+)", delivered)
    assert cited, f"{rec.outcome_id}: 'Delivered by' cites no paragraph"
    texts = [catalogue.corpus.resolve(f"SCR {pid}").text for pid in cited]
    assert any(case.trained in text for text in texts)
    coordinated = _clause(rec, "Coordinated")
    if case.coordinator is None:
        assert coordinated is None  # the update names no coordinator: none is made up
    else:
        assert (
            coordinated and tree.roles[case.coordinator].name.casefold() in coordinated.casefold()
        )
    reading_ids = {reading.id for reading in rec.readings}
    assert set(case.readings) <= reading_ids


def test_levels_1_and_2_are_never_said_to_have_nobody_named(catalogue, tree):
    """The update names who is trained for each tier; no result may say it names nobody."""
    for walked in walk_all(tree):
        rec = walked.recommendation
        text = " ".join(result_lines(rec, tree, catalogue.corpus)).casefold()
        assert "names no coordinator" not in text
        assert "names nobody who coordinates" not in text
        assert "names no other coordinator" not in text


NOT_IN_PLACE = "not a Community Resolution in place of prosecution"


def test_level_3_is_worded_the_same_in_the_intro_the_result_and_the_json(
    catalogue, tree, capsys, monkeypatch
):
    """Level 3 is a tier of Suffolk's CR scheme that runs alongside prosecution: every place that
    presents it says it is not a Community Resolution in place of prosecution."""
    import io

    intro = tree.nodes[tree.meta.start]
    assert "Level 3" in intro.text and NOT_IN_PLACE in intro.text
    assert "SCR level-3.1" in intro.cite
    rec = _walk(tree, CASES[0].answers)
    assert rec.is_cr is False
    assert NOT_IN_PLACE in rec.disposal_label
    assert NOT_IN_PLACE in rec.explanation
    assert "alongside prosecution" in rec.title
    plain = " ".join(" ".join(result_lines(rec, tree, catalogue.corpus)).split())
    assert f"{rec.disposal_label}: {rec.title}" in plain
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["ask", "--tree", "suffolk-tiers", "--answers", "1,1", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["is_cr"] is False
    assert NOT_IN_PLACE in payload["disposal_label"] and NOT_IN_PLACE in payload["explanation"]
    assert "alongside prosecution" in payload["title"]
    # Nowhere, the Why section included, is it called "No Community Resolution".
    markdown = rationale_markdown(rec, tree, catalogue.corpus)
    for shown in (plain, markdown, json.dumps(payload)):
        assert "no community resolution" not in shown.casefold()


def test_level_3_is_never_presented_as_an_alternative_to_prosecution(tree):
    rec = _walk(tree, CASES[0].answers)
    warnings = [item for item in rec.obligations if item.warning]
    assert any("not an alternative to prosecution" in item.text for item in warnings)
    assert "SCR level-3.1" in {cite for item in warnings for cite in item.cite}
    assert any("County PPO Co-ordinator" in item.text for item in rec.obligations)


def test_level_2_names_the_panel_options_and_the_trained_snt_officers(tree):
    rec = _walk(tree, CASES[1].answers)
    text = rec.explanation
    for option in (
        "litter picking",
        "criminal damage cleaning",
        "clearing wasteland",
        "community work",
    ):
        assert option in text
    assert "always includes the offender" in text
    assert tree.roles["snt_case_conference"] in roles_in_result(rec, tree)


def test_street_tier_lists_its_four_options_and_who_delivers_it(tree):
    rec = _walk(tree, CASES[3].answers)
    for option in ("letter of apology", "reparation", "compensation", "words of advice"):
        assert option in rec.explanation
    assert "Delivered by: the officer dealing with the incident" in rec.explanation


def test_every_outcome_names_tier_delivery_and_what_is_unsaid(tree):
    seen = set()
    for walked in walk_all(tree):
        rec = walked.recommendation
        seen.add(rec.outcome_id)
        assert "Delivered by:" in rec.explanation
        assert not rec.authorisations, "the update names no authoriser"
        assert {"no_eligibility_rules", "no_authoriser"} <= {r.id for r in rec.readings}
        assert rec.ask is not None and rec.ask.id == "partnership_superintendent"
        cites = [*rec.cite, *(c for item in rec.obligations for c in item.cite)]
        assert cites and all(cite.startswith("SCR ") for cite in cites)
    assert seen == {"street_cr", "level_1", "level_2", "level_3"}


def test_tree_is_valid_and_covers_every_normative_paragraph(catalogue, tree):
    assert validate(tree, catalogue.corpus) == []
    assert tree.meta.primary_document == "SCR"
    rows = coverage(tree, catalogue.corpus)
    assert rows and all(row.covered for row in rows)


def test_no_kent_rule_or_role_is_borrowed(tree):
    kent = Catalogue().tree("kent-o32g")
    assert not set(tree.roles) & set(kent.roles)
    assert "O32g" not in tree.meta.guidance and "LPU" not in tree.meta.guidance


def test_plain_result_does_not_claim_no_authorisation_is_needed(catalogue, tree):
    rec = _walk(tree, CASES[3].answers)
    text = "\n".join(result_lines(rec, tree, catalogue.corpus))
    assert "No authorisation is required" not in text
    assert "update (SCR) names nobody who must authorise this" in text
    assert "Suffolk Constabulary" in text and "(SCR)" in text


def test_kent_result_still_says_when_no_authorisation_is_required(catalogue):
    kent = catalogue.tree("kent-o32g")
    rec = next(
        walked.recommendation
        for walked in walk_all(kent)
        if walked.recommendation.is_cr and not walked.recommendation.authorisations
    )
    assert "No authorisation is required on these answers." in "\n".join(
        result_lines(rec, kent, catalogue.corpus)
    )


def test_ask_names_the_force_and_document_in_text_json_and_markdown(capsys, monkeypatch):
    import io

    for flag in ([], ["--json"], ["--markdown"]):
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(["ask", "--tree", "suffolk-tiers", "--answers", "1,1", *flag])
        out = " ".join(capsys.readouterr().out.split())  # unwrapped
        assert code == 0
        if flag == ["--json"]:
            payload = json.loads(out)
            assert payload["force"] == "Suffolk Constabulary"
            assert payload["document"]["id"] == "SCR"
            assert payload["outcome"] == "level_3"
            assert "contacts" not in payload
        else:
            assert "Suffolk Constabulary" in out
            assert "Community Resolutions Project – 60 second update (SCR)" in out
            assert "Level 3 – Specialist Case Conferencing" in out


def test_markdown_export_carries_the_readings_and_who_to_ask(catalogue, tree):
    rec = _walk(tree, CASES[2].answers)
    text = rationale_markdown(rec, tree, catalogue.corpus)
    assert "Level 1 – Advanced Community Resolution" in text
    assert "update (SCR) names nobody who must authorise this" in text
    assert "If in doubt ask the Partnership Superintendent – West Suffolk:" in text


def test_no_result_speaks_of_an_sop_the_update_is_not(catalogue, tree):
    """The Suffolk update is a briefing, not an SOP: no heading, reading or line of any result
    says "the SOP", and the document is named as the officer knows it, not by its id alone."""
    for walked in walk_all(tree):
        rec = walked.recommendation
        payload = result_dict(rec, tree, catalogue.corpus)
        shown = (
            "\n".join(result_lines(rec, tree, catalogue.corpus)),
            rationale_markdown(rec, tree, catalogue.corpus),
            json.dumps(payload["sections"]) + json.dumps(payload["why"]),
        )
        for text in shown:
            assert not re.search(r"\bSOP\b", text), walked.key
            assert not re.search(r"(?<!\()\bSCR names\b", text), walked.key


def test_what_the_update_says_is_told_apart_from_what_the_assistant_reads_into_it(tree):
    """The update says who has been trained for Levels 1 and 2, not who delivers them; and it
    puts Level 3's offenders within the criminal justice system, alongside prosecution or after
    conviction (overview.2), so no sentence says the update names who delivers a tier or that
    the case simply goes on to prosecution."""
    texts = [reading.text for reading in tree.readings.values()]
    texts += [rule.text for disposal in tree.disposals.values() for rule in disposal.routes]
    for node in tree.nodes.values():
        texts += [node.text, node.title, *(duty.text for duty in node.obligations)]
    for text in texts:
        assert "says who delivers" not in text
        assert "goes on through the criminal justice system" not in text
    rec = _walk(tree, CASES[0].answers)
    for shown in (rec.title, rec.disposal_label, rec.route.text, tree.nodes["intro"].text):
        assert "alongside prosecution or after conviction" in shown, shown
