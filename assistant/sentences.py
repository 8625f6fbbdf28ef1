"""Whole sentences of a paragraph that answer a question, never a cut "...must be authorised by".

A quote shown to an officer is made of whole sentences, in the paragraph's order. The sentences
chosen are the ones holding most of the words asked about; a short paragraph is shown whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A paragraph this short is quoted whole: cutting it saves nothing and loses context.
WHOLE_PARAGRAPH_CHARS = 320

_WORD = re.compile(r"[A-Za-z0-9]+")
# A sentence ends at . ! ? followed by a space and a capital, a digit, a bullet or a bracket;
# a new line also starts one (list items).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9•(\"“‘])|\n+")


def word_key(word: str) -> str:
    """A word's key for matching: lower case, a plural 's' and an 'ed', 'ing' or 'e' ending
    dropped, the first six letters ("authorises", "authorised", "authority" -> "author";
    "bailed" -> "bail"; "charge", "charged" -> "charg"; "offence" and "offender" stay apart)."""
    word = word.lower()
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for ending in ("ing", "ed", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return word[:6]


def word_keys(text: str) -> set[str]:
    return {word_key(word) for word in _WORD.findall(text)}


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def best_sentences(
    text: str, keys: Iterable[str], most: int = 2, deciding: Iterable[str] = ()
) -> str:
    """The sentences of ``text`` holding most of ``keys``, whole and in order; the whole text
    when it is short or nothing matches. Sentences not side by side are joined with " … ".

    ``deciding``: keys of the words that decide the answer (a role's name): the best sentence
    holding one is always among those shown."""
    decisive = set(deciding)
    wanted = set(keys) | decisive
    sentences = split_sentences(text)
    if len(text) <= WHOLE_PARAGRAPH_CHARS or len(sentences) <= 1 or not wanted:
        return text.strip()
    scores = [len(word_keys(sentence) & wanted) for sentence in sentences]
    if not any(scores):
        return text.strip()
    ranked = sorted(range(len(sentences)), key=lambda index: (-scores[index], index))
    chosen = sorted(index for index in ranked[:most] if scores[index] > 0)
    holding = [index for index in ranked if word_keys(sentences[index]) & decisive]
    if holding and not any(index in holding for index in chosen):
        chosen = sorted({*chosen, holding[0]})
    parts: list[str] = []
    for position, index in enumerate(chosen):
        if position and index != chosen[position - 1] + 1:
            parts.append("…")
        parts.append(sentences[index])
    prefix = "… " if chosen[0] > 0 else ""
    suffix = " …" if chosen[-1] < len(sentences) - 1 else ""
    return prefix + " ".join(parts) + suffix
