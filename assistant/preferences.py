"""Small remembered choices (the last tree chosen), kept in the user's config folder.

A convenience only: a missing, unreadable or corrupt file reads as "nothing remembered", and a
failed write is reported by the return value, never by an exception, so it cannot stop the app.
UI-free: the plain-text chooser and the TUI chooser both use it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import platformdirs

from assistant.errors import InputError
from assistant.safefile import PREFERENCES, decode_input, parse_json, read_bounded, write_atomic

APP_NAME = "cr-assistant"
FILE_NAME = "preferences.json"


def preferences_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / FILE_NAME


def _read() -> dict[str, Any]:
    path = preferences_path()
    if not path.exists():
        return {}
    try:  # bounded like every file read (a FIFO, /dev/zero or [[[[... reads as nothing kept)
        raw, _ = read_bounded(path, PREFERENCES)
        data = parse_json(decode_input(raw, str(path)), str(path))
    except InputError:
        return {}
    return data if isinstance(data, dict) else {}


def last_tree() -> str | None:
    """The id of the tree last chosen from a list, or None."""
    value = _read().get("last_tree")
    return value if isinstance(value, str) and value else None


def remember_tree(tree_id: str) -> bool:
    """Remember ``tree_id`` as the last choice. False if the file could not be written."""
    data = _read()  # keeps any other preferences; a corrupt file is unusable and is replaced
    data["last_tree"] = tree_id
    return _write(data)


def _write(data: dict[str, Any]) -> bool:
    path = preferences_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(data, indent=2) + "\n", overwrite=True)
    except (OSError, InputError):
        return False
    return True
