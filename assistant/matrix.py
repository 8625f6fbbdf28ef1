"""The authorisation matrix, derived from a tree: who must authorise what, and what rules a CR out.

Nothing here is written by hand: every row comes from an ``authorise`` rule of an answer, and
every exclusion from an answer that leads to an outcome whose disposal is not a CR. One pass over
the nodes and their answers (linear in nodes + edges), so it stays fast on very large trees.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.engine.model import Answer, FactValue, Node, Tree


def _condition(question: str, answer: str, only_when: str) -> str:
    """The circumstance in plain words: the answer given, and what it depends on."""
    text = f'"{question}" answered "{answer}"'
    return f"{text}, {only_when}" if only_when else text


@dataclass(frozen=True)
class MatrixRow:
    """One circumstance that needs an authorisation: the answer given, and who must authorise."""

    role_id: str
    role_name: str
    rank: int
    question_id: str
    question: str
    answer: str
    only_when: str  # the earlier answers the rule depends on, in plain words ("" if none)
    reason: str
    cite: tuple[str, ...]
    # The facts the rule depends on ("juvenile" = True), for readers that filter by case.
    guard: tuple[tuple[str, FactValue], ...] = ()

    @property
    def condition(self) -> str:
        return _condition(self.question, self.answer, self.only_when)


@dataclass(frozen=True)
class Exclusion:
    """An answer that ends the walk without a CR: the outcome, its disposal and paragraphs."""

    question_id: str
    question: str
    answer: str
    only_when: str
    outcome_id: str
    outcome: str
    disposal_id: str
    disposal: str
    cite: tuple[str, ...]
    guard: tuple[tuple[str, FactValue], ...] = ()

    @property
    def condition(self) -> str:
        return _condition(self.question, self.answer, self.only_when)


@dataclass(frozen=True)
class AuthorisingRole:
    role_id: str
    name: str
    rank: int
    description: str
    rows: int  # how many circumstances name this role


@dataclass(frozen=True)
class AuthorisationMatrix:
    tree_id: str
    title: str
    roles: tuple[AuthorisingRole, ...]  # every role that authorises, highest rank first
    rows: tuple[MatrixRow, ...]  # highest rank first, then in the tree's order
    exclusions: tuple[Exclusion, ...]  # in the tree's order
    contact: str = ""  # who the tree names for local guidance

    @property
    def no_authoriser(self) -> str:
        ask = f"ask the {self.contact}" if self.contact else "ask locally"
        return (
            "This tree names nobody who must authorise: its guidance gives no authoriser. That "
            f"does not mean no authorisation is needed; {ask}."
        )

    def rows_for(self, role_id: str) -> tuple[MatrixRow, ...]:
        return tuple(row for row in self.rows if row.role_id == role_id)


def authorisation_matrix(tree: Tree) -> AuthorisationMatrix:
    setters = fact_setters(tree)
    rows: list[MatrixRow] = []
    exclusions: list[Exclusion] = []
    for node in tree.nodes.values():
        if node.kind != "question":
            continue
        for answer in node.answers:
            for rule in answer.authorise:
                if answer.when.facts and rule.when.facts and answer.when.excludes(rule.when):
                    continue  # can never fire: the answer is offered only when it cannot hold
                role = tree.roles[rule.role]
                rows.append(
                    MatrixRow(
                        role_id=role.id,
                        role_name=role.name,
                        rank=role.rank,
                        question_id=node.id,
                        question=node.text,
                        answer=answer.label,
                        only_when=guard_words((*answer.when.facts, *rule.when.facts), setters),
                        reason=rule.reason,
                        cite=rule.cite,
                        guard=(*answer.when.facts, *rule.when.facts),
                    )
                )
            outcome = _outcome_of(tree, answer)
            if outcome is not None and not tree.disposals[outcome.disposal].is_cr:
                disposal = tree.disposals[outcome.disposal]
                exclusions.append(
                    Exclusion(
                        question_id=node.id,
                        question=node.text,
                        answer=answer.label,
                        only_when=guard_words(answer.when.facts, setters),
                        outcome_id=outcome.id,
                        outcome=outcome.title,
                        disposal_id=disposal.id,
                        disposal=disposal.label,
                        cite=outcome.cite or node.cite,
                        guard=answer.when.facts,
                    )
                )
    rows.sort(key=lambda row: -row.rank)  # stable: the tree's order within a rank
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.role_id] = counts.get(row.role_id, 0) + 1
    roles = tuple(
        AuthorisingRole(role.id, role.name, role.rank, role.description, counts.get(role.id, 0))
        for role in tree.roles_by_rank()
        if role.authorises or role.id in counts
    )
    contact = tree.roles.get(tree.meta.contact_role)
    return AuthorisationMatrix(
        tree.id,
        tree.meta.title,
        roles,
        tuple(rows),
        tuple(exclusions),
        contact.name if contact is not None else "",
    )


def _outcome_of(tree: Tree, answer: Answer) -> Node | None:
    """The outcome an answer leads to, through any info nodes; None for a question."""
    node = tree.nodes[answer.next]
    seen: set[str] = set()
    while node.kind == "info" and node.answers and node.id not in seen:
        seen.add(node.id)
        node = tree.nodes[node.answers[0].next]
    return node if node.kind == "outcome" else None


# A label this short ("Yes", "None") says nothing without its question.
_SHORT_LABEL = 24


def fact_setters(tree: Tree) -> Mapping[tuple[str, FactValue], list[str]]:
    """For each fact value, the answers that set it, in words: the answer's label, with its
    question when the label alone would not say what was answered (never a node id)."""
    setters: dict[tuple[str, FactValue], list[str]] = {}
    for node in tree.nodes.values():
        for answer in node.answers:
            for fact in answer.sets:
                found = setters.setdefault(fact, [])
                words = f'"{answer.label}"'
                if len(answer.label) < _SHORT_LABEL:
                    words += f' to "{node.text}"'
                if words not in found:
                    found.append(words)
    return setters


def guard_words(
    facts: tuple[tuple[str, FactValue], ...], setters: Mapping[tuple[str, FactValue], list[str]]
) -> str:
    """A guard in the words of the answers that make it hold; a fact no answer sets (set
    by the tree's author for a reason of their own) as "in some circumstances", never its
    internal name."""
    if not facts:
        return ""
    parts = []
    for fact in dict.fromkeys(facts):
        answers = setters.get(fact)
        if answers:
            parts.append(" or ".join(answers[:3]) + (" or another" if len(answers) > 3 else ""))
    if not parts:
        return "only in some circumstances (see the tree)"
    return "only after the answer " + " and ".join(parts)


# -- renderings ----------------------------------------------------------------------------------


def _cites(cite: tuple[str, ...]) -> str:
    return "; ".join(cite)


def matrix_lines(matrix: AuthorisationMatrix) -> list[str]:
    """Plain text, one block per authorising role, then the exclusions."""
    lines = [f"Authorisation matrix: {matrix.title} ({matrix.tree_id})", ""]
    if not matrix.roles:
        lines += [matrix.no_authoriser, ""]
    for role in matrix.roles:
        lines.append(f"{role.name}:")
        rows = matrix.rows_for(role.role_id)
        if not rows:
            lines.append("  (no rule in this tree names this role)")
        for row in rows:
            lines.append(f"  - {row.condition}")
            lines.append(f"      {row.reason}  [{_cites(row.cite)}]")
        lines.append("")
    lines.append("Hard exclusions (these answers end the walk without a Community Resolution):")
    for item in matrix.exclusions:
        lines.append(f"  - {item.condition}")
        lines.append(f"      {item.disposal}: {item.outcome}  [{_cites(item.cite)}]")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def matrix_markdown(matrix: AuthorisationMatrix) -> str:
    out = [
        f"# Authorisation matrix: {matrix.title}",
        "",
        f"Tree `{matrix.tree_id}`, derived from the tree's rules.",
        "",
        "| Authoriser | Question | Answer | Only when | Reason | Paragraph |",
        "|---|---|---|---|---|---|",
    ]
    out += [
        "| "
        + " | ".join(
            _cell(text)
            for text in (
                row.role_name,
                row.question,
                row.answer,
                row.only_when,
                row.reason,
                _cites(row.cite),
            )
        )
        + " |"
        for row in matrix.rows
    ]
    if not matrix.rows:
        del out[-2:]  # no table without rows
        out.append(
            matrix.no_authoriser if not matrix.roles else "No rule requires an authorisation."
        )
    unused = [role.name for role in matrix.roles if role.rows == 0]
    if unused:
        out += ["", "Authorising roles no rule names: " + ", ".join(unused) + "."]
    out += [
        "",
        "## Hard exclusions",
        "",
        "| Question | Answer | Only when | Disposal | Outcome | Paragraph |",
        "|---|---|---|---|---|---|",
    ]
    out += [
        "| "
        + " | ".join(
            _cell(text)
            for text in (
                item.question,
                item.answer,
                item.only_when,
                item.disposal,
                item.outcome,
                _cites(item.cite),
            )
        )
        + " |"
        for item in matrix.exclusions
    ]
    out.append("")
    return "\n".join(out)


def matrix_dict(matrix: AuthorisationMatrix) -> dict[str, Any]:
    return {
        "tree": matrix.tree_id,
        "title": matrix.title,
        "roles": [
            {"role": r.role_id, "name": r.name, "rank": r.rank, "rows": r.rows}
            for r in matrix.roles
        ],
        "authorisations": [
            {
                "role": row.role_id,
                "role_name": row.role_name,
                "question": row.question_id,
                "question_text": row.question,
                "answer": row.answer,
                "only_when": row.only_when,
                "reason": row.reason,
                "cite": list(row.cite),
            }
            for row in matrix.rows
        ],
        "exclusions": [
            {
                "question": item.question_id,
                "question_text": item.question,
                "answer": item.answer,
                "only_when": item.only_when,
                "outcome": item.outcome_id,
                "disposal": item.disposal_id,
                "disposal_label": item.disposal,
                "cite": list(item.cite),
            }
            for item in matrix.exclusions
        ],
    }


def matrix_json(matrix: AuthorisationMatrix) -> str:
    return json.dumps(matrix_dict(matrix), indent=2, ensure_ascii=False)


def matrix_csv(matrix: AuthorisationMatrix) -> str:
    """One table: kind (authorisation/exclusion), who or what, the condition, the paragraphs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["kind", "role_or_disposal", "question", "answer", "only_when", "reason", "cite"]
    )
    for row in matrix.rows:
        writer.writerow(
            [
                "authorisation",
                row.role_name,
                row.question,
                row.answer,
                row.only_when,
                row.reason,
                _cites(row.cite),
            ]
        )
    for item in matrix.exclusions:
        writer.writerow(
            [
                "exclusion",
                item.disposal,
                item.question,
                item.answer,
                item.only_when,
                item.outcome,
                _cites(item.cite),
            ]
        )
    return buffer.getvalue()
