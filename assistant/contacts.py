"""Local contacts: who to ring, for each role a tree names, in the officer's own unit.

A TOML file in the user's config folder (``CR_ASSISTANT_CONTACTS`` overrides the path) holds one
``[roles.ROLE-ID]`` table per role with ``name``, ``phone``, ``email`` and ``duty`` notes, and an
optional top-level ``unit``. The trees say which role to contact; this file says who that is
locally, so a tree never carries a person's name or number.

A malformed file never stops the app: :func:`load_contacts` returns an empty book whose
``warning`` is one line naming ``file:line`` and the fix. UI-free: the plain-text mode, the
reports and the TUI all render contacts through the functions here.
"""

from __future__ import annotations

import difflib
import os
import re
import textwrap
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from assistant.engine.model import Role, Tree
from assistant.engine.recommendation import Recommendation
from assistant.errors import InputError, problem
from assistant.safefile import CONTACTS, parse_toml, read_input, write_atomic

ENV_VAR = "CR_ASSISTANT_CONTACTS"
APP_NAME = "cr-assistant"
# The keys of one role's table, with what each is for (used in the template too).
CONTACT_KEYS = {
    "name": 'who to ask for, e.g. "PS 1234 Jane Smith" or "Duty Inspector"',
    "phone": "a number to ring, in quotes",
    "email": "an e-mail address",
    "duty": "duty notes: hours, shifts, who covers out of hours",
}
TOP_KEYS = {"unit": "the local unit these contacts belong to", "roles": "one table per role"}


def contacts_path() -> Path:
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    return platformdirs.user_config_path(APP_NAME) / "contacts.toml"


@dataclass(frozen=True)
class Contact:
    role_id: str
    name: str = ""
    phone: str = ""
    email: str = ""
    duty: str = ""

    def summary(self) -> str:
        """'PS 1234 Jane Smith, 01632 960000, j.smith@example.org; duty: early turn'."""
        text = ", ".join(part for part in (self.name, self.phone, self.email) if part)
        if self.duty:
            text = f"{text}; duty: {self.duty}" if text else f"duty: {self.duty}"
        return text


@dataclass(frozen=True)
class ContactBook:
    path: Path
    contacts: Mapping[str, Contact] = field(default_factory=dict)
    unit: str = ""
    exists: bool = False
    # One line, file:line, when the file is malformed; the book is then empty.
    warning: str | None = None

    def for_role(self, role_id: str) -> Contact | None:
        return self.contacts.get(role_id)

    def __len__(self) -> int:
        return len(self.contacts)


def load_contacts(path: Path | None = None) -> ContactBook:
    """Read the contacts file. Never raises: problems become ``ContactBook.warning``."""
    path = path or contacts_path()
    try:
        if not path.exists():
            return ContactBook(path)
        text = read_input(path, CONTACTS)
        data = parse_toml(
            text,
            str(path),
            fix="fix the line (text needs quotes, tables are written [roles.ROLE-ID])",
        )
    except InputError as error:
        return _broken(path, str(error))
    problems = _check(data)
    if problems:
        keys, what, fix = problems[0]
        line = _Locator(text).line_of(keys)
        place = ".".join(keys) if keys else "file"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return _broken(path, f"{path}:{line}: {place}: {what}: {fix}{more}")
    contacts = {}
    for role_id, table in data.get("roles", {}).items():
        # A role left as the template wrote it (empty values) is not set.
        values = {key: value.strip() for key, value in table.items() if value.strip()}
        if values:
            contacts[role_id] = Contact(role_id, **values)
    return ContactBook(path, contacts, unit=str(data.get("unit", "")).strip(), exists=True)


def _broken(path: Path, line: str) -> ContactBook:
    return ContactBook(
        path, exists=path.exists(), warning=f"{line}; contacts are not used until it is fixed"
    )


