"""A corpus of broken inputs, each run through the real command line.

Every case is a force folder (``--trees DIR``, laid out like tests/fixtures/force-example) with
one thing wrong in a tree, a guidance document, a scenario or the contacts file. Each must end in
exit status 2 with one line per problem on standard error that names the file, the place in it
and what to fix, and never a traceback.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant.cli import main
from tests.conftest import REPO

EXAMPLE = REPO / "tests" / "fixtures" / "force-example"
TREE = "trees/example-street.toml"
DOC = "guidance/example-force.md"
SCENARIO = "trees/scenarios/example-street/denied.toml"
GOOD_SCENARIO = """\
title = "Denied"
tree = "example-street"
narrative = "The offender denies the offence."

[answers]
admits = "no"

[expected]
disposal = "not_permitted"
authorisers = []
"""


def example(path: str) -> str:
    return (EXAMPLE / path).read_text(encoding="utf-8")


def edited(path: str, old: str, new: str, count: int = 1) -> str:
    """The example file with ``old`` replaced (it must be there, so the case stays broken)."""
    text = example(path)
    assert text.count(old) >= count, f"{old!r} is not in {path}"
    return text.replace(old, new, count)


def scenario(old: str = "", new: str = "") -> str:
    assert old in GOOD_SCENARIO
    return GOOD_SCENARIO.replace(old, new, 1) if old else GOOD_SCENARIO


def dead_end() -> str:
    text = edited(
        TREE,
        'label = "Yes"\nnext = "history"',
        'label = "Yes"\nnext = "history"\nset = { admitted = true }\n\n'
        '[[nodes.admits.answers]]\nlabel = "Not sure"\nnext = "history"\n'
        "set = { admitted = false }",
    )
    return text.replace(
        'next = "resolution"\n', 'next = "resolution"\nwhen = { admitted = true }\n'
    )


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes | Callable[[], str | bytes]]
    command: tuple[str, ...]
    # Each must appear in standard error (with {dir} the force folder); the first names the file.
    expect: tuple[str, ...]
    lines: int | None = 1  # problems reported (None: at least one)
    env: dict[str, str] = field(default_factory=dict)


CHECK = ("check", f"--tree={'example-street'}")
CITE = ("cite", "EXF", "1.1")
RUN = ("scenarios", "run", "{dir}/" + SCENARIO)

CASES = [
    # -- trees: syntax, types, keys -----------------------------------------------------------
    Case(
        "tree-toml-syntax",
        {TREE: edited(TREE, 'title = "Street Resolution: can one be used?"', "title = Street")},
        CHECK,
        (
            "{dir}/trees/example-street.toml:6:9: TOML syntax error",
            "invalid value: fix the line (text needs quotes",
        ),
    ),
    Case(
        "tree-duplicate-toml-key",
        {TREE: edited(TREE, 'start = "admits"', 'start = "admits"\nstart = "history"')},
        CHECK,
        (
            "{dir}/trees/example-street.toml:11:18: TOML syntax error: this key is already set "
            "above: keep one: fix the line",
        ),
    ),
    Case(
        "tree-wrong-type",
        {TREE: edited(TREE, "rank = 40", 'rank = "forty"')},
        CHECK,
        (
            "{dir}/trees/example-street.toml:15: role sergeant: 'rank' must be a whole number, "
            "not text: fix 'rank'",
        ),
    ),
    Case(
        "tree-unknown-node-key",
        {TREE: edited(TREE, 'text = "Does the offender', 'txet = "Does the offender')},
        CHECK,
        (
            "{dir}/trees/example-street.toml:37: node admits: unknown key 'txet': "
            "did you mean 'text'?",
            "{dir}/trees/example-street.toml:35: node admits: missing 'text': add text = ...",
        ),
        lines=2,
    ),
    Case(
        "tree-unknown-section",
        {TREE: edited(TREE, "[roles.sergeant]", "[rolse.sergeant]")},
        CHECK,
        ("{dir}/trees/example-street.toml: file: unknown key 'rolse': did you mean 'roles'?",),
        lines=None,
    ),
    Case(
        "tree-unknown-kind",
        {TREE: edited(TREE, 'kind = "question"', 'kind = "qestion"')},
        CHECK,
        ("{dir}/trees/example-street.toml:36: node admits: unknown kind 'qestion'",),
        lines=None,
    ),
    Case(
        "tree-no-tree-table",
        {TREE: edited(TREE, "[tree]\n", "[tre]\n")},
        CHECK,
        ("{dir}/trees/example-street.toml: [tree]: no tree id",),
    ),
    Case(
        "tree-empty-file",
        {TREE: ""},
        CHECK,
        ("{dir}/trees/example-street.toml: file: the file is empty",),
    ),
    Case(
        "tree-not-utf8",
        {
            TREE: example(TREE)
            .encode("utf-8")
            .replace(b"Street Resolution:", b"Street \xa3olution:")
        },
        CHECK,
        (
            "{dir}/trees/example-street.toml:6:17: not UTF-8 text (byte 0xa3): "
            "save the file as UTF-8",
        ),
    ),
    Case(
        "tree-binary-file",
        {TREE: b"PK\x03\x04\x14\x00\x06\x00 a Word document, not a tree"},
        CHECK,
        (
            "{dir}/trees/example-street.toml:1: contains a NUL byte, so it is not a text file: "
            "check this is the right file",
        ),
    ),
    Case(
        "tree-very-large-file",
        {TREE: lambda: example(TREE) + ("# " + "x" * 98 + "\n") * 60_000},
        CHECK,
        (
            "{dir}/trees/example-street.toml: file: 6.1 MB is larger than the 1 MB a tree file "
            "may be: check this is the right file",
        ),
    ),
    Case(
        "tree-duplicate-id-across-files",
        {"trees/another.toml": example(TREE)},
        CHECK,
        (
            "{dir}/trees/example-street.toml: [tree] id: tree id 'example-street' is already "
            "used by {dir}/trees/another.toml: give each tree its own id",
        ),
    ),
    Case(
        "tree-id-of-a-bundled-tree",
        {TREE: edited(TREE, 'id = "example-street"', 'id = "kent-o32g"')},
        ("check", "kent-o32g"),
        ("{dir}/trees/example-street.toml: [tree] id: tree id 'kent-o32g' is already used by",),
    ),
    # -- trees: the graph ---------------------------------------------------------------------
    Case(
        "tree-missing-start-node",
        {TREE: edited(TREE, 'start = "admits"', 'start = "admit"')},
        CHECK,
        (
            "{dir}/trees/example-street.toml:10: [tree] start: start node 'admit' does not exist: "
            "set start to the id of the first question",
        ),
    ),
    Case(
        "tree-cycle",
        {TREE: edited(TREE, 'label = "No"\nnext = "resolution"', 'label = "No"\nnext = "admits"')},
        CHECK,
        ("{dir}/trees/example-street.toml:35: node admits: cycle admits -> history -> admits",),
    ),
    Case(
        # "Not sure" reaches history, whose answers are both for offenders who admit: stuck.
        "tree-dead-end",
        {TREE: dead_end},
        CHECK,
        (
            "{dir}/trees/example-street.toml:55: node history: no answer is offered when "
            "admitted = False: add an answer for these facts or fix the guards",
        ),
    ),
    Case(
        "tree-answer-to-missing-node",
        {TREE: edited(TREE, 'next = "stop_denied"', 'next = "stop_denid"')},
        CHECK,
        (
            "{dir}/trees/example-street.toml:44: node admits: answer 2 'No': next node "
            "'stop_denid' does not exist: did you mean 'stop_denied'?",
        ),
        lines=None,
    ),
    Case(
        "tree-cites-a-missing-paragraph",
        {TREE: edited(TREE, 'cite = ["EXF 2.1"]', 'cite = ["EXF 2.9"]')},
        CHECK,
        (
            "{dir}/trees/example-street.toml:52: node history: citation 'EXF 2.9' is not in the "
            "guidance: did you mean",
        ),
    ),
    Case(
        # Found by tests/test_properties.py: a blank citation crashed the suggestion search.
        "tree-blank-citation",
        {TREE: edited(TREE, 'cite = ["EXF 2.1"]', 'cite = [""]')},
        CHECK,
        (
            "{dir}/trees/example-street.toml:52: node history: citation '' is not in the "
            "guidance: cite an existing paragraph as DOC PARA",
        ),
    ),
    Case(
        "tree-unknown-role",
        {TREE: edited(TREE, '{ role = "sergeant"', '{ role = "sargeant"')},
        CHECK,
        ("node history: answer 1 'Yes': unknown role 'sargeant': declare [roles.sargeant]",),
    ),
    Case(
        "tree-unknown-disposal",
        {TREE: edited(TREE, 'disposal = "not_permitted"', 'disposal = "not_allowed"')},
        CHECK,
        ("node stop_denied: unknown disposal 'not_allowed': use one of street_resolution",),
    ),
    Case(
        "tree-fact-of-wrong-type",
        {
            TREE: edited(
                TREE,
                'label = "Yes"\nnext = "history"',
                'label = "Yes"\nnext = "history"\nset = { admitted = [1] }',
            )
        },
        CHECK,
        ("node admits: answer 1 'Yes': fact 'admitted' must be true/false, text or a number",),
    ),
    # -- guidance documents -------------------------------------------------------------------
    Case(
        "guidance-duplicate-paragraph-id",
        {DOC: edited(DOC, "**2.2** The officer", "**2.1** The officer")},
        CITE,
        (
            "{dir}/guidance/example-force.md: line 27: paragraph id '2.1' is already used at "
            "line 25: give one a distinct id",
        ),
    ),
    Case(
        "guidance-empty-file",
        {DOC: ""},
        CITE,
        ("{dir}/guidance/example-force.md: line 1: no front matter",),
    ),
    Case(
        "guidance-not-utf8",
        {DOC: example(DOC).encode("utf-8").replace("–".encode(), b"\x96")},
        CITE,
        (
            "{dir}/guidance/example-force.md:3:29: not UTF-8 text (byte 0x96): "
            "save the file as UTF-8",
        ),
    ),
    Case(
        "guidance-front-matter-syntax",
        {DOC: edited(DOC, 'paragraphs = "labelled"', "paragraphs = labelled")},
        CITE,
        (
            "{dir}/guidance/example-force.md:9:14: TOML syntax error: invalid value: "
            'fix the front matter line (write key = "value")',
        ),
    ),
    Case(
        "guidance-unknown-front-matter-key",
        {DOC: edited(DOC, "owner =", "ower =")},
        CITE,
        (
            "{dir}/guidance/example-force.md: front matter: unknown key 'ower': "
            "did you mean 'owner'?",
        ),
    ),
    Case(
        "guidance-missing-id",
        {DOC: edited(DOC, 'id = "EXF"\n', "")},
        CITE,
        ("{dir}/guidance/example-force.md: front matter: missing 'id'",),
    ),
    Case(
        "guidance-duplicate-document-id",
        {"guidance/copy.md": example(DOC)},
        CITE,
        (
            "{dir}/guidance/example-force.md: front matter: id: document id 'EXF' is already "
            "used by {dir}/guidance/copy.md: give each guidance document its own id",
        ),
    ),
    Case(
        "guidance-very-large-file",
        {DOC: lambda: example(DOC) + ("\n" + "word " * 19 + "\n") * 60_000},
        CITE,
        (
            "{dir}/guidance/example-force.md: file: 5.8 MB is larger than the 1 MB a guidance "
            "document may be: check this is the right file",
        ),
    ),
    Case(
        "guidance-unknown-paragraph-mode",
        {DOC: edited(DOC, 'paragraphs = "labelled"', 'paragraphs = "numbered"')},
        CITE,
        ("{dir}/guidance/example-force.md: front matter: paragraphs: unknown mode 'numbered'",),
    ),
    Case(
        "guidance-front-matter-wrong-type",
        {DOC: edited(DOC, 'next_review = "2099-01"', "next_review = 2099-01-01")},
        CITE,
        ("{dir}/guidance/example-force.md: front matter: next_review: must be a string",),
    ),
    Case(
        "cite-unknown-paragraph",
        {},
        ("cite", "EXF", "2.9"),
        ("unknown citation 'EXF 2.9': did you mean",),
    ),
    # -- scenarios ----------------------------------------------------------------------------
    Case(
        "scenario-toml-syntax",
        {SCENARIO: scenario('title = "Denied"', "title = Denied")},
        RUN,
        ("{dir}/" + SCENARIO + ":1:", "TOML syntax error"),
    ),
    Case(
        "scenario-unknown-key",
        {SCENARIO: scenario("narrative =", "narative =")},
        RUN,
        ("{dir}/" + SCENARIO, "unknown key 'narative': did you mean 'narrative'?"),
        lines=None,
    ),
    Case(
        "scenario-unknown-tree",
        {SCENARIO: scenario('tree = "example-street"', 'tree = "example-stret"')},
        RUN,
        ("{dir}/" + SCENARIO, "example-stret"),
        lines=None,
    ),
    Case(
        "scenario-answer-not-offered",
        {SCENARIO: scenario('admits = "no"', 'admits = "nope"')},
        RUN,
        ("{dir}/" + SCENARIO, "'nope' is not an answer id of this question"),
        lines=None,
    ),
    Case(
        "scenario-wrong-type",
        {SCENARIO: scenario("authorisers = []", 'authorisers = "sergeant"')},
        RUN,
        ("{dir}/" + SCENARIO, "'authorisers' must be a list"),
        lines=None,
    ),
    Case(
        "scenario-empty-file",
        {SCENARIO: ""},
        RUN,
        ("{dir}/" + SCENARIO + ": file: the file is empty: write the scenario in it",),
    ),
    Case(
        "scenario-not-utf8",
        {SCENARIO: GOOD_SCENARIO.encode().replace(b"denies", b"d\xe9nies")},
        RUN,
        ("{dir}/" + SCENARIO + ":3:28: not UTF-8 text (byte 0xe9): save the file as UTF-8",),
    ),
    Case(
        "scenario-unknown-authoriser",
        {SCENARIO: scenario("authorisers = []", 'authorisers = ["sargeant"]')},
        RUN,
        (
            "{dir}/" + SCENARIO + ":10: [expected] authorisers: unknown authorising role "
            "'sargeant': did you mean 'sergeant'?",
        ),
        lines=None,
    ),
    Case(
        "scenario-note-cites-a-missing-paragraph",
        {SCENARIO: scenario() + '\n[[notes]]\ntext = "Why."\ncite = ["EXF 7.7"]\n'},
        RUN,
        ("{dir}/" + SCENARIO + ":14: [[notes]] 1: unknown citation 'EXF 7.7': did you mean",),
        lines=None,
    ),
    Case(
        "scenario-answer-to-a-question-never-asked",
        {SCENARIO: scenario('admits = "no"', 'admits = "no"\nhistory = "no"')},
        RUN,
        (
            "{dir}/" + SCENARIO + ":7: [answers] history: the walk reaches 'stop_denied' "
            "without asking 'history': remove those answers",
        ),
        lines=None,
    ),
    # -- contacts -----------------------------------------------------------------------------
    Case(
        "contacts-toml-syntax",
        {"contacts.toml": "[roles.sergeant]\nname = PS 1234\n"},
        ("contacts",),
        (
            "{dir}/contacts.toml:2:8: TOML syntax error: invalid value: fix the line (text "
            "needs quotes, tables are written [roles.ROLE-ID]); contacts are not used until "
            "it is fixed",
        ),
    ),
    Case(
        "contacts-unknown-key",
        {"contacts.toml": '[roles.sergeant]\nnmae = "PS 1234"\n'},
        ("contacts",),
        ("{dir}/contacts.toml:2: roles.sergeant.nmae: ", "did you mean 'name'?"),
    ),
    Case(
        "contacts-wrong-type",
        {"contacts.toml": "[roles.sergeant]\nphone = 1632960000\n"},
        ("contacts",),
        ("{dir}/contacts.toml:2: roles.sergeant.phone: ", "quotes"),
    ),
    Case(
        "contacts-not-utf8",
        {"contacts.toml": b'unit = "B\xe9xley"\n'},
        ("contacts",),
        (
            "{dir}/contacts.toml:1:10: not UTF-8 text (byte 0xe9): save the file as UTF-8; "
            "contacts are not used until it is fixed",
        ),
    ),
]


def build(folder: Path, case: Case) -> None:
    shutil.copytree(EXAMPLE, folder)
    for relative, content in case.files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content() if callable(content) else content
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_input_is_one_clear_line(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "force"
    build(folder, case)
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(folder / "contacts.toml"))
    command = [part.replace("{dir}", str(folder)) for part in case.command]
    code = main([command[0], "--trees", str(folder), *command[1:]])
    captured = capsys.readouterr()
    # `check` lists a tree's problems on standard output, like a linter; the rest is stderr.
    err = captured.err + (captured.out if command[0] == "check" else "")
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line.removeprefix("cr-assistant: ") for line in err.splitlines() if line.strip()]
    if case.lines is not None:
        assert len(lines) == case.lines, err
    for fragment in case.expect:
        assert fragment.replace("{dir}", str(folder)) in err, err


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.slow
@pytest.mark.parametrize("case_id", ["tree-not-utf8", "guidance-duplicate-paragraph-id"])
def test_the_installed_command_gives_the_same_line(case_id: str, tmp_path: Path) -> None:
    import subprocess
    import sys

    case = next(case for case in CASES if case.id == case_id)
    folder = tmp_path / "force"
    build(folder, case)
    command = [part.replace("{dir}", str(folder)) for part in case.command]
    result = subprocess.run(
        [sys.executable, "-m", "assistant", command[0], "--trees", str(folder), *command[1:]],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert case.expect[0].replace("{dir}", str(folder)) in line


# A watchdog, not a speed test: a check that walked each of the 2^41 paths would never end.
@pytest.mark.timeout(120)
def test_a_tree_with_a_trillion_paths_is_checked(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    chain = []
    for number in range(40):
        following = f"c{number + 1}" if number < 39 else "history"
        chain.append(
            f'[nodes.c{number}]\nkind = "question"\ntext = "Step {number}?"\ncite = ["EXF 1.1"]\n'
            + "".join(
                f'[[nodes.c{number}.answers]]\nlabel = "{label}"\nnext = "{following}"\n'
                for label in ("Yes", "No")
            )
        )
    tree = edited(TREE, 'label = "Yes"\nnext = "history"', 'label = "Yes"\nnext = "c0"')
    (folder / TREE).write_text(tree + "\n".join(chain), encoding="utf-8")
    assert main(["check", "--trees", str(folder), "example-street"]) == 0
    paths = 2**41 + 1  # both answers of 40 steps and of history, and the denial
    assert f"example-street, 44 nodes, {paths} paths to an outcome" in capsys.readouterr().out


def test_a_byte_order_mark_is_not_an_error(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # Some Windows editors start UTF-8 files with one; it is not part of the text.
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    for relative in (TREE, DOC):
        (folder / relative).write_bytes(b"\xef\xbb\xbf" + (EXAMPLE / relative).read_bytes())
    assert main(["check", "--trees", str(folder), "example-street"]) == 0
    assert "example-street, 4 nodes, 3 paths to an outcome" in capsys.readouterr().out
