"""Property-based tests (hypothesis).

1. Random walks through every shipped tree, with random steps back and restarts, always end in a
   recommendation that keeps the policy invariants (for kent-o32g the SOP rules of
   tests/test_o32g_paths.py, for every tree the generic ones), that does not depend on the detours
   taken, and that a crash-recovery save restores exactly.
2. Random synthetic trees (TOML text) are either valid or rejected with an InputError whose
   problems are one line each naming the file; the loader and validator never fail otherwise.

Example counts are kept modest so the default run stays fast (about 3 s); set
``CR_HYPOTHESIS_SCALE`` to multiply them for a longer search.
"""

from __future__ import annotations

import json
import os
import string
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.catalogue import Catalogue
from assistant.corpus import Corpus
from assistant.engine import Answer, Session, Tree, load_valid_tree
from assistant.engine.loader import read_toml
from assistant.engine.walk import StuckWalk, WalkedPath, count_paths, walk_all
from assistant.errors import InputError
from assistant.recovery import SessionStore
from tests.test_o32g_paths import RULES

# Examples per run; CR_HYPOTHESIS_SCALE=20 (say) multiplies them for a longer search.
SCALE = int(os.environ.get("CR_HYPOTHESIS_SCALE", "1"))
WALKS = {"kent-o32g": 120 * SCALE, "suffolk-tiers": 40 * SCALE}
SYNTHETIC_TREES = 200 * SCALE
RAW_TEXTS = 100 * SCALE

_CATALOGUE = Catalogue()


def tree_of(tree_id: str) -> Tree:
    return _CATALOGUE.tree(tree_id)


# -- 1. random walks --------------------------------------------------------------------------
def random_walk(tree: Tree, data: st.DataObject) -> Session:
    """Answer, go back and restart at random until an outcome (restarts are capped)."""
    session = Session(tree)
    detours = 0
    while not session.finished:
        offered = session.offered()
        assert offered, f"{tree.id}: node {session.current.id} offers no answer"
        move = data.draw(
            st.sampled_from(["answer"] * 6 + (["back", "restart"] if detours < 8 else [])),
            label="move",
        )
        if move == "back":
            detours += 1
            session.back()
        elif move == "restart":
            detours += 1
            session.restart()
        else:
            # Mostly answers that walk on: hard stops end a walk too early to test much.
            onward = [answer for answer in offered if not stops(tree, answer)]
            if onward and data.draw(st.integers(0, 9), label="walk on") > 0:
                offered = tuple(onward)
            session.answer(data.draw(st.sampled_from(offered), label=session.current.id))
    return session


def stops(tree: Tree, answer: Answer) -> bool:
    node = tree.nodes[answer.next]
    return node.kind == "outcome" and not tree.disposals[node.disposal].is_cr


def as_path(session: Session) -> WalkedPath:
    answers = tuple(
        (step.node.id, step.answer.label) for step in session.steps if step.node.kind == "question"
    )
    return WalkedPath(answers, session.recommendation())


def check_generic_invariants(tree: Tree, path: WalkedPath, corpus: Corpus) -> None:
    rec = path.recommendation
    assert rec.cite, f"outcome {rec.outcome_id} cites no paragraph"
    for citation in rec.cite:
        corpus.resolve(citation)
    for item in rec.authorisations:
        assert item.role.authorises, f"{item.role.id} authorises nothing, yet is listed"
        assert item.cite, f"the authorisation by {item.role.id} cites no paragraph"
        for citation in item.cite:
            corpus.resolve(citation)
    for obligation in rec.obligations:
        for citation in obligation.cite:
            corpus.resolve(citation)
    if not rec.is_cr:
        assert not rec.authorisations, "a case that is not a CR lists an authorisation"
    ranks = [item.role.rank for item in rec.authorisations]
    assert ranks == sorted(ranks, reverse=True), "authorisers not highest rank first"
    for step in rec.path:
        assert step.cite, f"question {step.question_id} cites no paragraph"


