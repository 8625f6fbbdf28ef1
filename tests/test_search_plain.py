"""Search snippets in plain text carry no Markdown marks (a screen reader reads "**" aloud, and a
log keeps it); the TUI's Markdown shows the words found bold, the paragraph's own text escaped."""

from __future__ import annotations

import subprocess
import sys

from assistant.corpus import Corpus
from assistant.corpus.model import FOUND_END, FOUND_START, SearchHit


def _cli(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_plain_search_output_has_no_marks_and_no_empty_brackets() -> None:
    shown = _cli("search", "bladed", "article")
    assert "Glossary bladed-article" in shown and "blade" in shown
    assert "**" not in shown
    # A paragraph outside any heading is named without "()".
    weapon = _cli("search", "what", "counts", "as", "a", "weapon")
    assert "Readings 10" in weapon and "()" not in weapon
    # "as" is no search word: the LPU note's "As of 6th April 2010" is not a match.
    assert "LPU intro.1" not in weapon


def test_json_snippets_are_plain_text() -> None:
    assert "**" not in _cli("search", "RUI", "--json")


def test_markdown_snippet_bolds_the_words_found_and_escapes_the_rest(corpus: Corpus) -> None:
    paragraph = corpus.search("RUI")[0].paragraph
    hit = SearchHit(paragraph, f"a *star* and {FOUND_START}RUI{FOUND_END} [x](y)", 1.0)
    assert hit.snippet == "a *star* and RUI [x](y)"
    assert hit.snippet_markdown() == r"a \*star\* and **RUI** \[x\](y)"
