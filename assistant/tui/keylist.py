"""The keys F1 lists, read from the bindings in force so that the list cannot drift from them:
the app's own keys first, then the text box's editing keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App

# Keys the chat input handles itself (not bindings, so not in the list Textual keeps).
ANSWER_KEYS: tuple[tuple[str, str], ...] = (
    ("1-9", "answer with that number"),
    ("Enter", "accept the highlighted answer (marked →)"),
    ("Up, Down", "move the highlight (while the box is empty)"),
    ("Tab, Shift+Tab", "to an earlier answer; Enter changes it"),
)

_NAMES = {
    "ctrl": "Ctrl",
    "shift": "Shift",
    "alt": "Alt",
    "pageup": "PageUp",
    "pagedown": "PageDown",
    "escape": "Escape",
    "enter": "Enter",
    "tab": "Tab",
    "home": "Home",
    "end": "End",
    "delete": "Delete",
    "backspace": "Backspace",
    "left": "Left",
    "right": "Right",
    "up": "Up",
    "down": "Down",
    "space": "Space",
}


def key_name(key: str) -> str:
    """``ctrl+b`` as ``Ctrl+B``, ``f5`` as ``F5``, ``pageup`` as ``PageUp``; ``a,b`` as ``A, B``."""
    return ", ".join(
        "+".join(
            _NAMES.get(part, part.upper() if len(part) <= 3 else part.title())
            for part in alternative.split("+")
        )
        for alternative in key.split(",")
    )


@dataclass(frozen=True)
class KeyList:
    app_keys: list[tuple[str, str]]
    editing_keys: list[tuple[str, str]]


def keys_in_force(app: App[Any], extra: tuple[tuple[str, str], ...] = ()) -> KeyList:
    """What each key does now: ``extra`` first, then the screen's and the app's bindings (the
    screen's first, in the order it declares them), then the focused text box's."""
    # Keys that ``extra`` describes are left to it (the chat input's Enter and Up/Down, Tab).
    described = {name for key, _ in extra for name in key.split(", ")}
    # The screen's own keys first, in the order it declares them; then the rest (the app's).
    declared = [b.key for b in getattr(type(app.screen), "BINDINGS", []) if isinstance(b, Binding)]
    entries = sorted(
        app.active_bindings.values(),
        key=lambda e: (
            declared.index(e.binding.key)
            if e.node is app.screen and e.binding.key in declared
            else len(declared)
        ),
    )
    # One row per action: several keys for the same thing (Ctrl+Q and Ctrl+C quit) share it.
    rows: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for entry in entries:
        binding = entry.binding
        name = binding.key_display or key_name(binding.key)
        if not binding.description or name in described:
            continue
        keys, _ = rows.setdefault(
            (binding.action, binding.description), ([], isinstance(entry.node, Input))
        )
        keys.append(name)
    app_keys = list(extra)
    editing: list[tuple[str, str]] = []
    for (_, description), (keys, in_text_box) in rows.items():
        row = (", ".join(keys), description[:1].upper() + description[1:])
        (editing if in_text_box else app_keys).append(row)
    return KeyList(app_keys, editing)