@pytest.mark.parametrize("tree_id", sorted(WALKS))
def test_random_walks_keep_the_invariants(tree_id: str, corpus: Corpus) -> None:
    tree = tree_of(tree_id)

    @settings(
        max_examples=WALKS[tree_id],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(data=st.data())
    def walk(data: st.DataObject) -> None:
        session = random_walk(tree, data)
        path = as_path(session)
        check_generic_invariants(tree, path, corpus)
        if tree_id == "kent-o32g":
            for paragraph, description, applies, holds in RULES:
                if applies(path):
                    assert holds(path), f"{paragraph} {description}: broken on {path.key}"
        # The detours leave no trace: the same answers walked straight give the same result.
        straight = Session(tree)
        for step in session.steps:
            straight.answer(step.answer.label)
        assert straight.recommendation() == session.recommendation()
        # A crash-recovery save at any point, written and read back, restores the same walk.
        cut = data.draw(st.integers(0, len(session.steps)), label="saved after")
        partial = Session(tree)
        for step in session.steps[:cut]:
            partial.answer(step.answer)
        with tempfile.TemporaryDirectory() as folder:
            SessionStore(Path(folder)).save(partial, tree.id)
            saved = SessionStore(Path(folder)).pending(tree.id)
            if cut == 0:
                assert saved is None  # nothing answered: nothing to resume
                return
            # Saved at its outcome, the walk stays pending until its result was written.
            assert saved is not None and saved.finished == partial.finished
            store = SessionStore(Path(folder))
            restored = store.restore(saved, tree)
        assert restored.steps == session.steps[:cut] and not store.dropped

    walk()


# -- 2. random synthetic trees ----------------------------------------------------------------
# A random tree is a random forward graph (so valid as drawn) with up to three random faults:
# wrong types, misspelt keys, missing or dangling references, cycles, bad citations, guards.
GOOD_CITES = ["EXF 1.1", "EXF 1.2", "EXF 2.1", "EXF 2.2"]
BAD_CITES = ["EXF 9.9", "O32g 2.3.2", "", "nonsense", "2.1"]
KEY_TYPOS = {"text": "txet", "label": "lable", "next": "nxt", "kind": "kidn", "cite": "citee"}
scalars = st.one_of(
    st.booleans(), st.integers(-5, 50), st.text(string.ascii_letters + " é", max_size=8)
)
odd_values = st.one_of(scalars, st.lists(scalars, max_size=2), st.just({"a": 1}))


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + pairs + " }"
    raise TypeError(value)


@st.composite
def tree_data(draw: st.DrawFn) -> dict[str, Any]:
    """A valid tree as data: questions in order, each answer leading to a later node."""
    questions = [f"q{number}" for number in range(draw(st.integers(1, 5)))]
    outcomes = ["end_cr", "end_no"]
    nodes: dict[str, dict[str, Any]] = {}
    for index, node_id in enumerate(questions):
        later = questions[index + 1 :] + outcomes
        count = draw(st.integers(2, 3))
        nodes[node_id] = {
            "kind": "question",
            "text": f"Question {index}?",
            "cite": draw(st.lists(st.sampled_from(GOOD_CITES), min_size=1, max_size=2)),
            "answers": [
                {"label": label, "next": draw(st.sampled_from(later))}
                for label in ["Yes", "No", "Not known"][:count]
            ],
        }
        if draw(st.booleans()):
            nodes[node_id]["answers"][0]["authorise"] = [
                {"role": "sergeant", "reason": "A reason.", "cite": "EXF 2.1"}
            ]
    for node_id, disposal in zip(outcomes, ["street_resolution", "not_permitted"], strict=True):
        nodes[node_id] = {
            "kind": "outcome",
            "disposal": disposal,
            "title": "An outcome",
            "text": "What happens.",
            "cite": ["EXF 1.1"],
        }
    # Every node must be reachable: chain the questions through their first answer.
    for index, node_id in enumerate(questions[:-1]):
        nodes[node_id]["answers"][0]["next"] = questions[index + 1]
    head = {
        "id": "synthetic",
        "title": "Synthetic",
        "force": "Example Constabulary",
        "guidance": ["EXF"],
        "primary_document": "EXF",
        "start": questions[0],
        "contact": "cj_lead",
    }
    roles = {
        "sergeant": {"name": "Sergeant", "rank": 40, "description": "Authorises."},
        "cj_lead": {"name": "Lead", "rank": 0, "authorises": False, "description": "Asked."},
    }
    disposals = {
        "street_resolution": {"label": "Street Resolution", "cr": True, "route": "SR"},
        "not_permitted": {"label": "Not permitted", "cr": False, "route": "Other outcomes."},
    }
    return {"tree": head, "roles": roles, "disposals": disposals, "nodes": nodes}


@st.composite
def faulty(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """Apply one random fault to the tree data (in place) and return it."""
    nodes = data["nodes"]
    node_id = draw(st.sampled_from(sorted(nodes)))
    node = nodes[node_id]
    answers = node.get("answers")
    if not isinstance(answers, list) or not all(isinstance(item, dict) for item in answers):
        answers = []  # an earlier fault replaced them
    answer = draw(st.sampled_from(answers)) if answers else None
    fault = draw(
        st.sampled_from(
            [
                "wrong-type",
                "typo",
                "start",
                "dangling",
                "cycle",
                "cite",
                "cite",
                "duplicate-label",
                "guard",
                "role",
                "disposal",
                "kind",
                "drop-key",
                "head-type",
            ]
        )
    )
    if fault == "wrong-type":
        node[draw(st.sampled_from(sorted(node)))] = draw(odd_values)
    elif fault == "typo":
        key = draw(st.sampled_from([key for key in KEY_TYPOS if key in node] or ["text"]))
        node[KEY_TYPOS[key]] = node.pop(key, "x")
    elif fault == "start":
        data["tree"]["start"] = draw(st.sampled_from(["missing", "end_cr", ""]))
    elif fault == "dangling" and answer is not None:
        answer["next"] = draw(st.sampled_from(["nowhere", node_id, ""]))
    elif fault == "cycle" and answer is not None:
        answer["next"] = draw(st.sampled_from(sorted(nodes)))
    elif fault == "cite":
        bad = st.sampled_from(BAD_CITES)
        node["cite"] = draw(
            st.one_of(bad, st.lists(st.one_of(bad, st.sampled_from(GOOD_CITES))), scalars)
        )
    elif fault == "duplicate-label" and answers:
        answers.append(dict(answers[0]))
    elif fault == "guard" and answer is not None:
        answer[draw(st.sampled_from(["when", "set"]))] = {
            draw(st.sampled_from(["admitted", "adult"])): draw(odd_values)
        }
    elif fault == "role" and answer is not None:
        answer["authorise"] = [
            {"role": draw(st.sampled_from(["cj_lead", "nobody"])), "reason": "R", "cite": "EXF 2.1"}
        ]
    elif fault == "disposal":
        node["disposal"] = draw(st.sampled_from(["other", "", "street_resolution"]))
    elif fault == "kind":
        node["kind"] = draw(st.sampled_from(["info", "outcome", "qestion", "question"]))
    elif fault == "drop-key":
        node.pop(draw(st.sampled_from(sorted(node))))
    elif fault == "head-type":
        data["tree"][draw(st.sampled_from(sorted(data["tree"])))] = draw(odd_values)
    return data


def tree_toml(data: dict[str, Any]) -> str:
    lines = ["[tree]", *(f"{key} = {toml_value(value)}" for key, value in data["tree"].items())]
    for section in ("roles", "disposals"):
        for name, table in data[section].items():
            lines.append(f"[{section}.{name}]")
            lines += [f"{key} = {toml_value(value)}" for key, value in table.items()]
    for node_id, node in data["nodes"].items():
        table = dict(node)
        node_answers = table.pop("answers", None)
        lines.append(f"[nodes.{node_id}]")
        lines += [f"{json.dumps(key)} = {toml_value(value)}" for key, value in table.items()]
        if isinstance(node_answers, list):
            for answer in node_answers:
                if isinstance(answer, dict):
                    lines.append(f"[[nodes.{node_id}.answers]]")
                    lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in answer.items()]
        elif node_answers is not None:
            lines.append(f"answers = {toml_value(node_answers)}")
    return "\n".join(lines) + "\n"


@st.composite
def tree_texts(draw: st.DrawFn) -> str:
    data = draw(tree_data())
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        data = draw(faulty(data))
    return tree_toml(data)


@pytest.fixture(scope="module")
def force_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path]:
    from tests.test_broken_inputs import EXAMPLE

    catalogue = Catalogue([EXAMPLE])
    return catalogue.corpus, tmp_path_factory.mktemp("synthetic") / "synthetic.toml"


