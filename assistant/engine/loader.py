"""Read a tree file (TOML) into a typed :class:`Tree` (its networkx graph is built on first use).

Structure problems found while reading (syntax, unknown keys, wrong types) are collected and
raised together; graph problems are the validator's job (:mod:`assistant.engine.validate`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.engine.lines import with_lines
from assistant.engine.model import (
    Answer,
    AuthorisationRule,
    Disposal,
    FactValue,
    Guard,
    Node,
    ObligationRule,
    Reading,
    Role,
    RouteRule,
    SpecialCase,
    Tree,
    TreeMeta,
)
from assistant.engine.pause import collector_paused
from assistant.engine.schema import Key, Problems
from assistant.errors import InputError, problem
from assistant.safefile import decode_input, parse_toml, read_input

_CITE = (str, list)

TREE_KEYS = {
    "id": Key(str, True),
    "title": Key(str, True),
    "force": Key(str, True),
    "start": Key(str, True),
    "guidance": Key(list, True),
    "primary_document": Key(str, True),
    "contact": Key(str, True),
    "version": Key(str),
    "summary": Key(str),
    "authorisation_record": Key(dict),
    "uncited": Key(dict),
    "completion_limit": Key(dict),
    "chains": Key(dict),
}
COMPLETION_KEYS = {
    "weeks": Key(int, True),
    "cite": Key(_CITE, True),
    "when": Key(dict),
    "passed": Key(str),
    "passed_title": Key(str),
}
ROLE_KEYS = {
    "name": Key(str, True),
    "rank": Key(int, True),
    "description": Key(str, True),
    "authorises": Key(bool),
    "chain": Key(str),
}
DISPOSAL_KEYS = {
    "label": Key(str, True),
    "cr": Key(bool, True),
    "route": Key(str),
    "routes": Key(list),
    "route_cite": Key(_CITE),
    "authorised_label": Key(str),
}
ROUTE_KEYS = {
    "text": Key(str, True),
    "cite": Key(_CITE),
    "when": Key(dict),
    "readings": Key(list),
}
SPECIAL_CASE_KEYS = {"label": Key(str, True), "cite": Key(_CITE, True)}
READING_KEYS = {"text": Key(str, True), "cite": Key(_CITE, True), "ask": Key(str, True)}
NODE_KEYS = {
    "kind": Key(str, True),
    "text": Key(str, True),
    "cite": Key(_CITE, True),
    "help": Key(str),
    "answers": Key(list),
    "next": Key(str),
    "disposal": Key(str),
    "title": Key(str),
    "obligations": Key(list),
    "readings": Key(list),
    "route": Key(str),
    "route_cite": Key(_CITE),
    "routes": Key(list),
}
ANSWER_KEYS = {
    "label": Key(str, True),
    "id": Key(str),
    "next": Key(str, True),
    "when": Key(dict),
    "set": Key(dict),
    "authorise": Key(list),
    "obligations": Key(list),
    "readings": Key(list),
    "explain": Key(str),
    "special_case": Key(str),
}
AUTHORISE_KEYS = {
    "role": Key(str, True),
    "reason": Key(str, True),
    "cite": Key(_CITE, True),
    "when": Key(dict),
    "readings": Key(list),
}
OBLIGATION_KEYS = {
    "text": Key(str, True),
    "cite": Key(_CITE, True),
    "warning": Key(bool),
    "when": Key(dict),
}
KINDS = ("question", "info", "outcome")
SECTIONS = ("tree", "roles", "disposals", "readings", "special_cases", "nodes")


def read_toml(path: Path, kind: str = "tree", raw: bytes | None = None) -> dict[str, Any]:
    """Parse a TOML file (a tree, or a ``kind`` of file such as a scenario); every problem,
    syntax included, becomes one line ``file:line:column: what: fix``. ``raw``: the file's
    bytes, already read (and no larger than an input file may be)."""
    name = str(path)
    text = read_input(path, f"a {kind} file") if raw is None else decode_input(raw, name)
    if not text.strip():
        raise InputError(problem(name, "file", "the file is empty", f"write the {kind} in it"))
    return parse_toml(text, name)


def load_tree(path: Path, raw: bytes | None = None) -> Tree:
    """Read and type-check a tree file (or its bytes, ``raw``, already read). Raises InputError
    listing every structural problem."""
    with collector_paused():  # parsing a large file is the allocation pattern pause.py is for
        return tree_from_data(path, read_toml(path, raw=raw))


def tree_from_data(path: Path, data: dict[str, Any]) -> Tree:
    """Type-check a tree file's parsed TOML (``read_toml``) into a Tree. Raises InputError
    listing every structural problem, each at its line in ``path``."""
    with collector_paused():
        problems = Problems(str(path))
        reader = _Reader(problems)
        tree = reader.tree(path, data)
    if problems.items or tree is None:
        located = with_lines(path, problems.items)
        raise InputError(located[0], located)
    return tree


def _cites(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


class _Reader:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def tree(self, path: Path, data: dict[str, Any]) -> Tree | None:
        problems = self.problems
        for section in data:
            if section not in SECTIONS:
                problems.check("file", {section: None}, {k: Key(dict) for k in SECTIONS})
        head = data.get("tree")
        if head is None:
            problems.add("[tree]", "missing the [tree] table", "add [tree] with id, title, start")
            return None
        if not problems.check("[tree]", head, TREE_KEYS):
            return None
        record = head.get("authorisation_record")
        limit = head.get("completion_limit", {})
        if limit and not problems.check("[tree] completion_limit", limit, COMPLETION_KEYS):
            limit = {}
        meta = TreeMeta(
            id=head["id"],
            title=head["title"],
            force=head["force"],
            guidance=tuple(str(doc) for doc in head["guidance"]),
            start=head["start"],
            version=head.get("version", ""),
            summary=head.get("summary", ""),
            path=path,
            primary_document=head["primary_document"],
            contact_role=head["contact"],
            authorisation_record=self.obligation("[tree] authorisation_record", record)
            if record is not None
            else None,
            uncited=tuple((str(k), str(v)) for k, v in head.get("uncited", {}).items()),
            completion_weeks=limit.get("weeks"),
            completion_cite=_cites(limit.get("cite", ())),
            completion_when=self.guard("[tree] completion_limit", limit.get("when", {})),
            completion_passed=limit.get("passed", ""),
            completion_passed_title=limit.get("passed_title", ""),
            chains=tuple((str(k), str(v)) for k, v in head.get("chains", {}).items()),
        )
        roles = {
            role_id: Role(
                id=role_id,
                name=table["name"],
                rank=table["rank"],
                description=table["description"],
                authorises=table.get("authorises", True),
                chain=table.get("chain", ""),
            )
            for role_id, table in self.tables(data, "roles").items()
            if problems.check(f"role {role_id}", table, ROLE_KEYS)
        }
        disposals = {
            disposal_id: Disposal(
                id=disposal_id,
                label=table["label"],
                is_cr=table["cr"],
                routes=self.routes(f"disposal {disposal_id}", table),
                authorised_label=table.get("authorised_label"),
            )
            for disposal_id, table in self.tables(data, "disposals").items()
            if problems.check(f"disposal {disposal_id}", table, DISPOSAL_KEYS)
        }
        readings = {
            reading_id: Reading(
                id=reading_id, text=table["text"], cite=_cites(table["cite"]), ask=table["ask"]
            )
            for reading_id, table in self.tables(data, "readings").items()
            if problems.check(f"reading {reading_id}", table, READING_KEYS)
        }
        special_cases = {
            case_id: SpecialCase(id=case_id, label=table["label"], cite=_cites(table["cite"]))
            for case_id, table in self.tables(data, "special_cases").items()
            if problems.check(f"special case {case_id}", table, SPECIAL_CASE_KEYS)
        }
        nodes: dict[str, Node] = {}
        for node_id, table in self.tables(data, "nodes").items():
            node = self.node(node_id, table)
            if node is not None:
                nodes[node_id] = node
        return Tree(
            meta=meta,
            roles=roles,
            disposals=disposals,
            readings=readings,
            nodes=nodes,
            special_cases=special_cases,
        )

    def tables(self, data: dict[str, Any], section: str) -> dict[str, Any]:
        value = data.get(section, {})
        if not isinstance(value, dict):
            self.problems.add(f"[{section}]", "must be a table", f"write [{section}.NAME] tables")
            return {}
        return value

    def node(self, node_id: str, table: Any) -> Node | None:
        place = f"node {node_id}"
        if not self.problems.check(place, table, NODE_KEYS):
            return None
        kind = table["kind"]
        if kind not in KINDS:
            self.problems.add(place, f"unknown kind '{kind}'", "use question, info or outcome")
            return None
        answers: list[Answer] = []
        if kind == "info":
            if "next" not in table:
                self.problems.add(place, "an info node has no 'next'", 'add next = "NODE"')
            else:
                answers.append(Answer(label="Continue", next=table["next"], id="continue"))
        for index, answer_table in enumerate(table.get("answers", []), start=1):
            answer = self.answer(f"{place}: answer {index}", answer_table)
            if answer is not None:
                answers.append(answer)
        if kind != "question" and table.get("answers"):
            self.problems.add(place, f"an {kind} node cannot have answers", "remove its answers")
        obligations = tuple(
            rule
            for index, item in enumerate(table.get("obligations", []), start=1)
            if (rule := self.obligation(f"{place}: obligation {index}", item)) is not None
        )
        return Node(
            id=node_id,
            kind=kind,
            text=table["text"],
            cite=_cites(table["cite"]),
            help=table.get("help", ""),
            answers=tuple(answers),
            disposal=table.get("disposal", ""),
            title=table.get("title", ""),
            obligations=obligations,
            readings=tuple(str(r) for r in table.get("readings", [])),
            routes=self.routes(place, table),
        )

    def routes(self, place: str, table: dict[str, Any]) -> tuple[RouteRule, ...]:
        """``routes`` (guarded, in order), then ``route`` (with ``route_cite``) as the last."""
        rules = [
            rule
            for index, item in enumerate(table.get("routes", []), start=1)
            if (rule := self.route(f"{place}: route {index}", item)) is not None
        ]
        if "route" in table:
            rules.append(RouteRule(table["route"], _cites(table.get("route_cite", ()))))
        return tuple(rules)

    def route(self, place: str, table: Any) -> RouteRule | None:
        if not self.problems.check(place, table, ROUTE_KEYS):
            return None
        return RouteRule(
            text=table["text"],
            cite=_cites(table.get("cite", ())),
            when=self.guard(place, table.get("when", {})),
            readings=tuple(str(r) for r in table.get("readings", [])),
        )

    def answer(self, place: str, table: Any) -> Answer | None:
        if not self.problems.check(place, table, ANSWER_KEYS):
            return None
        place = f"{place} '{table['label']}'"
        authorise = tuple(
            rule
            for index, item in enumerate(table.get("authorise", []), start=1)
            if (rule := self.authorise(f"{place}: authorise {index}", item)) is not None
        )
        obligations = tuple(
            duty
            for index, item in enumerate(table.get("obligations", []), start=1)
            if (duty := self.obligation(f"{place}: obligation {index}", item)) is not None
        )
        return Answer(
            label=table["label"],
            next=table["next"],
            when=self.guard(place, table.get("when", {})),
            sets=tuple(self.facts(place, table.get("set", {}))),
            authorise=authorise,
            obligations=obligations,
            readings=tuple(str(r) for r in table.get("readings", [])),
            explain=table.get("explain", ""),
            special_case=table.get("special_case", ""),
            id=table.get("id", ""),
        )

    def authorise(self, place: str, table: Any) -> AuthorisationRule | None:
        if not self.problems.check(place, table, AUTHORISE_KEYS):
            return None
        return AuthorisationRule(
            role=table["role"],
            reason=table["reason"],
            cite=_cites(table["cite"]),
            when=self.guard(place, table.get("when", {})),
            readings=tuple(str(r) for r in table.get("readings", [])),
        )

    def obligation(self, place: str, table: Any) -> ObligationRule | None:
        if not self.problems.check(place, table, OBLIGATION_KEYS):
            return None
        return ObligationRule(
            text=table["text"],
            cite=_cites(table["cite"]),
            warning=table.get("warning", False),
            when=self.guard(place, table.get("when", {})),
        )

    def guard(self, place: str, table: dict[str, Any]) -> Guard:
        return Guard(tuple(self.facts(place, table)))

    def facts(self, place: str, table: dict[str, Any]) -> list[tuple[str, FactValue]]:
        pairs: list[tuple[str, FactValue]] = []
        for name, value in table.items():
            if isinstance(value, bool | str | int):
                pairs.append((name, value))
            else:
                self.problems.add(
                    place,
                    f"fact '{name}' must be true/false, text or a number",
                    f"write {name} = true",
                )
        return pairs
