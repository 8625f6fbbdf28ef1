"""A content-addressed cache in the user's cache folder, so an unchanged start skips work.

Two things are kept: the parsed guidance (paragraphs as JSON) and, for a tree file validated
without a problem against that guidance, its parsed TOML (as JSON, which reads 30 times faster).
Every entry is named by the sha256 of all it depends on: the bytes and names of the files and
the assistant's own code (its version, VALIDATOR_VERSION from assistant/rules_version.py
and the source of the modules that parse and validate), so an edited tree, guidance file or
validator is a miss and is parsed and validated afresh, exactly as without a cache. A cache
entry is a speed-up only, never trusted more than the files it stands for:

* the folder must be the user's own with mode 0700; any other folder is not used, with one line
  on stderr saying so (a folder others can write would let them change what the officer sees);
* an entry carries its own name (the sha256 of its sources) and an HMAC over name and text,
  keyed by a random secret kept in the folder (mode 0600): an entry forged without that secret,
  or a valid entry copied under another name, is a miss;
* an entry is read only from a regular file the user owns, of bounded size.

Anything wrong reading an entry is a miss, and a failed write is ignored.
``cr-assistant check`` never uses the cache: it always validates from the source.

The folder is ``platformdirs.user_cache_path("cr-assistant")``, or ``$CR_ASSISTANT_CACHE``.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import sys
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import assistant
from assistant.errors import InputError
from assistant.rules_version import VALIDATOR_VERSION
from assistant.safefile import CACHE_ENTRY, FileLimits, read_bounded, write_atomic

ENV_VAR = "CR_ASSISTANT_CACHE"
APP_NAME = "cr-assistant"
HEADER = "cr-assistant cache 2"
SECRET = "secret"
# Bigger than any parsed guidance or tree the assistant accepts; a bigger entry is a miss.
MAX_ENTRY_BYTES = CACHE_ENTRY.max_bytes
_PACKAGE = Path(__file__).resolve().parent
# The code whose output is cached: a change to any of it must invalidate every entry.
_CODE = (
    "engine/*.py",
    "corpus/*.py",
    "cache.py",
    "catalogue.py",
    "errors.py",
    "safefile.py",
    "lookalike.py",
    "terminal_text.py",
)


def cache_folder() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME)


def fingerprint(parts: Iterable[str | bytes]) -> str:
    """sha256 of the parts, each length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The assistant's version, Python's, and the source of the modules whose results are kept."""
    parts: list[str | bytes] = [assistant.__version__, str(VALIDATOR_VERSION), sys.version]
    for pattern in _CODE:
        for path in sorted(_PACKAGE.glob(pattern)):
            parts += [path.name, path.read_bytes()]
    return fingerprint(parts)


def _entry(kind: str, key: str) -> Path:
    return cache_folder() / f"{kind}-{key}"


@cache
def _unsafe(folder: Path) -> str | None:
    """Why ``folder`` may not hold the cache (None when it is the user's own, mode 0700).

    Said once per folder and process, on stderr, as one line.
    """
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return None  # created with mode 0700 by the first write
    except OSError as error:
        return f"it cannot be read ({error.strerror})"
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder"
    if info.st_uid != os.geteuid():
        return "it belongs to another user"
    if stat.S_IMODE(info.st_mode) & 0o077:
        return f"others may use it (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def _usable_folder() -> Path | None:
    folder = cache_folder()
    reason = _unsafe(folder)
    if reason is None:
        return folder
    if folder not in _warned:
        _warned.add(folder)
        print(
            f"cr-assistant: warning: not using the cache folder {folder}: {reason}; the cache "
            f"must be a folder of your own with mode 0700 (chmod 700 {folder}), or set "
            f"{ENV_VAR} to one",
            file=sys.stderr,
        )
    return None


_warned: set[Path] = set()


def _read_private(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file (not a link) the user owns, not writable by others, of at
    most ``limit`` bytes; or None."""
    try:
        data, info = read_bounded(path, FileLimits("a cache entry", limit, None), False)
    except InputError:
        return None
    if info.st_uid != os.geteuid() or stat.S_IMODE(info.st_mode) & 0o022:
        return None
    return data


def _secret(folder: Path, create: bool) -> bytes | None:
    """The folder's random HMAC key, made on first write."""
    found = _read_private(folder / SECRET, 1024)
    if found is not None and len(found) >= 32:
        return found
    if not create:
        return None
    with contextlib.suppress(InputError, OSError):  # another process made it first: use theirs
        write_atomic(folder / SECRET, secrets.token_bytes(32), mode=0o600, overwrite=False)
    found = _read_private(folder / SECRET, 1024)
    return found if found is not None and len(found) >= 32 else None


def _seal(secret: bytes, kind: str, key: str, text: str) -> str:
    return hmac.new(secret, fingerprint([kind, key, text]).encode("ascii"), "sha256").hexdigest()


def read(kind: str, key: str) -> str | None:
    """The text stored under ``kind`` and ``key``, or None when absent, damaged or not sealed
    by this folder's secret for this very name."""
    folder = _usable_folder()
    if folder is None:
        return None
    secret = _secret(folder, create=False)
    raw = _read_private(_entry(kind, key), MAX_ENTRY_BYTES)
    if secret is None or raw is None:
        return None
    try:
        header, name, seal, text = raw.decode("utf-8").split("\n", 3)
    except (UnicodeError, ValueError):
        return None
    if header != HEADER or name != f"{kind}-{key}":
        return None
    if not hmac.compare_digest(seal, _seal(secret, kind, key, text)):
        return None
    return text


def write(kind: str, key: str, text: str) -> None:
    """Store ``text``; best effort (a read-only or full disk only means no cache)."""
    folder = _usable_folder()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _unsafe(folder) is not None:
            return
        secret = _secret(folder, create=True)
        if secret is None:
            return
        body = f"{HEADER}\n{kind}-{key}\n{_seal(secret, kind, key, text)}\n{text}"
        write_atomic(_entry(kind, key), body, mode=0o600, overwrite=True)
    except (InputError, OSError, ValueError):
        pass
