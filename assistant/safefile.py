"""Safe file writing: never half a file, never a silent overwrite, one-line errors.

Every file the assistant writes (a saved scenario, a training report, the contacts template, a
saved session, the preferences) goes through :func:`write_atomic`: the text goes to a temporary
file in the same folder, is flushed to disk (fsync) and only then takes the final name, so a crash
or a full disk leaves either the old file or the new one, never a mixture. An existing file is
kept unless the caller asks to overwrite it, and every problem (missing or read-only folder,
existing file) is an :class:`~assistant.errors.InputError` whose message is one line naming the
file and what to do.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from assistant.errors import InputError, problem

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
    text: str,
    mode: int = 0o644,
    overwrite: bool = False,
    exists_fix: str = EXISTS_FIX,
    folder_fix: str = FOLDER_FIX,
) -> None:
    """Write ``text`` (UTF-8) to ``path`` all at once, with permissions ``mode``.

    Without ``overwrite`` an existing file is never replaced, even one created while writing.
    Raises InputError (one line) for an existing file, a missing folder or one that cannot be
    written; ``exists_fix`` and ``folder_fix`` are the advice given in those messages.
    """
    path = Path(path)
    refuse_existing(path, overwrite, exists_fix)
    try:
        _write(path, text.encode("utf-8"), mode, overwrite)
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
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
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
