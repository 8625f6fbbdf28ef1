"""Safe files: never half a file, never a silent overwrite, one-line errors reading or writing.

Every file the assistant writes (a saved scenario, a training report, the contacts template, a
saved session, the preferences) goes through :func:`write_atomic`: the text goes to a temporary
file in the same folder, is flushed to disk (fsync) and only then takes the final name, so a crash
or a full disk leaves either the old file or the new one, never a mixture. An existing file is
kept unless the caller asks to overwrite it, and every problem (missing or read-only folder,
existing file) is an :class:`~assistant.errors.InputError` whose message is one line naming the
file and what to do.

Every file the assistant reads from a force folder or the user's data (trees, guidance,
scenarios, contacts, the hazard log, saved cases, preferences, cache entries, test results) is
opened by :func:`read_bounded`, which never hangs and never reads without bound: it opens the
file without blocking (so a FIFO cannot stall the open), refuses anything but a regular file by
``fstat`` on the opened descriptor (a FIFO, a device such as a link to /dev/zero, a socket), and
reads at most the kind's byte limit plus one. Text files then pass :func:`decode_input` (UTF-8,
no control, bidi or zero-width character) and a line-length cap, and TOML and JSON are parsed by
:func:`parse_toml` and :func:`parse_json`, which refuse nesting deeper than :data:`MAX_DEPTH`
before the parser could recurse that deep. Each refusal is one line naming the file and the limit:
``file:line:column: what is wrong: how to fix``.

The limits, per kind of file (:data:`LIMITS`): trees, guidance, scenarios and the hazard log
1 MB; contacts 256 KB; a saved case 256 KB; preferences 64 KB; a line 10,000 characters (the
longest shipped line is under 1,300); nesting 32 levels (the shipped trees use 5). A cache entry
(64 MB, sealed, see assistant/cache.py) and test results (JUnit XML) have no line limit.

Writing: :func:`write_atomic` replaces only a regular file. A FIFO, a device, a socket, a folder
or a symbolic link at the target is refused with one line (replacing /dev/full or a link's target
by a file named like it is never what the user meant).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import InputError, problem
from assistant.terminal_text import describe_character, first_unsafe, unsafe_character

# The largest input file read: the shipped trees and guidance are under 50 KB, so a file this size
# is almost certainly the wrong one (and parsing it would stall the app).
MAX_INPUT_BYTES = 1_000_000
# The longest line of a text input file, in characters (the shipped files' longest is 1,260).
MAX_LINE_CHARS = 10_000
# The deepest nesting of lists and tables in a TOML or JSON file (the shipped trees use 5);
# Python's parsers recurse once per level, so this stops a file of [[[[... long before that.
MAX_DEPTH = 32


@dataclass(frozen=True)
class FileLimits:
    """How large one kind of file may be: its name in messages, bytes, and characters a line
    (None: not a line-based file, such as a sealed cache entry)."""

    kind: str
    max_bytes: int
    max_line: int | None = MAX_LINE_CHARS


TREE = FileLimits("a tree file", MAX_INPUT_BYTES)
GUIDANCE = FileLimits("a guidance document", MAX_INPUT_BYTES)
SCENARIO = FileLimits("a scenario file", MAX_INPUT_BYTES)
HAZARD_LOG = FileLimits("a hazard log", MAX_INPUT_BYTES)
CONTACTS = FileLimits("a contacts file", 256_000)
SAVED_CASE = FileLimits("a saved case", 256_000)
PREFERENCES = FileLimits("a preferences file", 64_000)
JUNIT_XML = FileLimits("a JUnit XML file", 20_000_000, None)
CACHE_ENTRY = FileLimits("a cache entry", 64_000_000, None)
# Decision records waiting to be written (assistant/record/recorder.py): one JSON line each.
RECORD_QUEUE = FileLimits("a decision-record queue", 16_000_000, 100_000)
LIMITS = (TREE, GUIDANCE, SCENARIO, HAZARD_LOG, CONTACTS, SAVED_CASE, PREFERENCES, JUNIT_XML)
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
# The mode of a file that holds a case's answers (a saved case, a saved scenario, a rationale,
# a training report): readable and writable by its owner only.
PRIVATE = 0o600
FOLDER_FIX = "choose a folder you can write to"


class UnwritableFile(InputError):
    """The file could not be written; ``reason`` is the system's short reason."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


NOT_REGULAR_FIX = "choose another name (only a regular file is ever replaced)"


