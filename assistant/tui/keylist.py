"""The keys F1 lists, read from the bindings in force so that the list cannot drift from them:
the app's own keys first, then the text box's editing keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App

# Keys the chat input handles itself (not bindings, so not in the list Textual keeps).
ANSWER_KEYS: tuple[tuple[str, str], ...] = (
    ("1-9", "answer with that number"),
    ("Enter", "accept the highlighted answer (marked ▶), or send what is typed"),
    ("Up, Down", "move the highlight through the answers (while the text box is empty)"),
    ("Tab, Shift+Tab", "move to an earlier answer; Enter on it goes back to change it"),
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


def keys_in_force(app: App[object], extra: tuple[tuple[str, str], ...] = ()) -> KeyList:
    """What each key does now: ``extra`` first, then the screen's and the app's bindings (the
    screen's first, in the order it declares them), then the focused text box's."""
    app_keys = list(extra)
    editing: list[tuple[str, str]] = []
    seen: set[str] = set()
    # active_bindings runs from the focused widget out to the app; the screen's come before.
    entries = list(app.active_bindings.values())
    ordered = [e for e in entries if e.node is app.screen]
    ordered += [e for e in entries if e.node is not app.screen]
    for entry in ordered:
        binding = entry.binding
        if not binding.description or (binding.action, binding.description) in seen:
            continue
        seen.add((binding.action, binding.description))
        row = (binding.key_display or key_name(binding.key), binding.description)
        (editing if isinstance(entry.node, Input) else app_keys).append(row)
    return KeyList(app_keys, editing)
