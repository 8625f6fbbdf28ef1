"""Where the bundled trees and guidance live.

An installed wheel carries them in ``assistant/_data`` (hatchling force-include); an editable
install or a checkout uses the repository's own ``trees/`` and ``guidance/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    bundled = _PACKAGE / "_data"
    if (bundled / "trees").is_dir():
        return bundled
    return _PACKAGE.parent


def bundled_trees() -> Path:
    return data_root() / "trees"


def bundled_guidance() -> Path:
    return data_root() / "guidance"