def refuse_existing(path: Path, overwrite: bool = False, how: str = EXISTS_FIX) -> None:
    """Fail early (before any questions are asked) when the file exists (or, with
    ``overwrite``, is not a regular file) or its folder does not."""
    path = Path(path)
    try:
        info = path.lstat()
    except OSError:
        info = None
    if info is not None and not overwrite:
        raise InputError(
            problem(str(path), "file", "already exists and will not be overwritten", how)
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        what = f"is {_file_type(info.st_mode)}"
        raise UnwritableFile(problem(str(path), "file", what, NOT_REGULAR_FIX), what)
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


def write_private(path: Path, text: str, overwrite: bool = False) -> None:
    """Write a file only its owner can read (0600), atomically: anything that describes a real
    case or names a person (case records, training reports, saved scenarios)."""
    write_atomic(path, text, mode=PRIVATE, overwrite=overwrite)


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


class UnreadableFile(InputError):
    """A file refused by :func:`read_bounded`; ``reason`` is the short reason without the name
    (for callers that say the name themselves, such as a saved case moved aside)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _file_type(mode: int) -> str:
    for test, words in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
    ):
        if test(mode):
            return words
    return "not a regular file"


def _size(count: int) -> str:
    return f"{count / 1_000_000:g} MB" if count >= 1_000_000 else f"{count // 1000:g} KB"


def _actual_size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{count // 1000:,} KB"


def read_bounded(
    path: Path, limits: FileLimits, follow_links: bool = True
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file no larger than ``limits.max_bytes``, and its status.

    Opened without blocking and checked on the opened descriptor, so a FIFO, a device (a link
    to /dev/zero) or a socket is refused at once, and a file that grows while read is refused
    too. ``follow_links=False`` refuses a symbolic link. Raises UnreadableFile (one line).
    """
    name = str(path)

    def refuse(reason: str, fix: str) -> UnreadableFile:
        return UnreadableFile(problem(name, "file", reason, fix), reason)

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if not follow_links and os.path.islink(path):
            raise refuse("is a symbolic link", "give the file itself") from None
        raise refuse(exc.strerror or "cannot be read", "check the path") from None
    too_big = refuse(
        f"is larger than the {_size(limits.max_bytes)} {limits.kind} may be",
        "check this is the right file",
    )
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(
                f"is {_file_type(info.st_mode)}, not a regular file",
                f"give the path of {limits.kind}",
            )
        if info.st_size > limits.max_bytes:
            raise refuse(
                f"{_actual_size(info.st_size)} is larger than the "
                f"{_size(limits.max_bytes)} {limits.kind} may be",
                "check this is the right file",
            )
        chunks = []
        wanted = limits.max_bytes + 1
        while wanted > 0:
            chunk = os.read(handle, min(wanted, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise refuse(exc.strerror or "cannot be read", "check the path") from None
    finally:
        os.close(handle)
    if len(data) > limits.max_bytes:
        raise too_big
    return data, info


def read_input(path: Path, kind: str | FileLimits = "file", limit: int = MAX_INPUT_BYTES) -> str:
    """The text of an input file; InputError (one line) if it is not a regular file, too large,
    not UTF-8, has a line too long or a control, bidi or zero-width character.

    ``kind`` is the file's :class:`FileLimits`, or its name in messages ("a tree file") with
    ``limit`` bytes and the usual line length.
    """
    limits = kind if isinstance(kind, FileLimits) else FileLimits(kind, limit)
    raw, _ = read_bounded(Path(path), limits)
    return decode_input(raw, str(path), limits.max_line)


def decode_input(raw: bytes, name: str, max_line: int | None = MAX_LINE_CHARS) -> str:
    """UTF-8 text, or InputError naming the line and column of the first bad byte, the first
    line longer than ``max_line`` characters, or the first unsafe character."""
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
    if max_line is not None:
        refuse_long_lines(text, name, max_line)
    refuse_unsafe(text, name)
    return text


def refuse_long_lines(text: str, name: str, max_line: int = MAX_LINE_CHARS) -> None:
    """InputError ``file:line`` at the first line longer than ``max_line`` characters."""
    if len(text) <= max_line:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > max_line:
            raise InputError(
                f"{name}:{number}: line is {len(line):,} characters, longer than the "
                f"{max_line:,} a line may be: break it up, or check this is the right file"
            )


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
    refuse_deep_nesting(text, name, first_line, toml=True)
    try:
        data = tomllib.loads(text)
    except RecursionError:  # not reachable past refuse_deep_nesting; never a traceback
        raise InputError(_too_deep(name, None)) from None
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.match(str(exc))
        if not found:
            raise InputError(problem(name, "file", f"TOML syntax error: {exc}", fix)) from None
        line = int(found["line"]) + first_line - 1
        raise InputError(
            f"{name}:{line}:{found['col']}: TOML syntax error: {_toml_words(found['what'])}: {fix}"
        ) from None
    _refuse_escaped(data, text, name, first_line)
    if _depth(data) > MAX_DEPTH:  # dotted keys (a.b.c...) nest tables without brackets
        raise InputError(_too_deep(name, None))
    return data


def parse_json(text: str, name: str) -> Any:
    """Parse JSON nested no deeper than MAX_DEPTH; InputError (one line) otherwise."""
    refuse_deep_nesting(text, name, 1, toml=False)
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(_too_deep(name, None)) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}): "
            "check this is the right file"
        ) from None


# Tokens that can hold a bracket without opening a level: TOML's four kinds of string and its
# comments (JSON has only the basic string); and the brackets themselves.
_TOML_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\']|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def refuse_deep_nesting(text: str, name: str, first_line: int = 1, toml: bool = True) -> None:
    """InputError ``file:line`` where lists and tables first nest deeper than MAX_DEPTH,
    found by counting brackets outside strings and comments (no recursion, linear time)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for token in (_TOML_TOKENS if toml else _JSON_TOKENS).finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, token.start()) + first_line
                raise InputError(_too_deep(name, line))
        elif bracket in "]}":
            depth = max(depth - 1, 0)


def _too_deep(name: str, line: int | None) -> str:
    where = f"{name}:{line}:" if line is not None else f"{name}: file:"
    return (
        f"{where} lists or tables are nested deeper than the {MAX_DEPTH} levels a file may "
        "have: flatten them, or check this is the right file"
    )


def _depth(data: Any) -> int:
    """How deeply lists and tables nest in parsed data (iteratively: no recursion)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(data, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict | list):
            level += 1
            deepest = max(deepest, level)
            if level > MAX_DEPTH:
                return level
            pending += [
                (child, level) for child in (item.values() if isinstance(item, dict) else item)
            ]
    return deepest


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
