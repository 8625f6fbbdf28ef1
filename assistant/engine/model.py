"""The decision tree as typed data: what the loader builds and the session walks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import networkx as nx

FactValue = bool | str | int
Facts = Mapping[str, FactValue]
NodeKind = Literal["question", "info", "outcome"]


@dataclass(frozen=True)
class Guard:
    """Facts that must all hold (a fact not yet set does not hold)."""

    facts: tuple[tuple[str, FactValue], ...] = ()

    def holds(self, facts: Facts) -> bool:
        return all(name in facts and facts[name] == value for name, value in self.facts)

    def excludes(self, other: Guard) -> bool:
        """True when no set of facts can satisfy both guards."""
        mine = dict(self.facts)
        return any(name in mine and mine[name] != value for name, value in other.facts)

    def covers(self, other: Guard) -> bool:
        """True when this guard requires every fact ``other`` requires (and ``other`` has one)."""
        return bool(other.facts) and set(other.facts) <= set(self.facts)

    def __bool__(self) -> bool:
        return bool(self.facts)

    def describe(self) -> str:
        return ", ".join(f"{name} = {value}" for name, value in self.facts)


@dataclass(frozen=True)
class Role:
    """Someone the assistant may name: an authoriser, a contact or a team."""

    id: str
    name: str
    rank: int
    description: str
    authorises: bool = True
    # A chain of command ("police"): within it the highest rank required covers the lower ones,
    # so the officer contacts one person. Roles without a chain always stand alone.
    chain: str = ""


@dataclass(frozen=True)
class RouteRule:
    """What to do instead of a CR, for the facts in ``when`` (the first rule that holds wins):
    the route must be lawful and possible for the reason the CR was refused."""

    text: str
    cite: tuple[str, ...] = ()
    when: Guard = Guard()
    readings: tuple[str, ...] = ()


def first_route(rules: tuple[RouteRule, ...], facts: Facts) -> RouteRule | None:
    return next((rule for rule in rules if rule.when.holds(facts)), None)


@dataclass(frozen=True)
class Disposal:
    id: str
    label: str
    is_cr: bool
    # Guarded routes, tried in order; the last has no guard (the validator makes sure).
    routes: tuple[RouteRule, ...] = ()
    authorised_label: str | None = None


@dataclass(frozen=True)
class Reading:
    """Where the SOP is silent or ambiguous: the reading taken, its paragraphs, who to ask."""

    id: str
    text: str
    cite: tuple[str, ...]
    ask: str


@dataclass(frozen=True)
class AuthorisationRule:
    role: str
    reason: str
    cite: tuple[str, ...]
    when: Guard = Guard()
    # Readings this authorisation rests on: shown only when the rule applies.
    readings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObligationRule:
    text: str
    cite: tuple[str, ...]
    warning: bool = False
    when: Guard = Guard()


# What an answer id may be: lower-case letters, digits, "-" and "_" (a slug a trainer can read
# in a scenario file and that fits the regression artefact's ``question=id`` lines).
ANSWER_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def answer_slug(label: str) -> str:
    """The id an answer has when its tree gives none: its label in lower case, accents
    dropped, every run of other characters one "-" ("18 or over (an adult)" ->
    "18-or-over-an-adult"). Empty for a label with no letter or digit."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")


@dataclass(frozen=True)
class SpecialCase:
    """A route the SOP allows only as an exception (an Excluded Offence dealt with as a special
    case, a CR without the victim's consent ...): the LPU Lead oversees each one, so a decision
    record names the routes a case took (the answers that take one carry its id)."""

    id: str
    label: str
    cite: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    label: str
    next: str
    when: Guard = Guard()
    sets: tuple[tuple[str, FactValue], ...] = ()
    authorise: tuple[AuthorisationRule, ...] = ()
    obligations: tuple[ObligationRule, ...] = ()
    readings: tuple[str, ...] = ()
    explain: str = ""
    # The id of the special-case route this answer takes ([special_cases.ID]), if any.
    special_case: str = ""
    # The answer's identity in scenarios, saved cases and the regression artefact, so that
    # rewording its label changes none of them. Defaults to the label's slug.
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", answer_slug(self.label))


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    text: str
    cite: tuple[str, ...]
    help: str = ""
    answers: tuple[Answer, ...] = ()
    # Outcome nodes only.
    disposal: str = ""
    title: str = ""
    obligations: tuple[ObligationRule, ...] = ()
    readings: tuple[str, ...] = ()
    # An outcome's own routes, tried before its disposal's (for a reason with its own route).
    routes: tuple[RouteRule, ...] = ()

    def offered(self, facts: Facts) -> tuple[Answer, ...]:
        """The answers whose guards hold for these facts, in authored order."""
        return tuple(answer for answer in self.answers if answer.when.holds(facts))


@dataclass(frozen=True)
class TreeMeta:
    id: str
    title: str
    force: str
    guidance: tuple[str, ...]
    start: str
    version: str
    summary: str
    path: Path
    primary_document: str
    contact_role: str
    authorisation_record: ObligationRule | None = None
    uncited: tuple[tuple[str, str], ...] = ()
    # Latest completion of deferred outcomes, counted from the offence date (O32g 4.4.4).
    completion_weeks: int | None = None
    completion_cite: tuple[str, ...] = ()
    # Facts that must hold for the limit to apply (such as a deferred outcome), and the words
    # shown when the date has already passed ("{date}" is replaced by it).
    completion_when: Guard = Guard()
    completion_passed: str = ""
    # The headline of a result whose deferred outcome is out of time ("{date}" is replaced).
    completion_passed_title: str = ""
    # Each chain of command and the reading that says its higher ranks cover the lower ones.
    chains: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Tree:
    meta: TreeMeta
    roles: Mapping[str, Role]
    disposals: Mapping[str, Disposal]
    readings: Mapping[str, Reading]
    nodes: Mapping[str, Node]
    special_cases: Mapping[str, SpecialCase] = field(default_factory=dict)

    @cached_property
    def graph(self) -> nx.DiGraph:
        """Questions, info and outcomes as nodes; each edge lists the answers that take it.

        Built on first use: only validation and graph exports need it, and importing networkx
        costs more than the rest of starting the assistant."""
        import networkx as nx

        edges: dict[tuple[str, str], list[int]] = {}
        for node in self.nodes.values():
            for index, answer in enumerate(node.answers):
                if answer.next in self.nodes:
                    edges.setdefault((node.id, answer.next), []).append(index)
        graph = nx.DiGraph()
        # In bulk: networkx's one-at-a-time add_node/add_edge cost more than the rest of loading.
        graph.add_nodes_from((node.id, {"node": node}) for node in self.nodes.values())
        graph.add_edges_from(
            (source, target, {"answers": answers}) for (source, target), answers in edges.items()
        )
        return graph

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def start(self) -> Node:
        return self.nodes[self.meta.start]

    def roles_by_rank(self) -> list[Role]:
        return sorted(self.roles.values(), key=lambda role: -role.rank)
