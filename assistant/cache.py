"""A content-addressed cache in the user's cache folder, so an unchanged start skips work.

Two things are kept: the parsed guidance (paragraphs as JSON) and, for a tree file validated
without a problem against that guidance, its parsed TOML (as JSON, which reads 30 times faster).
Every entry is named by the sha256 of all it depends on: the bytes and names of the files and
the assistant's own code (its version and the source of the modules that parse and validate), so
an edited tree, guidance file or validator is a miss and is parsed and validated afresh, exactly
as without a cache. An entry carries the sha256 of its own text; anything wrong reading it
(missing, damaged, unreadable folder) is a miss, and a failed write is ignored.
``cr-assistant check`` never uses the cache.

The folder is ``platformdirs.user_cache_path("cr-assistant")``, or ``$CR_ASSISTANT_CACHE``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import assistant
from assistant.errors import InputError
from assistant.safefile import write_atomic

ENV_VAR = "CR_ASSISTANT_CACHE"
APP_NAME = "cr-assistant"
HEADER = "cr-assistant cache 1"
_PACKAGE = Path(__file__).resolve().parent
# The code whose output is cached: a change to any of it must invalidate every entry.
_CODE = ("engine/*.py", "corpus/*.py", "cache.py", "catalogue.py", "errors.py", "safefile.py")


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
    parts: list[str | bytes] = [assistant.__version__, sys.version]
    for pattern in _CODE:
        for path in sorted(_PACKAGE.glob(pattern)):
            parts += [path.name, path.read_bytes()]
    return fingerprint(parts)


def _entry(kind: str, key: str) -> Path:
    return cache_folder() / f"{kind}-{key}"


def read(kind: str, key: str) -> str | None:
    """The text stored under ``kind`` and ``key``, or None when absent or damaged."""
    try:
        raw = _entry(kind, key).read_text(encoding="utf-8")
    except (OSError, UnicodeError, ValueError):
        return None
    header, _, rest = raw.partition("\n")
    checksum, _, text = rest.partition("\n")
    if header != HEADER or hashlib.sha256(text.encode("utf-8")).hexdigest() != checksum:
        return None
    return text


def write(kind: str, key: str, text: str) -> None:
    """Store ``text``; best effort (a read-only or full disk only means no cache)."""
    body = f"{HEADER}\n{hashlib.sha256(text.encode('utf-8')).hexdigest()}\n{text}"
    try:
        folder = cache_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(_entry(kind, key), body, mode=0o600, overwrite=True)
    except (InputError, OSError, ValueError):
        pass
