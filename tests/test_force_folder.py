"""A force's own folder: trees, guidance and scenarios added without code.

The example folder (tests/fixtures/force-example) is a fictional second force with its own
guidance document (doc EXF) and tree (example-street). It must load, validate and run exactly
like the bundled data, from --trees before or after the command and from $CR_ASSISTANT_TREES.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.catalogue import ENV_VAR, Catalogue
from assistant.cli import main
from assistant.engine import Session

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "fixtures" / "force-example"


@pytest.fixture(autouse=True)
def _private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(tmp_path / "contacts.toml"))
    monkeypatch.delenv(ENV_VAR, raising=False)


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=REPO,
        input="",
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_example_folder_loads_beside_the_bundled_trees():
    catalogue = Catalogue([EXAMPLE])
    assert {"kent-o32g", "suffolk-tiers", "example-street"} <= set(catalogue.tree_files)
    assert catalogue.tree_files["example-street"].force.startswith("Example Constabulary")
    assert "EXF" in catalogue.corpus.documents
    assert catalogue.corpus.resolve("EXF 2.1").text.startswith("Where the offender has received")
    tree = catalogue.tree("example-street")
    session = Session(tree)
    session.answer("Yes")
    session.answer("Yes")
    rec = session.recommendation()
    assert rec.disposal_label == "Street Resolution, once authorised"
    assert [role.id for role in rec.authorising_roles] == ["sergeant"]


def test_example_folder_validates_with_check():
    done = _run("--trees", str(EXAMPLE), "check", "--tree", "example-street", "--coverage")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "example-street.toml: ok: example-street, 4 nodes, 3 paths" in done.stdout
    assert "Normative paragraphs of EXF: 3, 3 covered" in done.stdout


def test_example_folder_runs_with_ask_and_names_its_force_and_document():
    done = _run("ask", "--trees", str(EXAMPLE), "--tree", "example-street", "--answers", "1,1")
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "Street Resolution, once authorised: A Street Resolution may be used" in out
    assert "[ ] Sergeant - A second Street Resolution within 12 months. [EXF 2.1]" in out
    assert (
        "Tree: example-street, Street Resolution: can one be used? (Example Constabulary "
        "(fictional, for tests)); policy: Example procedure SR1" in out
    )


def test_example_folder_from_the_environment_variable():
    done = _run("ask", "--tree", "example-street", "--answers", "No", env={ENV_VAR: str(EXAMPLE)})
    assert done.returncode == 0, done.stderr
    assert "The offence is denied" in done.stdout


def test_a_broken_tree_in_a_force_folder_is_refused_like_a_bundled_one(tmp_path):
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    tree = folder / "trees" / "example-street.toml"
    tree.write_text(tree.read_text().replace('cite = ["EXF 2.1"]', 'cite = ["EXF 2.9"]'))
    for args in (
        ["check", "--tree", "example-street"],
        ["ask", "--tree", "example-street", "--answers", "1,1"],
    ):
        done = _run("--trees", str(folder), *args)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        problem = f"{tree}:52: node history: citation 'EXF 2.9' is not in the guidance"
        assert problem in done.stdout + done.stderr


def test_duplicate_tree_id_across_folders_is_one_line(tmp_path):
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(REPO / "trees" / "suffolk-tiers.toml", folder / "trees" / "copy.toml")
    done = _run("--trees", str(folder), "check")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "copy.toml: [tree] id: tree id 'suffolk-tiers' is already used by" in lines[0]


def test_duplicate_document_id_across_folders_is_one_line(tmp_path):
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    shutil.copy(REPO / "guidance" / "suffolk-tiers.md", folder / "guidance" / "again.md")
    done = _run("--trees", str(folder), "check", "--tree", "example-street")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "again.md: front matter: id: document id 'SCR' is already used by" in lines[0]


@pytest.mark.parametrize(
    ("make", "expect"),
    [
        (lambda root: root / "missing", "folder: does not exist"),
        (lambda root: root, "folder: holds neither trees/ nor guidance/"),
    ],
    ids=["missing", "empty"],
)
def test_a_folder_that_is_not_a_force_folder_is_one_line(tmp_path, capsys, make, expect):
    assert main(["--trees", str(make(tmp_path)), "check"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expect in err[0]


def test_the_same_folder_twice_is_loaded_once(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(EXAMPLE))
    catalogue = Catalogue.from_options([str(EXAMPLE)])
    assert list(catalogue.tree_files).count("example-street") == 1


def test_scenario_folders_of_a_force_folder_are_found(tmp_path):
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    (folder / "trees" / "scenarios" / "example-street").mkdir(parents=True)
    catalogue = Catalogue([folder])
    assert catalogue.scenario_folders("example-street") == [
        folder / "trees" / "scenarios" / "example-street"
    ]
