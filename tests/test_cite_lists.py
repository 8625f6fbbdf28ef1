"""``cite`` reads a list of citations as an officer writes one: "4.2.1 and 4.2.2", "4.2.1; 4.2.2"
(the CLI, and the chat's typed ``cite`` in the TUI and ``ask``, share resolve_citations)."""

from __future__ import annotations

import pytest

from assistant.citations import resolve_citations
from assistant.cli import main
from assistant.corpus import Corpus


@pytest.mark.parametrize(
    "typed",
    ["4.2.1 and 4.2.2", "4.2.1; 4.2.2", "O32g 4.2.1 & 4.2.2", "4.2.1,4.2.2", "4.2.1 or 4.2.2"],
)
def test_joining_words_and_marks_separate_citations(typed: str, corpus: Corpus) -> None:
    found = resolve_citations([typed], corpus, "O32g")
    assert [p.citation for p in found] == ["O32g 4.2.1", "O32g 4.2.2"]


def test_the_cli_takes_them_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "O32g", "4.2.1", "and", "4.2.2"]) == 0
    out = capsys.readouterr().out
    assert "O32g 4.2.1 — " in out and "O32g 4.2.2 — " in out


def test_a_bad_one_among_them_is_still_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "O32g", "4.2.1", "and", "9.9.9"]) == 2
    captured = capsys.readouterr()
    assert "unknown citation 'O32g 9.9.9'" in captured.err + captured.out
    assert "O32g 4.2.1 — " not in captured.out


def test_several_paragraphs_say_their_documents_status_once(
    capsys: pytest.CaptureFixture[str], catalogue, o32g
) -> None:
    """Three paragraphs of an overdue SOP: the review warning once, after the last of them, and
    a blank line before each paragraph after the first (the CLI and the chat in ``ask``)."""
    import io

    from assistant.commands.ask import PlainChat
    from assistant.engine import Session

    assert main(["cite", "O32g", "4.2.1", "4.2.2", "4.2.3"]) == 0
    cli = capsys.readouterr().out
    chat = io.StringIO()
    PlainChat(Session(o32g), catalogue, out=chat).step("cite 4.2.1 4.2.2 4.2.3", strict=False)
    for out in (cli, chat.getvalue()):
        assert out.count("Review overdue") == 1, out
        assert out.index("Review overdue") > out.index("O32g 4.2.3 — ")
        assert "\n\nO32g 4.2.2 — " in out and "\n\nO32g 4.2.3 — " in out
