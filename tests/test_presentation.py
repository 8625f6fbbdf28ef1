"""One presentation model: every rendering of a result shows the same sections and lines.

Issue 14 items 7 (one line per person to contact), 8 (a result that never contradicts itself)
and 9 (one model, rendered as plain text, Markdown, JSON, the case record and in the TUI). The
examples are found in the walked paths by what they need (roles in one chain, a CR with no
authorisation), not by answer labels, so they follow the tree when it is rewritten.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.case_record import CaseDetails, record_markdown, record_model, record_text
from assistant.catalogue import Catalogue
from assistant.corpus import Corpus
from assistant.engine import Recommendation, Session, Tree
from assistant.engine.loader import load_tree
from assistant.engine.model import Role
from assistant.engine.recommendation import RequiredAuthorisation, people_to_contact
from assistant.engine.validate import validate
from assistant.engine.walk import WalkedPath, walk_all
from assistant.presentation import ResultModel, build_result
from assistant.report import rationale_markdown, result_dict, result_lines
from assistant.tui.widgets.result import section_rows
from tests.test_o32g_paths import said

TODAY = dt.date(2026, 11, 23)


def representative(paths: list[WalkedPath]) -> Iterator[WalkedPath]:
    """One path for every outcome with every distinct set of people to contact (each with the
    roles they cover), and one for every outcome with every authorisation reason, obligation,
    reading and route it can show.

    The Kent tree has tens of thousands of paths, too many to render four ways in a few
    seconds; the renderers lay out each line on its own, so these few hundred paths show every
    layout and every line they can produce."""
    seen: set[object] = set()
    for path in paths:
        rec = path.recommendation
        people = tuple(
            (person.role.id, tuple(item.role.id for item in person.covers))
            for person in rec.people_to_contact
        )
        keys = {("people", rec.outcome_id, people, rec.completion_applies)}
        keys |= {("reason", rec.outcome_id, item.reason) for item in rec.authorisations}
        keys |= {("duty", rec.outcome_id, item.text, item.warning) for item in rec.obligations}
        keys |= {("reading", rec.outcome_id, item.id) for item in rec.readings}
        keys.add(("route", rec.outcome_id, rec.route.text))
        if not keys <= seen:
            seen |= keys
            yield path


@pytest.fixture(scope="module")
def walked(
    catalogue: Catalogue, o32g_paths: list[WalkedPath]
) -> list[tuple[Tree, list[WalkedPath]]]:
    """Every bundled tree with every one of its paths (Kent's walked once for the session)."""
    trees = [catalogue.tree(tree_id) for tree_id in catalogue.tree_files]
    return [
        (tree, o32g_paths if tree.id == "kent-o32g" else list(walk_all(tree))) for tree in trees
    ]


def expected_lines(model: ResultModel) -> list[tuple[str, tuple[str, ...]]]:
    """(text, paragraphs) for each heading and line, in order."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for section in model.sections:
        out.append((section.heading, ()))
        out += [(" ".join(line.text.split()), line.cite) for line in section.lines]
    return out


def assert_same(shown: list[str], model: ResultModel, what: str) -> None:
    """Each shown line carries the model's heading or line at the same place, with its
    paragraphs; nothing is left out and nothing added."""
    wanted = expected_lines(model)
    assert len(shown) == len(wanted), f"{what}: {len(shown)} lines for {len(wanted)}"
    for got, (text, cites) in zip(shown, wanted, strict=True):
        assert text in got, f"{what}: {text!r} not in {got!r}"
        assert all(cite in got for cite in cites), f"{what}: {cites} not in {got!r}"


def markdown_body(text: str) -> list[str]:
    """The Markdown's lines after its title and date, unescaped, without blank lines."""
    lines = [line.replace("\\*", "*").replace("\\_", "_") for line in text.splitlines()]
    assert lines[0].startswith("# ") and lines[2].startswith("Produced: ")
    return [line for line in lines[3:] if line.strip()]


def check_renderings(rec: Recommendation, tree: Tree, corpus: Corpus) -> ResultModel:
    model = build_result(rec, tree, corpus, TODAY)
    text = [line for line in result_lines(rec, tree, corpus, today=TODAY) if line.strip()]
    assert_same(text, model, "plain text")
    markdown = rationale_markdown(rec, tree, corpus, today=TODAY)
    assert_same(markdown_body(markdown), model, "Markdown")
    assert not any(line.startswith("|") for line in markdown.splitlines()), "no tables"
    payload = result_dict(rec, tree, corpus, today=TODAY)
    assert payload["sections"] == model.to_dict()["sections"], "JSON"
    assert payload["verdict"] == model.verdict
    check_case_record(rec, tree, corpus, model)
    # The TUI's result view: one widget per heading and line (its compose lays out these rows;
    # tests/tui/test_result_view.py checks the widgets it mounts are these).
    rows = [row.text for section in model.sections for row in section_rows(model, section)]
    assert_same(rows, model, "TUI result view")
    return model


def check_case_record(rec: Recommendation, tree: Tree, corpus: Corpus, model: ResultModel) -> None:
    """The case record (what the TUI's Ctrl+S and ``ask --export`` write) is the result's
    sections, every one in order, with only the case's own added (its details, the officer's
    rationale, a block per supervisor); both its layouts show every heading and line."""
    record = record_model(rec, tree, corpus, CaseDetails(), TODAY)
    own = {"case", "officer_rationale"} | {
        f"supervisor_{person.role.id}" for person in rec.people_to_contact
    }
    assert tuple(item for item in record.sections if item.id not in own) == model.sections, (
        "case record"
    )
    for layout, text in (("Markdown", record_markdown(record)), ("text", record_text(record))):
        lines = [line.replace("\\*", "*").replace("\\_", "_") for line in text.splitlines()]
        assert record.title in lines[0], f"case record ({layout})"
        assert_same([line for line in lines[1:] if line.strip()], record, f"case record ({layout})")


@pytest.mark.slow
def test_every_rendering_shows_the_same_sections_and_lines(
    catalogue: Catalogue, walked: list[tuple[Tree, list[WalkedPath]]]
) -> None:
    for tree, paths in walked:
        for path in representative(paths):
            model = check_renderings(path.recommendation, tree, catalogue.corpus)
            # The Why section is in every rendering of a result that has deciding answers.
            assert model.section("why") is not None, path.key


def test_completion_lines_are_rendered_alike(
    catalogue: Catalogue, o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    """A deferred CR with the offence date given: on time, and out of time."""
    deferred = next(path for path in walk_all(o32g) if path.recommendation.completion_applies)
    for offence in (TODAY - dt.timedelta(days=7), TODAY - dt.timedelta(weeks=20)):
        session = Session(o32g, offence_date=offence, today=TODAY)
        for _, label in deferred.answers:
            session.answer(label)
        model = check_renderings(session.recommendation(), o32g, catalogue.corpus)
        completion = model.section("completion")
        assert completion is not None and completion.lines[0].cite


# -- item 7: one line per person to contact -------------------------------------------------


def chained(rec: Recommendation) -> bool:
    """Two roles of one chain of command are asked for."""
    chains = [role.chain for role in rec.authorising_roles if role.chain]
    return len(chains) != len(set(chains))


def test_a_higher_rank_covers_the_lower_one_in_one_line(
    o32g: Tree, o32g_paths: list[WalkedPath], corpus: Corpus
) -> None:
    rec = next(path.recommendation for path in o32g_paths if chained(path.recommendation))
    roles = rec.authorising_roles
    top = max((role for role in roles if role.chain), key=lambda role: role.rank)
    lower = [role for role in roles if role.chain == top.chain and role != top]
    assert lower
    text = result_lines(rec, o32g, corpus, today=TODAY)
    todo = [line.strip() for line in text if line.strip().startswith("[ ] ")]
    people = [line for line in todo if line[4:] in {role.name for role in roles}]
    # The higher rank once; the lower rank not as a line of its own, but under the higher.
    assert people.count(f"[ ] {top.name}") == 1
    assert not any(line == f"[ ] {role.name}" for line in people for role in lower)
    joined = "\n".join(text)
    for item in rec.authorisations:
        if item.role in lower:
            assert f"Also covers the {item.role.name}'s authorisation: {item.reason}" in joined
    # The reading that says so is shown, citing 2.1.4 and the project's reading, with whom to ask.
    reading_id = dict(o32g.meta.chains)[top.chain]
    reading = o32g.readings[reading_id]
    assert reading in rec.readings
    assert {"O32g 2.1.4", "Readings 1"} <= set(reading.cite)
    assert rec.ask is not None and reading.ask == rec.ask.id
    # The per-reason detail stays in the JSON beside the consolidated list.
    payload = result_dict(rec, o32g, corpus, today=TODAY)
    assert len(payload["authorisations"]) == len(rec.authorisations)
    assert [person["role"] for person in payload["people_to_contact"]].count(top.id) == 1
    assert not any(
        person["role"] in {r.id for r in lower} for person in payload["people_to_contact"]
    )


@pytest.mark.slow
def test_every_result_names_each_person_once_and_keeps_every_reason(
    walked: list[tuple[Tree, list[WalkedPath]]],
) -> None:
    for tree, paths in walked:
        for path in paths:
            rec = path.recommendation
            people = rec.people_to_contact
            assert len({person.role.id for person in people}) == len(people), path.key
            chains = [person.role.chain for person in people if person.role.chain]
            assert len(chains) == len(set(chains)), path.key
            reasons = [item for person in people for item in person.reasons]
            assert sorted(reasons, key=repr) == sorted(rec.authorisations, key=repr), path.key
            for person in people:
                for item in person.covers:
                    assert item.role.chain == person.role.chain != "", path.key
                    assert item.role.rank < person.role.rank, path.key
            covering = {
                dict(tree.meta.chains)[person.role.chain] for person in people if person.covers
            }
            assert covering <= {reading.id for reading in rec.readings}, path.key


_WHY_AUTHORISER = re.compile(
    r"^Authorisation required from the (?P<named>.+?)(?: or above, given by the (?P<by>.+?) "
    r"you contact)?: "
)


def test_why_names_only_the_people_to_contact(
    o32g: Tree, o32g_paths: list[WalkedPath], corpus: Corpus
) -> None:
    """Why never says a Sergeant must authorise when the Inspector listed gives it (2.1.4):
    an officer reading it would make a second call. One path per distinct set of reasons and
    people covers every way a rank can be covered."""
    seen: set[object] = set()
    covered = 0
    for path in o32g_paths:
        rec = path.recommendation
        key = tuple(sorted((item.question, item.role.id) for item in rec.authorisations))
        if not rec.authorisations or key in seen:
            continue
        seen.add(key)
        why = build_result(rec, o32g, corpus, TODAY).section("why")
        assert why is not None, path.key
        contacted = {role.name for role in rec.contact_roles}
        for line in why.lines:
            found = _WHY_AUTHORISER.match(line.text)
            if found:
                assert (found["by"] or found["named"]) in contacted, f"{path.key}: {line.text}"
                covered += found["by"] is not None
    assert covered


def test_the_people_to_contact_mention_bail_or_rui_only_when_the_case_has_it(
    o32g: Tree, o32g_paths: list[WalkedPath], corpus: Corpus
) -> None:
    """A Sergeant's line that says a PSE equivalent may authorise for bail or RUI (2.3.4) is
    false help on a case without either, and on a case with a second reason (a previous
    conviction, 3.5.2) reads as if the PSE could give both: the PSE is named only under the
    RUI reason itself."""
    seen: set[object] = set()
    for path in o32g_paths:
        rec = path.recommendation
        rui = said(path, "status", "Only bailed")
        key = (rui, rec.contact_roles)
        if not rec.authorisations or key in seen:
            continue
        seen.add(key)
        section = build_result(rec, o32g, corpus, TODAY).section("authorisation")
        assert section is not None
        for line in section.lines:
            mentions = re.search(r"\bRUI\b|\bPSE\b|\bbail", line.text)
            if mentions:
                assert rui and "2.3.4" in " ".join(line.cite), f"{path.key}: {line.text}"


def test_roles_outside_a_chain_stay_separate_lines() -> None:
    """No chain data (as in a tree that declares none): every role is its own line."""
    sergeant = Role("s", "Sergeant", 40, "")
    inspector = Role("i", "Inspector", 50, "")
    team = Role("t", "Team", 45, "")
    items = (
        RequiredAuthorisation(inspector, "a", ("X 1",), "q1"),
        RequiredAuthorisation(team, "b", ("X 2",), "q2"),
        RequiredAuthorisation(sergeant, "c", ("X 3",), "q3"),
        RequiredAuthorisation(sergeant, "d", ("X 4",), "q4"),
    )
    people = people_to_contact(items)
    assert [(p.role.name, [i.reason for i in p.reasons]) for p in people] == [
        ("Inspector", ["a"]),
        ("Team", ["b"]),
        ("Sergeant", ["c", "d"]),
    ]
    ranked = tuple(
        RequiredAuthorisation(
            Role(item.role.id, item.role.name, item.role.rank, "", chain="police"),
            item.reason,
            item.cite,
            item.question,
        )
        if item.role is not team
        else item
        for item in items
    )
    people = people_to_contact(ranked)
    assert [(p.role.name, [i.reason for i in p.reasons]) for p in people] == [
        ("Inspector", ["a", "c", "d"]),
        ("Team", ["b"]),
    ]


def test_a_chain_without_its_reading_is_refused(tmp_path: Path, o32g: Tree, corpus: Corpus) -> None:
    text = o32g.meta.path.read_text(encoding="utf-8")
    broken = re.sub(r"(?m)^chains = .*$", "", text)
    assert broken != text
    path = tmp_path / "kent-o32g.toml"
    path.write_text(broken, encoding="utf-8")
    problems = validate(load_tree(path), corpus)
    assert any("is not declared" in item and "[tree] chains" in item for item in problems)


# -- item 8: a result that never contradicts itself ------------------------------------------

OBTAIN = re.compile(r"\bobtain\b[^.]*\bauthoris", re.IGNORECASE)


def test_the_instruction_to_obtain_heads_the_list_only_when_there_is_one(
    catalogue: Catalogue, walked: list[tuple[Tree, list[WalkedPath]]]
) -> None:
    for tree, paths in walked:
        for path in representative(paths):
            rec = path.recommendation
            model = build_result(rec, tree, catalogue.corpus, TODAY)
            section = model.section("authorisation")
            if not rec.is_cr:
                assert section is None, path.key
                continue
            assert section is not None
            todo = [line for line in section.lines if line.kind == "todo"]
            assert bool(OBTAIN.search(section.heading)) == bool(rec.authorisations), path.key
            assert len(todo) == len(rec.people_to_contact), path.key
            # "once authorised" in the label exactly when there is someone to obtain it from.
            once = rec.disposal.authorised_label and rec.disposal_label == (
                rec.disposal.authorised_label
            )
            assert bool(once) == bool(todo) or not rec.disposal.authorised_label, path.key


def test_no_authorisation_needed_is_said_in_every_rendering(
    catalogue: Catalogue, o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    rec = next(
        path.recommendation
        for path in o32g_paths
        if path.recommendation.is_cr and not path.recommendation.authorisations
    )
    sentence = "No authorisation is required on these answers."
    corpus = catalogue.corpus
    assert sentence in "\n".join(result_lines(rec, o32g, corpus))
    assert sentence in rationale_markdown(rec, o32g, corpus)
    assert sentence in str(result_dict(rec, o32g, corpus)["sections"])
    # The case record the TUI's Ctrl+S writes, in both its layouts.
    record = record_model(rec, o32g, corpus, CaseDetails())
    assert sentence in record_markdown(record) and sentence in record_text(record)


def test_no_instruction_to_obtain_when_nothing_is_needed(
    catalogue: Catalogue, walked: list[tuple[Tree, list[WalkedPath]]]
) -> None:
    for tree, paths in walked:
        for path in representative(paths):
            rec = path.recommendation
            if rec.authorisations:
                continue
            text = "\n".join(result_lines(rec, tree, catalogue.corpus, today=TODAY))
            assert not OBTAIN.search(text), path.key


def test_a_passed_limit_is_a_warning_headline_not_a_tick(catalogue: Catalogue, o32g: Tree) -> None:
    deferred = next(path for path in walk_all(o32g) if path.recommendation.completion_applies)
    session = Session(o32g, offence_date=TODAY - dt.timedelta(weeks=20), today=TODAY)
    for _, label in deferred.answers:
        session.answer(label)
    model = build_result(session.recommendation(), o32g, catalogue.corpus, TODAY)
    assert model.verdict == "cr_out_of_time"
    headline = model.sections[0].lines[0]
    assert headline.kind == "headline" and headline.warning
    assert o32g.meta.completion_passed_title.split("{date}")[0] in headline.text
