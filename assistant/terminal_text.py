"""Characters a terminal obeys instead of showing, found in input and made visible in output.

Text in a force folder (tree labels, guidance, scenarios, contacts) is data, never instructions
to the terminal. An ESC starts a sequence that can retitle the window, clear the screen, write
the clipboard (OSC 52) or hide a link (OSC 8); a bidi override makes "No yes" read "No sey"; a
zero-width character makes two different labels look the same. The loaders refuse such
characters with the file and line (:func:`first_unsafe`); every plain-text output passes what it
prints through :func:`terminal_safe` as a second line of defence.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO, cast

# C0 controls but tab and newline, DEL, C1 controls; bidi embeddings, overrides, isolates and
# marks; zero-width space, joiners, word joiner and a byte-order mark inside the text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_NAMES = {
    "\x1b": "an escape (ESC) character, which starts a terminal control sequence",
    "\r": "a carriage return (it sends the cursor back over the line)",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner (zero-width)",
    "\ufeff": "a zero-width no-break space (byte-order mark)",
}


@dataclass(frozen=True)
class UnsafeCharacter:
    """The first character of a text a terminal would obey, and where it is."""

    line: int
    column: int
    character: str

    def describe(self) -> str:
        return describe_character(self.character)


def describe_character(character: str) -> str:
    """What an unsafe character is, in words and as U+XXXX."""
    code = f"U+{ord(character):04X}"
    if character in _NAMES:
        return f"{_NAMES[character]} ({code})"
    if unicodedata.category(character) == "Cc":
        return f"a control character ({code})"
    name = unicodedata.name(character, "").lower()
    return f"a bidi control, {name} ({code})" if name else f"a format character ({code})"


def first_unsafe(text: str) -> UnsafeCharacter | None:
    """The first control, bidi or zero-width character in ``text`` (a CR is allowed only in a
    CRLF line end), with its 1-based line and column; None if there is none."""
    for found in _UNSAFE.finditer(text):
        start = found.start()
        if found.group() == "\r" and text[start + 1 : start + 2] == "\n":
            continue
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        return UnsafeCharacter(line, column, found.group())
    return None


def unsafe_character(text: str) -> str | None:
    """The first unsafe character of a single value (a CR counts, even before a newline)."""
    found = _UNSAFE.search(text)
    return found.group() if found else None


def terminal_safe(text: str) -> str:
    """``text`` with every control, bidi and zero-width character (but newline and tab) shown as
    ``\\uXXXX``, so printing it can never drive the terminal or reorder what is read."""
    return _UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def with_placeholders(text: str) -> str:
    """``text`` with each control, bidi and zero-width character (but newline and tab) replaced
    by one U+FFFD, so offsets into the text stay where they were (the TUI's styled spans)."""
    return _UNSAFE.sub("\ufffd", text)


def label_key(label: str) -> str:
    """How two labels compare: NFKC-normalised, case-folded, unsafe characters dropped and
    spacing collapsed, so labels that look alike on screen compare equal."""
    return " ".join(_UNSAFE.sub("", unicodedata.normalize("NFKC", label)).casefold().split())


class TerminalSafeWriter:
    """A text stream that writes through :func:`terminal_safe`; everything else (``fileno``,
    ``isatty``, ``flush``) is the wrapped stream's, so callers see the stream they had."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def terminal_safe_output() -> Iterator[None]:
    """While inside, ``sys.stdout`` and ``sys.stderr`` write through :func:`terminal_safe`."""
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, TerminalSafeWriter(sys.stdout))
    sys.stderr = cast(TextIO, TerminalSafeWriter(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
