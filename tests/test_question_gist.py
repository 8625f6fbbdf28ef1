"""Beside a question, each cited paragraph is shown by the sentence that bears on it, whole where
it fits: the weapon question shows 2.3.3's juvenile knife/weapon sentence, not its first
("Sexual and indictable only offences remain excluded")."""

from __future__ import annotations

import subprocess
import sys

from assistant.corpus import Corpus
from assistant.engine import Tree


def test_the_weapon_question_shows_the_sentence_about_weapons(corpus: Corpus, o32g: Tree) -> None:
    node = o32g.nodes["weapon"]
    focus = " ".join([node.text, *(a.label for a in node.answers)])
    gist = corpus.resolve("O32g 2.3.3").gist(node.help, focus)
    assert gist.endswith("cannot be given for knife/weapon related offences.")
    # Where no later sentence bears more on it, the first is kept (the age question).
    age = o32g.nodes["age"]
    paragraph = corpus.resolve("O32g 3.4.2")
    assert paragraph.gist(age.help, age.text) == paragraph.summary


def test_ask_shows_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    answers = "18 or over,Yes,None of these,Another offence,Yes,None of these,No"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "ask",
            "--tree",
            "kent-o32g",
            "--no-resume",
            "--answers",
            answers,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    shown = " ".join(done.stdout.split())
    weapon = shown[shown.index("Did the offence involve a knife") :]
    assert "[O32g 2.3.3] … Where the offender is a juvenile (under 18)" in weapon
    assert "Sexual and indictable only offences remain excluded" not in weapon
