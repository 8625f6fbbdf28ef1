"""Line numbers for tree problems: ``file: node x: ...`` becomes ``file:LINE: node x: ...``.

tomllib gives values, not positions, so the lines come from the text itself (best effort): a
table's header line, the N-th ``[[nodes.ID.answers]]`` header, a key inside ``[tree]``. A problem
whose place cannot be found keeps its plain ``file:`` form; editors and terminals can jump to
``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import InputError
from assistant.safefile import TREE, read_input

_HEADER = re.compile(r"^\s*\[(?P<array>\[)?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*\"?(?P<key>[A-Za-z0-9_-]+)\"?\s*=")
_SECTION_PLACE = re.compile(r"^(?P<kind>node|role|disposal|reading) (?P<id>[A-Za-z0-9_-]+)")
_ANSWER_PLACE = re.compile(r"^node (?P<id>[A-Za-z0-9_-]+): answer (?P<number>\d+)\b")
_TREE_PLACE = re.compile(r"^\[tree\](?: (?P<key>[A-Za-z0-9_-]+))?")
_QUOTED = re.compile(r"'([A-Za-z0-9_-]+)'")
_NAMED = re.compile(r": unknown (kind|disposal|contact|start) '")
_SECTIONS = {"node": "nodes", "role": "roles", "disposal": "disposals", "reading": "readings"}


class TreeLines:
    def __init__(self, text: str) -> None:
        self.tables: dict[str, int] = {}
        self.arrays: dict[str, list[int]] = {}
        self.keys: dict[tuple[str, str], int] = {}
        table = ""
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                table = ".".join(part.strip().strip('"') for part in header["name"].split("."))
                if header["array"]:
                    self.arrays.setdefault(table, []).append(number)
                else:
                    self.tables.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                self.keys.setdefault((table, key["key"]), number)

    def line_of(self, place: str) -> int | None:
        """The line of a problem's place (``place`` is the problem after ``file: ``)."""
        answer = _ANSWER_PLACE.match(place)
        if answer:
            headers = self.arrays.get(f"nodes.{answer['id']}.answers", [])
            index = int(answer["number"]) - 1
            if 0 <= index < len(headers):
                return headers[index]
        section = _SECTION_PLACE.match(place)
        if section:
            table = f"{_SECTIONS[section['kind']]}.{section['id']}"
            # "unknown key 'txet'", "'rank' must be ...": the line of that key, if it has one.
            rest = place[section.end() :]
            keys = _QUOTED.findall(rest) + _NAMED.findall(rest)
            keys += ["cite"] if ": citation '" in rest else []
            for key in keys:
                if (table, key) in self.keys:
                    return self.keys[(table, key)]
            return self.tables.get(table)
        tree = _TREE_PLACE.match(place)
        if tree:
            key = tree["key"]
            return (self.keys.get(("tree", key)) if key else None) or self.tables.get("tree")
        return None


def with_lines(path: Path, problems: Iterable[str]) -> list[str]:
    """Each ``file: place: ...`` problem with the place's line added where it can be found."""
    problems = list(problems)
    prefix = f"{path}: "
    try:
        lines = TreeLines(read_input(path, TREE))
    except InputError:
        return problems
    located = []
    for item in problems:
        line = lines.line_of(item[len(prefix) :]) if item.startswith(prefix) else None
        located.append(f"{path}:{line}: {item[len(prefix) :]}" if line else item)
    return located
