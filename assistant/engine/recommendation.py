"""What the officer leaves with: the disposal, every authorisation, the obligations and the path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from assistant.engine.model import Disposal, FactValue, Reading, Role


@dataclass(frozen=True)
class RequiredAuthorisation:
    role: Role
    reason: str
    cite: tuple[str, ...]
    question: str


@dataclass(frozen=True)
class PersonToContact:
    """One person to contact, and every authorisation they give: their own reasons first, then
    the reasons of lower ranks in their chain of command that they cover (O32g 2.1.4 "or above";
    the chains are the tree's data)."""

    role: Role
    reasons: tuple[RequiredAuthorisation, ...]

    @property
    def own(self) -> tuple[RequiredAuthorisation, ...]:
        return tuple(item for item in self.reasons if item.role.id == self.role.id)

    @property
    def covers(self) -> tuple[RequiredAuthorisation, ...]:
        """The lower ranks' reasons this person can give as well."""
        return tuple(item for item in self.reasons if item.role.id != self.role.id)


def people_to_contact(
    authorisations: tuple[RequiredAuthorisation, ...],
) -> tuple[PersonToContact, ...]:
    """One entry per person: within a chain the highest rank required takes every reason of
    the chain; a role outside any chain keeps its own. Highest rank first."""
    groups: dict[str, list[RequiredAuthorisation]] = {}
    for item in authorisations:
        key = f"chain {item.role.chain}" if item.role.chain else f"role {item.role.id}"
        groups.setdefault(key, []).append(item)
    people = []
    for items in groups.values():
        # The first of the highest rank (ties keep the order the rules fired in).
        top = max(items, key=lambda item: item.role.rank).role
        own = [item for item in items if item.role.id == top.id]
        lower = sorted(
            (item for item in items if item.role.id != top.id), key=lambda item: -item.role.rank
        )
        people.append(PersonToContact(top, tuple(own + lower)))
    return tuple(sorted(people, key=lambda person: -person.role.rank))


@dataclass(frozen=True)
class Covering:
    """A person who covers lower ranks of their chain, and the reading that cover rests on."""

    person: PersonToContact
    reading: str  # the reading's id


def coverings(
    people: tuple[PersonToContact, ...], chains: tuple[tuple[str, str], ...]
) -> tuple[Covering, ...]:
    """Each person who covers a lower rank in a chain that names its reading."""
    reading_of = dict(chains)
    return tuple(
        Covering(person, reading_of[person.role.chain])
        for person in people
        if person.covers and person.role.chain in reading_of
    )


def covering_readings(
    people: tuple[PersonToContact, ...], chains: tuple[tuple[str, str], ...]
) -> tuple[str, ...]:
    """The readings to show because a higher rank covers a lower one (each chain's, once)."""
    return tuple(dict.fromkeys(item.reading for item in coverings(people, chains)))


@dataclass(frozen=True)
class Obligation:
    text: str
    cite: tuple[str, ...]
    warning: bool = False


@dataclass(frozen=True)
class Route:
    """What to do instead of a CR (or, for a CR, the disposal itself), with its paragraphs."""

    text: str
    cite: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathStep:
    """One question on the path, the answer given, and what that answer decided."""

    question_id: str
    question: str
    answer: str
    cite: tuple[str, ...]
    explain: str = ""
    answer_id: str = ""


@dataclass(frozen=True)
class Recommendation:
    tree_id: str
    tree_title: str
    force: str
    outcome_id: str
    title: str
    explanation: str
    disposal: Disposal
    authorisations: tuple[RequiredAuthorisation, ...]
    obligations: tuple[Obligation, ...]
    readings: tuple[Reading, ...]
    path: tuple[PathStep, ...]
    facts: tuple[tuple[str, FactValue], ...]
    cite: tuple[str, ...]
    route: Route
    ask: Role | None = None
    offence_date: dt.date | None = None
    completion_date: dt.date | None = None
    completion_cite: tuple[str, ...] = field(default=())
    # The tree's completion limit applies to this result (a CR whose outcome is deferred).
    completion_applies: bool = False
    # The date the result was made on, compared with the completion date.
    today: dt.date | None = None
    # The headline when the completion date has passed, in the tree's words ("" keeps title).
    passed_title: str = ""

    @property
    def headline(self) -> str:
        """The outcome's title, or the tree's words for a deferred outcome out of time."""
        if self.completion_passed and self.passed_title:
            assert self.completion_date is not None
            return self.passed_title.replace("{date}", f"{self.completion_date:%d %B %Y}")
        return self.title

    @property
    def completion_passed(self) -> bool:
        """True when the latest completion date is already behind us."""
        return (
            self.completion_date is not None
            and self.today is not None
            and self.completion_date < self.today
        )

    @property
    def is_cr(self) -> bool:
        return self.disposal.is_cr

    @property
    def disposal_label(self) -> str:
        """'Community Resolution' or, when anyone must authorise it, the authorised wording."""
        if self.authorisations and self.disposal.authorised_label:
            return self.disposal.authorised_label
        return self.disposal.label

    @property
    def authorising_roles(self) -> tuple[Role, ...]:
        """Each role once, highest rank first."""
        seen: dict[str, Role] = {}
        for item in self.authorisations:
            seen.setdefault(item.role.id, item.role)
        return tuple(seen.values())

    @cached_property
    def people_to_contact(self) -> tuple[PersonToContact, ...]:
        """One entry per person to contact, each with every reason they authorise."""
        return people_to_contact(self.authorisations)

    @property
    def contact_roles(self) -> tuple[Role, ...]:
        """The roles of the people to contact, one each, highest rank first."""
        return tuple(person.role for person in self.people_to_contact)

    @property
    def contact_first(self) -> Role | None:
        people = self.people_to_contact
        return people[0].role if people else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tree": self.tree_id,
            "force": self.force,
            "outcome": self.outcome_id,
            "title": self.title,
            "headline": self.headline,
            "disposal": self.disposal.id,
            "disposal_label": self.disposal_label,
            "is_cr": self.is_cr,
            "route": self.route.text,
            "route_cite": list(self.route.cite),
            "explanation": self.explanation,
            "cite": list(self.cite),
            "authorisations": [
                {
                    "role": item.role.id,
                    "role_name": item.role.name,
                    "reason": item.reason,
                    "cite": list(item.cite),
                    "question": item.question,
                }
                for item in self.authorisations
            ],
            "people_to_contact": [
                {
                    "role": person.role.id,
                    "role_name": person.role.name,
                    "reasons": [
                        {
                            "role": item.role.id,
                            "role_name": item.role.name,
                            "reason": item.reason,
                            "cite": list(item.cite),
                            "question": item.question,
                            "covered": item.role.id != person.role.id,
                        }
                        for item in person.reasons
                    ],
                }
                for person in self.people_to_contact
            ],
            "contact_first": self.contact_first.id if self.contact_first else None,
            "obligations": [
                {"text": item.text, "cite": list(item.cite), "warning": item.warning}
                for item in self.obligations
            ],
            "readings": [
                {"id": item.id, "text": item.text, "cite": list(item.cite), "ask": item.ask}
                for item in self.readings
            ],
            "ask": self.ask.id if self.ask else None,
            "offence_date": self.offence_date.isoformat() if self.offence_date else None,
            "completion_date": self.completion_date.isoformat() if self.completion_date else None,
            "completion_passed": self.completion_passed,
            "facts": dict(self.facts),
            "path": [
                {
                    "question": step.question_id,
                    "text": step.question,
                    "answer": step.answer,
                    "answer_id": step.answer_id,
                    "cite": list(step.cite),
                }
                for step in self.path
            ],
        }
