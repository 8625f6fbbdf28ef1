"""Key and type checks for TOML tables, with "did you mean" for misspelt keys.

Small on purpose: each tree table has a handful of keys, and the messages must name the file and
the node in one line a tree author can act on.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.errors import problem

_TYPE_NAMES = {
    str: "text",
    bool: "true or false",
    int: "a whole number",
    list: "a list",
    dict: "a table",
}


@dataclass(frozen=True)
class Key:
    kind: type | tuple[type, ...]
    required: bool = False


class Problems:
    """Collects every problem in one file, so an author sees them all at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[str] = []

    def add(self, place: str, what: str, fix: str) -> None:
        self.items.append(problem(self.file, place, what, fix))

    def check(self, place: str, table: Any, keys: Mapping[str, Key]) -> bool:
        """True when ``table`` is a table with only known keys of the right types."""
        if not isinstance(table, dict):
            self.add(
                place, f"must be a table, not {_describe(table)}", "write it as [section] keys"
            )
            return False
        ok = True
        for name, value in table.items():
            if name not in keys:
                close = difflib.get_close_matches(name, keys, n=1)
                fix = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(keys)}"
                self.add(place, f"unknown key '{name}'", fix)
                ok = False
                continue
            kind = keys[name].kind
            if isinstance(value, kind) and (type(value) is not bool or _takes_bool(kind)):
                continue
            kinds: tuple[type, ...] = kind if isinstance(kind, tuple) else (kind,)
            if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
                wanted = " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
                self.add(
                    place, f"'{name}' must be {wanted}, not {_describe(value)}", f"fix '{name}'"
                )
                ok = False
        for name, key in keys.items():
            if key.required and name not in table:
                self.add(place, f"missing '{name}'", f"add {name} = ...")
                ok = False
        return ok


def _takes_bool(kind: type | tuple[type, ...]) -> bool:
    # isinstance(True, int) holds, but a tree author who writes true means a flag, not a number.
    return kind is bool or (isinstance(kind, tuple) and bool in kind)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return _TYPE_NAMES.get(type(value), type(value).__name__)
