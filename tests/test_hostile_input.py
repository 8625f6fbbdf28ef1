"""Hostile input (issue 19 items 2, 3 and 8): a force folder whose words try to drive the
terminal, and replies, dates and options an attacker or a careless user gives.

Text from a force folder is data: a loader refuses escape sequences (a window title, a cleared
screen, the clipboard by OSC 52, a hidden link by OSC 8), bidi overrides and zero-width
characters with one line naming the file and line, and two answers that look the same are one
label twice. Whatever still reaches a plain-text output is shown as ``\\uXXXX``, never obeyed.
Replies are numbers in ASCII digits only; nothing here ends in a traceback.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from assistant.catalogue import ENV_VAR
from assistant.cli import main
from assistant.engine.session import AnswerError, match_answer, offence_date
from assistant.terminal_text import terminal_safe
from assistant.textout import wrap
from assistant.training import PredictionError, prediction_choices

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "fixtures" / "force-example"
STREET = (EXAMPLE / "trees" / "example-street.toml").read_text(encoding="utf-8")
GUIDANCE = (EXAMPLE / "guidance" / "example-force.md").read_text(encoding="utf-8")

# Each hostile tree: its id, the text it writes in place of a line of the example tree, and
# the words the one-line refusal must give. The text is written into the file as it is shown
# (a raw ESC, a raw U+202E), except the last, which uses TOML's own escape.
HOSTILE_TREES = [
    ("clear-screen", 'text = "Does the offender admit\x1b[2J\x1b[H the offence?"', "U+001B"),
    ("osc-52", 'label = "Yes\x1b]52;c;cm0gLXJmIH4=\x07"', "U+001B"),
    ("osc-8", 'label = "\x1b]8;;https://example.invalid\x1b\\\\No\x1b]8;;\x1b\\\\"', "U+001B"),
    ("window-title", 'text = "Has the offender \x1b]0;pwned\x07received one?"', "U+001B"),
    ("bidi", 'label = "No \u202eyes"', "right-to-left override (U+202E)"),
    ("isolate", 'label = "No \u2066yes\u2069"', "U+2066"),
    ("zero-width", 'label = "Yes\u200b"', "zero-width space (U+200B)"),
    ("toml-escape", 'label = "Yes\\u001b]0;x\\u0007"', "written as an escape"),
]


def _hostile_tree(tree_id: str, line: str) -> tuple[str, int]:
    """The example tree renamed ``tree_id`` with ``line`` in place of the first line of the
    same key; and that line's number."""
    key = line.split(" =", 1)[0]
    lines = STREET.splitlines()
    index = next(n for n, text in enumerate(lines) if text.startswith(f"{key} = "))
    lines[index] = line
    text = "\n".join(lines).replace('id = "example-street"', f'id = "{tree_id}"', 1)
    return text + "\n", index + 1


@pytest.fixture(autouse=True)
def _private_config(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(tmp_path / "contacts.toml"))
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> tuple[Path, dict[str, tuple[Path, int, str]]]:
    """The example force folder (its guidance, EXF) and, beside it, one tree file per hostile
    input plus a tree whose first question offers "Yes" and a full-width "Ｙｅｓ" leading to
    different places."""
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    expected: dict[str, tuple[Path, int, str]] = {}
    for tree_id, line, words in HOSTILE_TREES:
        text, number = _hostile_tree(tree_id, line)
        path = hostile / f"{tree_id}.toml"
        path.write_text(text, encoding="utf-8")
        expected[tree_id] = (path, number, words)
    look_alike = STREET.replace('id = "example-street"', 'id = "look-alike"', 1).replace(
        'label = "No"\nnext = "stop_denied"', 'label = "Ｙｅｓ"\nnext = "stop_denied"', 1
    )
    path = hostile / "look-alike.toml"
    path.write_text(look_alike, encoding="utf-8")
    line = look_alike.splitlines().index("[nodes.admits]") + 1
    expected["look-alike"] = (path, line, "two answers are labelled 'Yes' and 'Ｙｅｓ'")
    return folder, expected


def test_check_names_every_hostile_tree_at_its_line_and_fails(hostile_folder, capsys):
    folder, expected = hostile_folder
    files = [str(path) for path, _, _ in expected.values()]
    assert main(["check", "--trees", str(folder), *files]) == 2
    out, err = capsys.readouterr()
    for tree_id, (path, line, words) in expected.items():
        found = [row for row in out.splitlines() if row.startswith(f"{path}:")]
        assert len(found) == 1, (tree_id, out)
        assert found[0].startswith(f"{path}:{line}:") and words in found[0], found[0]
    assert "\x1b" not in out + err and "\u202e" not in out + err and "\u200b" not in out + err


def test_a_hostile_tree_in_a_force_folder_stops_every_command_with_one_line(hostile_folder, capsys):
    folder, expected = hostile_folder
    path, line, _ = expected["osc-52"]
    shutil.copy(path, folder / "trees" / path.name)
    for command in (["check"], ["ask", "--tree", "example-street"], ["matrix"]):
        assert main([*command, "--trees", str(folder)]) == 2
        out, err = capsys.readouterr()
        assert (
            err == f"cr-assistant: {folder / 'trees' / path.name}:{line}:" + err.split(":", 3)[3]
            and err.count("\n") == 1
        )
        assert "\x1b" not in out + err


