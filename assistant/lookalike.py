"""Labels that look alike across scripts: a Cyrillic "е" in "Yеs" is not the Latin "e".

:func:`assistant.terminal_text.label_key` already makes labels that differ only by width, case,
spacing or an invisible character compare equal (NFKC, casefold). It cannot see a letter from
another script drawn the same: Latin "Yes" and "Yеs" (Cyrillic U+0435) are two labels to Python
and one to an officer. Two checks close that, with the Unicode data shipped by the
``confusable_homoglyphs`` package (confusables.txt and Scripts.txt of Unicode's TR39 and UAX 24):

* :func:`skeleton`: ``label_key`` with every non-ASCII character that Unicode lists as
  confusable with one ASCII character replaced by it (a letter preferred), so "Yеs", "Υes"
  (Greek) and "Yes" share a skeleton. It maps single characters to ASCII only: look-alikes made of
  several characters ("rn" for "m") and two non-Latin labels that look alike are not found.
* :func:`mixed_script_word`: the first word whose letters come from more than one script
  (Latin, Cyrillic, Greek...); digits, punctuation and combining marks belong to none.

The data is loaded on first use (about 0.1 s), so only validation pays for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from assistant.terminal_text import label_key

# Script aliases that belong to no one script: digits, punctuation, spaces, combining marks.
_NO_SCRIPT = {"COMMON", "INHERITED", "Unknown"}
_WORD = re.compile(r"\w+")


@cache
def _to_ascii() -> dict[str, str]:
    """Each non-ASCII character Unicode lists as confusable with a single ASCII character, and
    that character (a letter if there are several, then the lowest)."""
    from confusable_homoglyphs.confusables import (  # type: ignore[import-untyped]
        confusables_data,
    )

    candidates: dict[str, set[str]] = {}
    for character, entries in confusables_data.items():
        for entry in entries:
            other = entry["c"]
            if len(character) != 1 or len(other) != 1:
                continue
            if character.isascii() and not other.isascii():
                candidates.setdefault(other, set()).add(character)
            elif other.isascii() and not character.isascii():
                candidates.setdefault(character, set()).add(other)
    return {
        character: min(found, key=lambda ascii: (not ascii.isalpha(), ascii))
        for character, found in candidates.items()
    }


def skeleton(label: str) -> str:
    """How a label looks: NFKC, cross-script look-alikes mapped to ASCII (before case is
    folded, since Greek "Υ" looks like "Y" but its lower case "υ" does not), then ``label_key``."""
    table = _to_ascii()
    shown = unicodedata.normalize("NFKC", label)
    return label_key("".join(table.get(character, character) for character in shown))


def unusual_characters(text: str) -> str:
    """The characters of ``text`` outside ASCII, named ("U+0435 CYRILLIC SMALL LETTER IE"),
    so a message can say what differs between two labels that look the same."""
    seen = dict.fromkeys(character for character in text if not character.isascii())
    return ", ".join(
        f"U+{ord(character):04X} {unicodedata.name(character, 'unnamed')}" for character in seen
    )


def script_of(character: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC"); None for digits, marks and punctuation."""
    from confusable_homoglyphs.categories import alias  # type: ignore[import-untyped]

    found: str = alias(character)
    return None if found in _NO_SCRIPT else found


def mixed_script_word(text: str) -> tuple[str, list[str]] | None:
    """The first word of ``text`` whose letters come from two or more scripts, with those
    scripts (title case, in order of appearance); None if every word keeps to one."""
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts: list[str] = []
        for character in word:
            script = script_of(character)
            if script is not None and script.title() not in scripts:
                scripts.append(script.title())
        if len(scripts) > 1:
            return word, scripts
    return None
