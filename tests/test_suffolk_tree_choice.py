"""Choosing between trees (Kent's O32g, Suffolk's tiers, a force folder's own) without --tree.

With several trees and no --tree, `ask` uses the tree last chosen from its numbered list, or shows
the list and reads the choice like any other answer (so it works in a pipe). Nothing silently
falls back to one force's tree.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant import preferences
from assistant.catalogue import ENV_VAR, Catalogue
from assistant.cli import main
from assistant.errors import InputError

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "force-example"


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(tmp_path / "contacts.toml"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    return tmp_path / "config" / "cr-assistant"


def _ask(monkeypatch, capsys, stdin: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["ask", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_nothing_is_remembered_at_first_and_a_choice_is_kept():
    assert preferences.last_tree() is None
    assert preferences.remember_tree("suffolk-tiers")
    assert preferences.last_tree() == "suffolk-tiers"
    assert preferences.preferences_path().parent.name == "cr-assistant"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"last_tree": 7}', ""])
def test_a_corrupt_preferences_file_is_ignored_then_replaced(config, content):
    config.mkdir(parents=True)
    (config / "preferences.json").write_text(content, encoding="utf-8")
    assert preferences.last_tree() is None
    assert preferences.remember_tree("kent-o32g")
    assert json.loads((config / "preferences.json").read_text())["last_tree"] == "kent-o32g"


def test_an_unwritable_config_folder_does_not_raise(config):
    config.parent.mkdir(parents=True)
    config.write_text("a file where the folder should be")
    assert preferences.remember_tree("kent-o32g") is False
    assert preferences.last_tree() is None


def test_no_tree_is_picked_silently_when_several_exist():
    with pytest.raises(InputError, match=r"several trees are available \(kent-o32g, suffolk"):
        Catalogue().tree_path(None)


def test_ask_lists_the_trees_reads_the_choice_from_a_pipe_and_remembers_it(monkeypatch, capsys):
    code, out, _ = _ask(monkeypatch, capsys, "2\n1\n1\n", "--answers", "")
    assert code == 0
    assert "Which guidance do you want to follow?" in out
    assert "1. Kent Police: Community Resolution: can one be used" in out
    assert "2. Suffolk Constabulary: Community Resolution in Suffolk" in out
    assert "Level 3 – Specialist Case Conferencing" in out
    assert preferences.last_tree() == "suffolk-tiers"
    # Next time the remembered tree is used, and the officer is told so.
    code, out, _ = _ask(monkeypatch, capsys, "", "--answers", "1,1")
    assert code == 0
    assert "Which guidance" not in out
    assert "Tree: Community Resolution in Suffolk: which of the four tiers? (Suffolk " in out
    assert "your last choice; --tree ID picks another" in out


def test_tree_id_or_its_start_is_accepted_and_a_wrong_reply_asks_again(monkeypatch, capsys):
    code, out, _ = _ask(monkeypatch, capsys, "9\nsuff\n", "--answers", "1,1")
    assert code == 0
    assert "choose a number from 1 to 2" in out
    assert preferences.last_tree() == "suffolk-tiers"


def test_explicit_tree_is_for_one_run_and_not_remembered(monkeypatch, capsys):
    code, _, _ = _ask(monkeypatch, capsys, "", "--tree", "suffolk-tiers", "--answers", "1,1")
    assert code == 0
    assert preferences.last_tree() is None


def test_input_ending_before_a_choice_is_a_clear_stop(monkeypatch, capsys):
    code, _, err = _ask(monkeypatch, capsys, "")
    assert code == 1
    assert "input ended before a tree was chosen: use --tree ID" in err


def test_a_remembered_tree_that_is_no_longer_available_is_not_used(monkeypatch, capsys):
    preferences.remember_tree("example-street")
    code, out, _ = _ask(monkeypatch, capsys, "1\n")
    assert code == 1  # the list was shown, then the input ended mid-walk
    assert "Which guidance do you want to follow?" in out
    assert preferences.last_tree() == "kent-o32g"


def test_a_force_folder_tree_joins_the_list(monkeypatch, capsys):
    code, out, _ = _ask(monkeypatch, capsys, "3\nYes\nNo\n", "--trees", str(EXAMPLE))
    assert code == 0
    assert "3. Example Constabulary (fictional, for tests): Street Resolution" in out
    assert "A Street Resolution may be used" in out