@pytest.mark.parametrize(
    ("where", "bad"),
    [("guidance", "\x1b]52;c;aGk=\x07"), ("guidance", "\u202e"), ("guidance", "\u2060")],
)
def test_hostile_guidance_is_refused_at_its_line(tmp_path, capsys, where, bad):
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    document = folder / "guidance" / "example-force.md"
    text = GUIDANCE.replace("offender admits it.", f"offender admits it.{bad}", 1)
    document.write_text(text, encoding="utf-8")
    line = text[: text.index(bad)].count("\n") + 1
    assert main(["check", "--trees", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"{document}:{line}:" in err and "\x1b" not in err and bad not in err


@pytest.mark.parametrize("entity", ["&#x202E;", "&#8203;", "&#x2066;"])
def test_a_bidi_or_zero_width_html_entity_in_guidance_is_refused(tmp_path, capsys, entity):
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    document = folder / "guidance" / "example-force.md"
    text = GUIDANCE.replace("where the offender admits it.", f"where the {entity}No yes.", 1)
    document.write_text(text, encoding="utf-8")
    line = text[: text.index(entity)].count("\n") + 1
    assert main(["check", "--trees", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"{document}:{line}: paragraph 1.1:" in err and "HTML entity" in err


def test_hostile_scenario_is_refused_at_its_line(tmp_path, capsys):
    folder = tmp_path / "force"
    shutil.copytree(EXAMPLE, folder)
    scenarios = folder / "trees" / "scenarios" / "example-street"
    scenarios.mkdir(parents=True)
    scenario = scenarios / "osc.toml"
    scenario.write_text(
        'id = "osc"\ntree = "example-street"\ntitle = "Clipboard\x1b]52;c;aGk=\x07"\n',
        encoding="utf-8",
    )
    assert main(["--trees", str(folder), "scenarios", "run", "--tree", "example-street"]) == 2
    err = capsys.readouterr().err
    assert f"{scenario}:3:" in err and "U+001B" in err and "\x1b" not in err


def test_hostile_contacts_file_is_refused_at_its_line(tmp_path, capsys, monkeypatch):
    contacts = tmp_path / "contacts.toml"
    contacts.write_text('unit = "Ops"\n\n[roles.sergeant]\nname = "Sgt\u200d"\n', encoding="utf-8")
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(contacts))
    main(["contacts"])
    captured = capsys.readouterr()
    assert f"{contacts}:4:" in captured.err + captured.out
    assert "zero-width joiner (U+200D)" in captured.err + captured.out


# -- what still reaches a terminal is shown, not obeyed --------------------------------------


def test_terminal_safe_shows_controls_bidi_and_zero_width_as_code_points():
    shown = terminal_safe("a\x1b]0;x\x07b \u202eyes\u200b\tok\nnext\x9b")
    assert shown == "a\\u001b]0;x\\u0007b \\u202eyes\\u200b\tok\nnext\\u009b"


def test_wrapped_text_never_carries_an_escape():
    assert "\x1b" not in wrap("Clear\x1b[2J the screen") and "\\u001b[2J" in wrap("\x1b[2J")


def test_a_markdown_export_writes_an_escape_as_text():
    from assistant.markdown_text import escape_markdown

    written = escape_markdown("Yes\x1b]52;c;aGk=\x07 \u202eon")
    assert "\x1b" not in written and "\u202e" not in written
    assert written == "Yes\\\\u001b\\]52;c;aGk=\\\\u0007 \\\\u202eon"


def test_an_error_line_repeating_a_hostile_tree_id_is_shown_not_obeyed(capsys):
    assert main(["ask", "--tree", "x\x1b]0;pwned\x07\u202e"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\\u001b]0;pwned\\u0007\\u202e" in err
    assert "\x1b" not in err and "\u202e" not in err


# -- replies, dates and options ----------------------------------------------------------------


def test_a_5000_digit_reply_is_refused_with_one_short_line(o32g):
    with pytest.raises(AnswerError) as refused:
        match_answer(o32g.start.answers, "1" * 5000)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 1000


@pytest.mark.parametrize("reply", ["²", "¹", "①", "1" * 5000])
def test_a_training_prediction_in_other_digits_is_refused(o32g, reply):
    choices = prediction_choices(o32g)
    with pytest.raises(PredictionError):
        choices.disposal(reply)
    with pytest.raises(PredictionError):
        choices.authorisers(f"1, {reply}")


@pytest.mark.parametrize("reply", ["²", "①"])
def test_choosing_a_tree_by_a_superscript_digit_is_one_line(monkeypatch, capsys, reply):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{reply}\n"))
    assert main(["ask", "--no-resume"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "choose a number from 1 to" in out


def test_a_5000_digit_answer_in_ask_is_one_line_not_a_traceback(monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("1" * 5000 + "\n"))
    assert main(["ask", "--tree", "kent-o32g", "--no-resume"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1 and "is not one of the answers" in err


@pytest.mark.parametrize(
    ("date", "words"),
    [("9999-12-31", "is after today"), ("1999-12-31", "is before 2000-01-01")],
)
def test_an_offence_date_out_of_range_is_refused(capsys, date, words):
    with pytest.raises(SystemExit) as stopped:
        main(["ask", "--tree", "kent-o32g", "--offence-date", date])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and words in err and "--offence-date" in err


def test_the_offence_date_range_is_from_2000_to_today():
    today = dt.date(2026, 11, 23)
    assert offence_date("2000-01-01", today) == dt.date(2000, 1, 1)
    assert offence_date("2026-11-23", today) == today
    with pytest.raises(Exception, match="after today"):
        offence_date("2026-11-24", today)


@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-1", "²", "101"])
def test_search_limit_is_bounded_with_one_line(capsys, limit):
    with pytest.raises(SystemExit) as stopped:
        main(["search", "--limit", limit, "theft"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "from 1 to 100" in err and "Traceback" not in err
