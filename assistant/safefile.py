"""Safe files: never half a file, never a silent overwrite, one-line errors reading or writing.

Every file the assistant writes (a saved scenario, a training report, the contacts template, a
saved session, the preferences) goes through :func:`write_atomic`: the text goes to a temporary
file in the same folder, is flushed to disk (fsync) and only then takes the final name, so a crash
or a full disk leaves either the old file or the new one, never a mixture. An existing file is
kept unless the caller asks to overwrite it, and every problem (missing or read-only folder,
existing file) is an :class:`~assistant.errors.InputError` whose message is one line naming the
file and what to do.

Reading input files (trees, guidance, scenarios, contacts) goes through :func:`read_input` and
:func:`parse_toml`, so a file that is too large, not UTF-8 or not valid TOML is reported the same
way everywhere: ``file:line:column: what is wrong: how to fix``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from assistant.errors import InputError, problem
from assistant.terminal_text import describe_character, first_unsafe, unsafe_character

# The largest input file read: the shipped trees and guidance are under 50 KB, so a file this size
# is almost certainly the wrong one (and parsing it would stall the app).
MAX_INPUT_BYTES = 1_000_000
TOML_FIX = "fix the line (text needs quotes, tables are written [name], lists [a, b])"
_TOML_POSITION = re.compile(r"^(?P<what>.*) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")
# tomllib's wording, in words an author can act on.
_TOML_WORDS = (
    (re.compile(r"^Cannot overwrite a value$"), "this key is already set above: keep one"),
    (re.compile(r"^Cannot declare \((.*?),?\) twice$"), "the table {0} is declared twice"),
    (
        re.compile(r"^Cannot mutate immutable namespace \((.*?),?\)$"),
        "{0} was written whole above and cannot be added to",
    ),
    (re.compile(r"^Invalid value$"), "invalid value"),
    (re.compile(r"^Expected '=' after a key in a key/value pair$"), "expected '=' after the key"),
)
EXISTS_FIX = "choose another name"
FOLDER_FIX = "choose a folder you can write to"


class UnwritableFile(InputError):
    """The file could not be written; ``reason`` is the system's short reason."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def refuse_existing(path: Path, overwrite: bool = False, how: str = EXISTS_FIX) -> None:
    """Fail early (before any questions are asked) when the file exists or its folder does not."""
    if path.exists() and not overwrite:
        raise InputError(
            problem(str(path), "file", "already exists and will not be overwritten", how)
        )
    if not path.parent.is_dir():
        raise InputError(
            problem(
                str(path),
                "folder",
                f"'{path.parent}' does not exist",
                "create the folder first or choose another path",
            )
        )


def write_atomic(
    path: Path,
    text: str | bytes,
    mode: int = 0o644,
    overwrite: bool = False,
    exists_fix: str = EXISTS_FIX,
    folder_fix: str = FOLDER_FIX,
) -> None:
    """Write ``text`` (str as UTF-8, or bytes) to ``path`` all at once, with permissions ``mode``.

    Without ``overwrite`` an existing file is never replaced, even one created while writing.
    Raises InputError (one line) for an existing file, a missing folder or one that cannot be
    written; ``exists_fix`` and ``folder_fix`` are the advice given in those messages.
    """
    path = Path(path)
    refuse_existing(path, overwrite, exists_fix)
    try:
        _write(path, text.encode("utf-8") if isinstance(text, str) else text, mode, overwrite)
    except FileExistsError:
        raise InputError(
            problem(str(path), "file", "already exists and will not be overwritten", exists_fix)
        ) from None
    except OSError as error:
        reason = error.strerror or "cannot be written"
        raise UnwritableFile(problem(str(path), "folder", reason, folder_fix), reason) from None


