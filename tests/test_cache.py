"""The start-up cache saves work on an unchanged start and never changes what the user sees."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import cache
from assistant.catalogue import Catalogue
from assistant.cli import main
from assistant.corpus import Corpus, load_corpus
from assistant.corpus.stored import from_json
from assistant.errors import InputError
from assistant.paths import bundled_guidance
from tests.conftest import REPO

EXAMPLE = REPO / "tests" / "fixtures" / "force-example"


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    return folder


@pytest.fixture
def force(tmp_path: Path) -> Path:
    """An editable copy of the example force folder."""
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    return folder


def fresh_start(force: Path) -> Catalogue:
    """What a new process does: the in-process corpus memo forgotten."""
    load_corpus.cache_clear()
    return Catalogue([force])


def test_a_second_start_reads_the_cache_and_gets_the_same_corpus(cache_folder: Path) -> None:
    parsed = Corpus.from_folders([bundled_guidance()], cached=False)
    first = Corpus.from_folders([bundled_guidance()])
    entries = [path.name.split("-")[0] for path in cache_folder.iterdir()]
    assert sorted(entries) == ["corpus", cache.SECRET]
    second = Corpus.from_folders([bundled_guidance()])
    assert list(second) == list(parsed) == list(first)
    assert second.documents == parsed.documents


def test_an_edited_tree_is_validated_again_after_a_cached_start(
    cache_folder: Path, force: Path
) -> None:
    fresh_start(force).tree("example-street")
    fresh_start(force).tree("example-street")  # from the cache
    tree_file = force / "trees" / "example-street.toml"
    tree_file.write_text(tree_file.read_text().replace('cite = ["EXF 2.1"]', 'cite = ["EXF 2.9"]'))
    with pytest.raises(InputError) as raised:
        fresh_start(force).tree("example-street")
    assert "EXF 2.9" in raised.value.problems[0]


def test_a_cached_start_builds_the_same_tree_from_the_stored_toml(
    cache_folder: Path, force: Path
) -> None:
    first = fresh_start(force).tree("example-street")
    stored = [path for path in cache_folder.iterdir() if path.name.startswith("valid-tree-")]
    assert len(stored) == 1 and '"nodes"' in stored[0].read_text(encoding="utf-8")
    second = fresh_start(force).tree("example-street")  # from the stored TOML, not validated
    assert (second.meta, second.roles, second.nodes) == (first.meta, first.roles, first.nodes)


def test_edited_guidance_invalidates_a_tree_validated_against_it(
    cache_folder: Path, force: Path
) -> None:
    fresh_start(force).tree("example-street")
    guidance = force / "guidance" / "example-force.md"
    guidance.write_text(guidance.read_text().replace("**2.1**", "**2.7**"))
    with pytest.raises(InputError) as raised:
        fresh_start(force).tree("example-street")
    assert "EXF 2.1" in raised.value.problems[0]


def test_a_damaged_cache_is_ignored(cache_folder: Path, force: Path) -> None:
    expected = list(fresh_start(force).corpus)
    fresh_start(force).tree("example-street")
    for entry in cache_folder.iterdir():
        if entry.name == cache.SECRET:
            continue
        entry.write_text(entry.read_text()[:-40] + "garbage")
    catalogue = fresh_start(force)
    assert list(catalogue.corpus) == expected
    assert catalogue.tree("example-street").id == "example-street"


def test_a_stored_corpus_of_the_wrong_shape_is_a_miss() -> None:
    assert from_json('{"format": 1, "documents": [{"document": {}}]}') is None
    assert from_json('{"format": 2, "documents": []}') is None
    assert from_json("[1, 2]") is None


def test_an_unwritable_cache_folder_only_means_no_cache(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker / "cache"))
    load_corpus.cache_clear()
    assert Catalogue().tree("kent-o32g").id == "kent-o32g"


def test_check_never_uses_the_cache(cache_folder: Path, capsys) -> None:
    assert main(["check", "kent-o32g"]) == 0
    assert not cache_folder.exists()


def test_a_cached_start_imports_neither_networkx_nor_markdown_it(cache_folder: Path) -> None:
    code = (
        "import sys\n"
        "from assistant.catalogue import Catalogue\n"
        "Catalogue().tree('kent-o32g')\n"
        "print(' '.join(m for m in ('networkx', 'markdown_it') if m in sys.modules))\n"
    )

    def loaded() -> str:
        run = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
        )
        return run.stdout.strip()

    assert loaded() == "networkx markdown_it"  # the first start parses and validates
    assert loaded() == ""


def test_a_renamed_tree_id_is_seen_after_a_cached_start(cache_folder: Path, force: Path) -> None:
    assert "example-street" in fresh_start(force).tree_files
    assert "example-street" in fresh_start(force).tree_files  # from the cache
    tree_file = force / "trees" / "example-street.toml"
    tree_file.write_text(tree_file.read_text().replace('"example-street"', '"example-lane"', 1))
    files = fresh_start(force).tree_files
    assert "example-lane" in files
    assert "example-street" not in files


def _start_question(catalogue: Catalogue, tree_id: str) -> str:
    tree = catalogue.tree(tree_id)
    return tree.nodes[tree.meta.start].text


def test_a_cache_folder_others_can_write_is_refused_with_one_line(
    cache_folder: Path, force: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache_folder.mkdir(mode=0o700)
    cache_folder.chmod(0o777)
    fresh_start(force).tree("example-street")
    fresh_start(force).tree("example-street")
    assert list(cache_folder.iterdir()) == []
    warning = capsys.readouterr().err.strip().splitlines()
    assert len(warning) == 1
    assert str(cache_folder) in warning[0] and "mode 0777" in warning[0] and "0700" in warning[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a folder to another user")
def test_a_cache_folder_of_another_user_is_refused(
    cache_folder: Path, force: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache_folder.mkdir(mode=0o700)
    os.chown(cache_folder, 54321, -1)
    fresh_start(force).tree("example-street")
    assert list(cache_folder.iterdir()) == []
    assert "belongs to another user" in capsys.readouterr().err


def test_a_forged_entry_with_a_recomputed_checksum_changes_nothing(
    cache_folder: Path, force: Path
) -> None:
    original = _start_question(fresh_start(force), "example-street")
    (entry,) = [path for path in cache_folder.iterdir() if path.name.startswith("valid-tree-")]
    # What an attacker who can write the folder does: change a question and recompute every
    # checksum of the text that anyone can recompute.
    lines = entry.read_text(encoding="utf-8").split("\n")
    body_at = next(i for i, line in enumerate(lines) if line.startswith("{"))
    text = "\n".join(lines[body_at:])
    forged = text.replace(json.dumps(original)[1:-1], "Forged question: answer Yes")
    assert forged != text
    old_sum, new_sum = (hashlib.sha256(t.encode()).hexdigest() for t in (text, forged))
    head = [new_sum if line == old_sum else line for line in lines[:body_at]]
    entry.write_text("\n".join([*head, forged]), encoding="utf-8")
    assert _start_question(fresh_start(force), "example-street") == original


def test_an_entry_copied_under_another_trees_name_is_a_miss(cache_folder: Path) -> None:
    kent = _start_question(fresh_start(REPO), "kent-o32g")
    suffolk = _start_question(fresh_start(REPO), "suffolk-tiers")
    entries = sorted(
        (path for path in cache_folder.iterdir() if path.name.startswith("valid-tree-")),
        key=lambda path: "kent-o32g" in path.read_text(encoding="utf-8"),
    )
    suffolk_entry, kent_entry = entries
    suffolk_entry.write_bytes(kent_entry.read_bytes())
    assert kent != suffolk
    assert _start_question(fresh_start(REPO), "suffolk-tiers") == suffolk


def test_a_new_validator_version_validates_cached_trees_again(
    cache_folder: Path, force: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh_start(force).tree("example-street")
    monkeypatch.setattr(cache, "VALIDATOR_VERSION", cache.VALIDATOR_VERSION + 1)
    cache.code_fingerprint.cache_clear()
    try:
        fresh_start(force).tree("example-street")
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()
    stored = [path for path in cache_folder.iterdir() if path.name.startswith("valid-tree-")]
    assert len(stored) == 2  # the entry made under the old version was not used
