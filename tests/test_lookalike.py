"""Look-alike labels across scripts (assistant/lookalike.py): what is caught, and that ordinary
labels in one script (accents included) are left alone."""

from __future__ import annotations

import pytest

from assistant.lookalike import mixed_script_word, skeleton


@pytest.mark.parametrize(
    ("latin", "look_alike"),
    [
        ("Yes", "Y\u0435s"),  # Cyrillic small ie
        ("Yes", "\u0423\u0435\u0455"),  # all Cyrillic
        ("No", "\u039d\u03bf"),  # all Greek
        ("Yes", "\uff39\uff45\uff53"),  # full width
        ("Inspector", "Insp\u0435ctor"),
    ],
)
def test_labels_that_look_alike_across_scripts_share_a_skeleton(
    latin: str, look_alike: str
) -> None:
    assert latin != look_alike and skeleton(latin) == skeleton(look_alike)


@pytest.mark.parametrize(
    ("one", "other"), [("Yes", "No"), ("Under 10", "10 to 17"), ("née", "nee")]
)
def test_labels_that_differ_on_screen_keep_their_own_skeleton(one: str, other: str) -> None:
    assert skeleton(one) != skeleton(other)


def test_a_word_mixing_scripts_is_found_and_one_script_words_are_not() -> None:
    assert mixed_script_word("Yes, it is Y\u0435s") == ("Y\u0435s", ["Latin", "Cyrillic"])
    for text in ("Yes", "café naïve", "\u0414\u0430", "18 or over", "Sergeant (PS 1234)"):
        assert mixed_script_word(text) is None
