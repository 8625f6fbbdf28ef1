"""What the officer leaves with: the disposal, every authorisation, the obligations and the path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from assistant.engine.model import Disposal, FactValue, Reading, Role


@dataclass(frozen=True)
class RequiredAuthorisation:
    role: Role
    reason: str
    cite: tuple[str, ...]
    question: str


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

    @property
    def contact_first(self) -> Role | None:
        roles = self.authorising_roles
        return roles[0] if roles else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tree": self.tree_id,
            "force": self.force,
            "outcome": self.outcome_id,
            "title": self.title,
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
                    "cite": list(step.cite),
                }
                for step in self.path
            ],
        }