def _check(data: dict[str, Any]) -> list[tuple[tuple[str, ...], str, str]]:
    """Every structural problem as (key path, what is wrong, how to fix)."""
    found: list[tuple[tuple[str, ...], str, str]] = []
    for key, value in data.items():
        if key not in TOP_KEYS:
            found.append(((key,), f"unknown key '{key}'", _did_you_mean(key, TOP_KEYS)))
        elif key == "unit" and not isinstance(value, str):
            found.append(((key,), f"must be text, not {_describe(value)}", 'write unit = "..."'))
    roles = data.get("roles", {})
    if not isinstance(roles, dict):
        found.append(
            (
                ("roles",),
                f"must be tables, not {_describe(roles)}",
                "write a [roles.ROLE-ID] table for each role",
            )
        )
        return found
    for role_id, table in roles.items():
        if not isinstance(table, dict):
            found.append(
                (
                    ("roles", role_id),
                    f"must be a table, not {_describe(table)}",
                    f"write [roles.{role_id}] with name, phone, email, duty",
                )
            )
            continue
        for key, value in table.items():
            if key not in CONTACT_KEYS:
                found.append(
                    (
                        ("roles", role_id, key),
                        f"unknown key '{key}'",
                        _did_you_mean(key, CONTACT_KEYS),
                    )
                )
            elif not isinstance(value, str):
                found.append(
                    (
                        ("roles", role_id, key),
                        f"must be text, not {_describe(value)}",
                        f'put the value in quotes: {key} = "..."',
                    )
                )
    return found