def _write(path: Path, data: bytes, mode: int, overwrite: bool) -> None:
    # mkstemp creates the file with os.open(..., 0o600): a private file is never readable by
    # others, even for the moment before its mode is set.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13
                os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        if not hasattr(os, "fchmod"):
            os.chmod(temporary, mode)
        if overwrite:
            os.replace(temporary, path)
        else:
            # link() fails if the name exists, so a file created meanwhile is never replaced.
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise
            except OSError:  # a filesystem without hard links: check, then rename
                if path.exists():
                    raise FileExistsError(path) from None
                os.replace(temporary, path)
        _sync_folder(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (POSIX); not possible everywhere, so best effort."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)


def read_input(path: Path, kind: str = "file", limit: int = MAX_INPUT_BYTES) -> str:
    """The text of an input file; InputError (one line) if unreadable, too large or not UTF-8.

    ``kind`` names the file in the size message ("a tree file", "a guidance document").
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                problem(
                    name,
                    "file",
                    f"{size / 1_000_000:.1f} MB is larger than the {limit // 1_000_000} MB "
                    f"{kind} may be",
                    "check this is the right file",
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            problem(name, "file", exc.strerror or "cannot be read", "check the path")
        ) from None
    return decode_input(raw, name)


def decode_input(raw: bytes, name: str) -> str:
    """UTF-8 text, or InputError naming the line and column of the first bad byte."""
    if b"\x00" in raw:  # a binary file (a PDF, a Word document) given by mistake
        start = raw.index(b"\x00")
        line = raw.count(b"\n", 0, start) + 1
        raise InputError(
            f"{name}:{line}: contains a NUL byte, so it is not a text file: "
            "check this is the right file"
        )
    try:
        # utf-8-sig: a byte-order mark, as some Windows editors write, is not part of the text.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start_of_line = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start_of_line : exc.start].decode("utf-8", errors="replace")) + 1
        raise InputError(
            f"{name}:{line}:{column}: not UTF-8 text (byte 0x{raw[exc.start]:02x}): "
            "save the file as UTF-8"
        ) from None
    refuse_unsafe(text, name)
    return text


UNSAFE_FIX = "delete it (text from a force folder may not steer the terminal or hide characters)"


def refuse_unsafe(text: str, name: str) -> None:
    """InputError ``file:line:column`` at the first control, bidi or zero-width character:
    every input file passes through here as text, so no loader shows one to an officer."""
    found = first_unsafe(text)
    if found is not None:
        raise InputError(
            f"{name}:{found.line}:{found.column}: contains {found.describe()}: {UNSAFE_FIX}"
        )


def parse_toml(text: str, name: str, first_line: int = 1, fix: str = TOML_FIX) -> dict[str, Any]:
    """Parse TOML; a syntax error is ``file:line:column: TOML syntax error: what: fix``.

    ``first_line`` is the file line the text starts on (front matter starts on line 2).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.match(str(exc))
        if not found:
            raise InputError(problem(name, "file", f"TOML syntax error: {exc}", fix)) from None
        line = int(found["line"]) + first_line - 1
        raise InputError(
            f"{name}:{line}:{found['col']}: TOML syntax error: {_toml_words(found['what'])}: {fix}"
        ) from None
    _refuse_escaped(data, text, name, first_line)
    return data


def _refuse_escaped(data: Any, text: str, name: str, first_line: int) -> None:
    """A TOML escape ("\\u001b", "\\e") puts a control character in a value that the raw text
    does not show; refuse it at the line where it is written (best effort: the first such)."""
    characters = {found for value in _strings(data) if (found := unsafe_character(value))}
    if not characters:
        return
    written: list[tuple[int, str]] = []
    for character in characters:
        code = ord(character)
        short = _SHORT_ESCAPES.get(character, "")
        pattern = rf"\\(?:u(?i:{code:04x})|U(?i:{code:08x}){'|' + short if short else ''})"
        at = re.search(pattern, text)
        written.append((at.start() if at else len(text), character))
    start, character = min(written)
    what = f"contains {describe_character(character)}, written as an escape"
    if start == len(text):
        raise InputError(problem(name, "file", what, UNSAFE_FIX))
    raise InputError(f"{name}:{text.count(chr(10), 0, start) + first_line}: {what}: {UNSAFE_FIX}")


# TOML's one-letter escapes for control characters (\\e is TOML 1.1).
_SHORT_ESCAPES = {"\x08": "b", "\x0c": "f", "\r": "r", "\x1b": "e"}


def _strings(data: Any) -> list[str]:
    """Every key and string value in parsed TOML, nested tables and lists included."""
    found: list[str] = []
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found += [key for key in item if isinstance(key, str)]
            pending += item.values()
        elif isinstance(item, list):
            pending += item
    return found


def _toml_words(what: str) -> str:
    for pattern, words in _TOML_WORDS:
        matched = pattern.match(what)
        if matched:
            keys = (
                [part.strip(" '") for part in matched.groups()[0].split(",")]
                if matched.groups()
                else []
            )
            return words.format("[" + ".".join(keys) + "]") if keys else words
    return what
