"""The decision record of one finished case: identifiers only, never a name or free text.

Every text field is a plain name taken from the tree (question, answer, outcome, role, reading and
special-case ids, paragraph ids), the force's list of units, or the clock. Nothing the officer
types reaches a record: :func:`plain_name` refuses anything that is not a plain name, and the
database refuses it again (a CHECK on every text column, :mod:`assistant.record.schema`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.engine.model import Answer, Tree, answer_slug
from assistant.engine.recommendation import Recommendation
from assistant.engine.session import Step

# What a text column may hold: letters, digits and . _ : , - (no spaces, no slashes), so no
# person's name as written, no sentence and no crime reference ("46/123456/26") fits.
PLAIN_NAME = re.compile(r"[A-Za-z0-9_.:,-]{1,160}")
PLAIN_CHARACTERS = "A-Za-z0-9_.:,-"
MAX_PLAIN = 160


class NotPlainName(ValueError):
    """A value that is not a plain name reached a decision record: it is refused."""


def plain_name(value: str) -> str:
    if not PLAIN_NAME.fullmatch(value):
        raise NotPlainName(f"'{value[:40]}' is not a plain name a decision record may hold")
    return value


def slug(text: str) -> str:
    """A label as a plain lower-case name: 'Yes, as a special case' -> 'yes-as-a-special-case'."""
    return answer_slug(text)[:MAX_PLAIN] or "none"


def answer_key(answer: Answer) -> str:
    """The stable id of an answer (the tree's ``id``, or its label's slug when the tree gives
    none: assistant/engine/model.py), so rewording a label leaves past records comparable."""
    return answer.id


def paragraph_key(citation: str) -> str:
    """'O32g 2.3.3' -> 'O32g_2.3.3' (a plain name; :func:`paragraph_text` reverses it)."""
    return citation.replace(" ", "_")


def paragraph_text(key: str) -> str:
    return key.replace("_", " ")


@dataclass(frozen=True)
class AnsweredQuestion:
    question_id: str
    answer_id: str


@dataclass(frozen=True)
class ContactReason:
    """One reason to contact someone: the person's role, the role the rule names (a lower rank
    the person covers, or their own), the question whose answer called for it, its paragraphs."""

    contact_role: str
    role_id: str
    question_id: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SpecialCaseUsed:
    special_case_id: str
    question_id: str


@dataclass(frozen=True)
class CaseRecord:
    case_key: str  # random per case (Session.case_id): a changed answer replaces the record
    recorded_at: dt.datetime  # UTC, to the second
    tree_id: str
    policy_version: str  # the slug of the tree's version line
    tree_digest: str  # sha256 of the tree file (first 16 hex digits): the exact rules used
    unit: str | None  # the key of a unit on the force's list, or None when none was given
    outcome_id: str
    disposal_id: str
    is_cr: bool
    answers: tuple[AnsweredQuestion, ...]
    contacts: tuple[ContactReason, ...]
    readings: tuple[str, ...]
    special_cases: tuple[SpecialCaseUsed, ...]
    # The outcome shown before the officer changed an answer that changed it (and which
    # question they changed); None when the outcome shown first stood.
    changed_from: str | None = None
    changed_question: str | None = None
    digest: str = field(default="", compare=False)

    def canonical(self) -> str:
        """The record as canonical JSON (without its digest): what the digest is taken over."""
        data: dict[str, Any] = asdict(self)
        data.pop("digest")
        data["recorded_at"] = stamp(self.recorded_at)
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    def sealed(self) -> CaseRecord:
        """This record with its digest set (and every text value checked as a plain name)."""
        for value in self.texts():
            plain_name(value)
        digest = hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()
        return _replace(self, digest=digest)

    def intact(self) -> bool:
        """False when the stored record no longer matches its digest (altered after writing)."""
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest() == self.digest

    def texts(self) -> list[str]:
        values = [
            self.case_key,
            stamp(self.recorded_at),
            self.tree_id,
            self.policy_version,
            self.tree_digest,
            self.outcome_id,
            self.disposal_id,
            *self.readings,
        ]
        values += [v for v in (self.unit, self.changed_from, self.changed_question) if v]
        for answered in self.answers:
            values += [answered.question_id, answered.answer_id]
        for reason in self.contacts:
            values += [reason.contact_role, reason.role_id, reason.question_id, *reason.paragraphs]
        for used in self.special_cases:
            values += [used.special_case_id, used.question_id]
        return values

    def to_json(self) -> str:
        """The record as one line of JSON, for the local queue file."""
        data = json.loads(self.canonical())
        data["digest"] = self.digest
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> CaseRecord:
        data = json.loads(text)
        return cls(
            case_key=data["case_key"],
            recorded_at=parse_stamp(data["recorded_at"]),
            tree_id=data["tree_id"],
            policy_version=data["policy_version"],
            tree_digest=data["tree_digest"],
            unit=data["unit"],
            outcome_id=data["outcome_id"],
            disposal_id=data["disposal_id"],
            is_cr=bool(data["is_cr"]),
            answers=tuple(AnsweredQuestion(**item) for item in data["answers"]),
            contacts=tuple(
                ContactReason(
                    item["contact_role"],
                    item["role_id"],
                    item["question_id"],
                    tuple(item["paragraphs"]),
                )
                for item in data["contacts"]
            ),
            readings=tuple(data["readings"]),
            special_cases=tuple(SpecialCaseUsed(**item) for item in data["special_cases"]),
            changed_from=data.get("changed_from"),
            changed_question=data.get("changed_question"),
            digest=data.get("digest", ""),
        )


def _replace(record: CaseRecord, **changes: Any) -> CaseRecord:
    from dataclasses import replace

    return replace(record, **changes)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def tree_digest(tree: Tree) -> str:
    try:
        data = tree.meta.path.read_bytes()
    except OSError:
        return "unknown"
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class ShownResult:
    """A result the officer has seen: its outcome and the answers that led to it."""

    outcome_id: str
    answers: tuple[AnsweredQuestion, ...]


def answered(steps: Sequence[Step]) -> tuple[AnsweredQuestion, ...]:
    return tuple(
        AnsweredQuestion(step.node.id, answer_key(step.answer))
        for step in steps
        if step.node.kind == "question"
    )


def build_record(
    tree: Tree,
    steps: Sequence[Step],
    recommendation: Recommendation,
    case_key: str,
    unit: str | None,
    earlier: Sequence[ShownResult] = (),
    now: dt.datetime | None = None,
) -> CaseRecord:
    """The record of a finished case. ``earlier``: results shown before in the same case (the
    officer went back and changed an answer), oldest first."""
    answers = answered(steps)
    changed = next(
        (shown for shown in reversed(earlier) if shown.outcome_id != recommendation.outcome_id),
        None,
    )
    contacts = tuple(
        ContactReason(
            person.role.id,
            reason.role.id,
            reason.question,
            tuple(paragraph_key(cite) for cite in reason.cite),
        )
        for person in recommendation.people_to_contact
        for reason in person.reasons
    )
    # A special-case route is used only by a case that ends in a CR (as authorisations are).
    special = tuple(
        SpecialCaseUsed(step.answer.special_case, step.node.id)
        for step in steps
        if step.answer.special_case and recommendation.is_cr
    )
    moment = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return CaseRecord(
        case_key=case_key,
        recorded_at=moment,
        tree_id=tree.id,
        policy_version=slug(tree.meta.version or "unversioned"),
        tree_digest=tree_digest(tree),
        unit=unit,
        outcome_id=recommendation.outcome_id,
        disposal_id=recommendation.disposal.id,
        is_cr=recommendation.is_cr,
        answers=answers,
        contacts=contacts,
        readings=tuple(reading.id for reading in recommendation.readings),
        special_cases=special,
        changed_from=changed.outcome_id if changed else None,
        changed_question=_first_difference(changed.answers, answers) if changed else None,
    ).sealed()


def _first_difference(
    before: tuple[AnsweredQuestion, ...], after: tuple[AnsweredQuestion, ...]
) -> str | None:
    for old, new in zip(before, after, strict=False):
        if old != new:
            return new.question_id if old.question_id == new.question_id else old.question_id
    shorter = before if len(before) < len(after) else after
    longer = after if shorter is before else before
    return longer[len(shorter)].question_id if len(longer) > len(shorter) else None