def assert_one_line_problems(error: InputError, path: Path) -> None:
    assert error.problems
    for line in error.problems:
        assert "\n" not in line, line
        assert line.startswith(str(path)), line


def test_random_trees_are_valid_or_rejected_clearly(force_corpus: tuple[Corpus, Path]) -> None:
    corpus, path = force_corpus
    outcomes = {"valid": 0, "rejected": 0}

    @settings(max_examples=SYNTHETIC_TREES, deadline=None)
    @given(text=tree_texts())
    def check(text: str) -> None:
        path.write_text(text, encoding="utf-8")
        try:
            tree = load_valid_tree(path, corpus)
            stuck = None
            try:
                counted = count_paths(tree)
            except StuckWalk as error:
                stuck = error.node_id
            try:
                walked = len(list(walk_all(tree)))
            except StuckWalk:
                assert stuck is not None, "walk_all found a dead end that count_paths missed"
                raise
            assert stuck is None, "count_paths found a dead end that walk_all missed"
            assert counted == walked
        except InputError as error:
            assert_one_line_problems(error, path)
            outcomes["rejected"] += 1
        except StuckWalk:
            outcomes["rejected"] += 1  # `check` reports it as one line (tests/test_broken_inputs)
        else:
            outcomes["valid"] += 1

    check()
    # The strategy is worth having only if it reaches both sides.
    assert outcomes["rejected"] > 0 and outcomes["valid"] > 0, outcomes