def _did_you_mean(key: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    return f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"


def _describe(value: Any) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


class _Locator:
    """Finds the line of a key path in TOML text (tomllib gives values, not positions)."""

    _HEADER = re.compile(r"^\s*\[(?!\[)\s*(?P<path>[^\]]+?)\s*\]\s*(#.*)?$")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, tuple[str, ...]]] = []
        for number, line in enumerate(self.lines, start=1):
            match = self._HEADER.match(line)
            if match:
                self.headers.append((number, _split_key(match["path"])))

    def line_of(self, keys: Sequence[str]) -> int:
        path = tuple(keys)
        while path:
            for number, header in self.headers:
                if header == path:
                    return number
            found = self._key_line(path[:-1], path[-1])
            if found:
                return found
            path = path[:-1]
        return 1

    def _key_line(self, table: tuple[str, ...], key: str) -> int | None:
        """The line of ``key = ...`` inside ``[table]`` (or before any header, for the root)."""
        starts = [number for number, header in self.headers if header == table]
        if table and not starts:
            return None
        start = starts[0] if table else 0
        later = [number for number, _ in self.headers if number > start]
        end = later[0] - 1 if later else len(self.lines)
        pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=""")
        for number in range(start + 1, end + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return None


def _split_key(text: str) -> tuple[str, ...]:
    parts = re.findall(r'"([^"]*)"|\'([^\']*)\'|([^.\s]+)', text)
    return tuple(next(part for part in groups if part) if any(groups) else "" for groups in parts)


# -- rendering, shared by the plain-text mode, the reports and the TUI ------------------------


def contact_text(role: Role, contact: Contact | None) -> str:
    """'Sergeant (description)', with the local contact when one is set."""
    text = f"{role.name} ({role.description})"
    return f"{text}: {contact.summary()}" if contact is not None else text


def contact_first_text(role: Role, contact: Contact | None = None) -> str:
    """The "who to contact first" line: the role, and its local contact when one is set."""
    return f"Contact first: {contact_text(role, contact)}"


def contact_line(role: Role, book: ContactBook) -> str:
    """'Role name: who, phone, e-mail; duty: ...' or that it is not set, for a contacts list."""
    contact = book.for_role(role.id)
    if contact is not None:
        return f"{role.name}: {contact.summary()}"
    return f"{role.name}: not set (add [roles.{role.id}] to the contacts file)"


def roles_in_result(rec: Recommendation, tree: Tree) -> tuple[Role, ...]:
    """The roles a result names: the people to contact for its authorisations (a rank covered
    by a higher one is not a call of its own), who to ask, then any role its text names.

    A role's name inside a longer role's name ("Inspector" in "Substantive Inspector") does not
    count on its own.
    """
    people = [person.role for person in rec.people_to_contact]
    found: dict[str, Role] = {role.id: role for role in people}
    if rec.ask is not None:
        found.setdefault(rec.ask.id, rec.ask)
    text = "\n".join(
        [rec.title, rec.explanation, rec.route.text]
        + [item.text for item in rec.obligations]
        + [item.text for item in rec.readings]
    )
    taken: list[tuple[int, int]] = []
    for role in sorted(tree.roles.values(), key=lambda role: -len(role.name)):
        pattern = re.compile(rf"(?<!\w){re.escape(role.name)}(?!\w)", re.IGNORECASE)
        spans = [match.span() for match in pattern.finditer(text)]
        free = [span for span in spans if not any(a <= span[0] and span[1] <= b for a, b in taken)]
        taken.extend(spans)
        if free:
            found.setdefault(role.id, role)
    head = [*people, *([rec.ask] if rec.ask is not None else [])]
    head = list({role.id: role for role in head}.values())
    rest = [role for role in tree.roles.values() if role.id in found and role not in head]
    return tuple(head + rest)


def unknown_roles(book: ContactBook, known: Collection[str]) -> list[str]:
    """Role ids in the file that no available tree declares, each with a suggestion."""
    lines = []
    for role_id in book.contacts:
        if role_id not in known:
            close = difflib.get_close_matches(role_id, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            lines.append(f"{role_id}{hint}")
    return lines


# -- the template -------------------------------------------------------------------------------


def template_text(trees: Sequence[Tree]) -> str:
    """A commented contacts file listing every role of the given trees, ready to fill in."""
    out = [
        "# Local contacts for cr-assistant: who to ring, in your own unit, for each role the",
        "# assistant names. The trees name the role; this file names the person.",
        "#",
        "# To use a role, remove the '# ' in front of its [roles.ROLE-ID] line and of the lines",
        "# below it, and fill them in. Every value is text in double quotes; leave out any you",
        "# do not need:",
    ]
    out += [f"#   {key:<6} {purpose}" for key, purpose in CONTACT_KEYS.items()]
    out += [
        "#",
        "# 'cr-assistant contacts' shows what is set. Contact details appear in a result or an",
        "# export only when you ask for them (cr-assistant ask --with-contacts).",
        "# This file holds names and numbers: keep it on your own account.",
        "",
        '# unit = "West Division Local Policing Unit"',
    ]
    seen: dict[str, str] = {}
    for tree in trees:
        out += ["", f"# ---- {tree.meta.force}: {tree.meta.title} (tree {tree.id})"]
        for role in tree.roles.values():
            out.append("")
            if role.id in seen:
                out.append(f"# {role.name}: listed above, under tree {seen[role.id]}.")
                continue
            seen[role.id] = tree.id
            out += textwrap.wrap(
                f"{role.name}: {role.description}",
                width=96,
                initial_indent="# ",
                subsequent_indent="#   ",
            )
            out.append(f"# [roles.{role.id}]")
            out += [f'# {key} = ""' for key in CONTACT_KEYS]
    out.append("")
    return "\n".join(out)


def write_template(path: Path, text: str) -> None:
    """Create the contacts file; never overwrite one. Readable by its owner only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            problem(
                str(path),
                "folder",
                exc.strerror or "cannot be created",
                f"set {ENV_VAR} to a file in a folder you can write",
            )
        ) from None
    write_atomic(
        path,
        text,
        mode=0o600,
        exists_fix="edit it, or move it away and run 'cr-assistant contacts --init' again",
        folder_fix=f"set {ENV_VAR} to a file in a folder you can write",
    )