@settings(max_examples=RAW_TEXTS, deadline=None)
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_bytes_as_a_tree_file_are_an_input_error_at_worst(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.toml"
        path.write_bytes(raw)
        try:
            read_toml(path)
        except InputError as error:
            assert_one_line_problems(error, path)


GUIDANCE_HEAD = '---\nid = "RND"\ntitle = "Random"\nparagraphs = "labelled"\n---\n\n'
markdown_bits = st.sampled_from(
    [
        "# Part",
        "## 1. Scope",
        "**1.1** Text.",
        "**1.1**",
        "{#x}",
        '{id="1.1"}',
        "> **Transcription note:** n",
        "- item",
        "1. item",
        "```",
        "|a|b|",
        "**2.3.2** More text.",
        "",
        "\n",
        "---",
    ]
)


@settings(max_examples=RAW_TEXTS, deadline=None)
@given(
    body=st.one_of(
        st.lists(markdown_bits, max_size=12).map("\n".join).map(GUIDANCE_HEAD.__add__),
        st.binary(max_size=200).map(lambda raw: raw.decode("utf-8", "replace")),
    ),
    mode=st.sampled_from(["labelled", "sections"]),
)
def test_any_guidance_text_parses_or_is_an_input_error(body: str, mode: str) -> None:
    from assistant.corpus.parse import parse_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.md"
        path.write_text(body.replace('"labelled"', f'"{mode}"'), encoding="utf-8")
        try:
            parse_document(path)
        except InputError as error:
            assert_one_line_problems(error, path)


@settings(max_examples=RAW_TEXTS, deadline=None)
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_any_contacts_file_loads_or_warns_in_one_line(raw: bytes) -> None:
    from assistant.contacts import load_contacts

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.toml"
        path.write_bytes(raw)
        book = load_contacts(path)  # never raises
        if book.warning is not None:
            assert "\n" not in book.warning and book.warning.startswith(str(path))
