"""What changed between two versions of a tree, rule by rule: each question, answer,
authorisation, obligation or outcome that differs, with how many paths pass through it and one
example path (answer labels) with what it decided before and after.

Rules are matched by question id and answer label; the paths are counted, not walked
(:mod:`assistant.pathcount`), so this is quick on any tree the assistant can load. The full list
of paths whose decision changes is :mod:`assistant.treediff` (``diff --paths``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from assistant.engine.model import Answer, AuthorisationRule, Node, ObligationRule, Tree
from assistant.engine.recommendation import Recommendation
from assistant.engine.session import Step, build_recommendation
from assistant.pathcount import PathCounts
from assistant.treediff import Decision

RuleKind = Literal["question", "answer", "authorisation", "obligation", "outcome", "tree"]
Side = Literal["old", "new"]


@dataclass(frozen=True)
class RuleChange:
    kind: RuleKind
    what: str  # in words
    node_id: str | None = None  # where its paths are counted (None: every path)
    label: str | None = None  # the answer, when the rule belongs to one
    side: Side = "new"  # the tree the paths are counted in (old for what was removed)
    cite: tuple[str, ...] = ()


@dataclass(frozen=True)
class CountedChange:
    change: RuleChange
    paths: int
    total: int
    example: tuple[str, ...] | None
    before: Decision | None  # the example's decision in the old tree (None: not a path there)
    after: Decision | None


# -- finding the changes ------------------------------------------------------------------------
def _place(tree: Tree, node_id: str) -> str:
    node = tree.nodes[node_id]
    if node.kind == "outcome":
        return f"the outcome “{node.title or tree.disposals[node.disposal].label}”"
    return f"“{node.text}”"


def _roles(tree: Tree, rules: Iterable[AuthorisationRule]) -> str:
    names = [tree.roles[rule.role].name if rule.role in tree.roles else rule.role for rule in rules]
    return ", ".join(names) or "nobody"


def _authorisations(
    old: Tree, new: Tree, node_id: str, label: str, was: Answer, now: Answer
) -> list[RuleChange]:
    if was.authorise == now.authorise:
        return []
    changes = []
    before = {(rule.reason, rule.when): rule for rule in was.authorise}
    after = {(rule.reason, rule.when): rule for rule in now.authorise}
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            changes.append(
                RuleChange(
                    "authorisation",
                    f"“{key[0]}” is now authorised by the {_roles(new, [after[key]])} "
                    f"(was the {_roles(old, [before[key]])})",
                    node_id,
                    label,
                    cite=after[key].cite,
                )
            )
    for key in after.keys() - before.keys():
        rule = after[key]
        changes.append(
            RuleChange(
                "authorisation",
                f"now needs the {_roles(new, [rule])}: “{rule.reason}”",
                node_id,
                label,
                cite=rule.cite,
            )
        )
    for key in before.keys() - after.keys():
        rule = before[key]
        changes.append(
            RuleChange(
                "authorisation",
                f"no longer needs the {_roles(old, [rule])}: “{rule.reason}”",
                node_id,
                label,
                "old",
                rule.cite,
            )
        )
    return changes


def _obligations(
    node_id: str,
    label: str | None,
    was: tuple[ObligationRule, ...],
    now: tuple[ObligationRule, ...],
) -> list[RuleChange]:
    before = {rule.text: rule for rule in was}
    after = {rule.text: rule for rule in now}
    changes = [
        RuleChange("obligation", f"a new duty: “{text}”", node_id, label, cite=after[text].cite)
        for text in after.keys() - before.keys()
    ]
    changes += [
        RuleChange(
            "obligation", f"a duty dropped: “{text}”", node_id, label, "old", before[text].cite
        )
        for text in before.keys() - after.keys()
    ]
    changes += [
        RuleChange(
            "obligation", f"a duty changed (when or how it applies): “{text}”", node_id, label
        )
        for text in before.keys() & after.keys()
        if before[text] != after[text]
    ]
    return sorted(changes, key=lambda change: change.what)


def _answer_changes(old: Tree, new: Tree, node: Node, was: Answer, now: Answer) -> list[RuleChange]:
    here = (node.id, now.label)
    changes: list[RuleChange] = []
    if was.next != now.next:
        changes.append(
            RuleChange(
                "answer",
                f"now leads to {_place(new, now.next)} (was {_place(old, was.next)})",
                *here,
            )
        )
    if was.when != now.when:
        changes.append(
            RuleChange(
                "answer", "offered in different circumstances (its condition changed)", *here
            )
        )
    if was.sets != now.sets:
        changes.append(RuleChange("answer", "records different facts for later questions", *here))
    changes += _authorisations(old, new, node.id, now.label, was, now)
    changes += _obligations(node.id, now.label, was.obligations, now.obligations)
    if (was.readings, was.explain) != (now.readings, now.explain):
        changes.append(RuleChange("answer", "its explanation or readings changed", *here))
    return changes


def _paired(
    was: tuple[Answer, ...], now: tuple[Answer, ...]
) -> list[tuple[Answer | None, Answer | None]]:
    """Old and new answers matched: an answer may be written several times with one label and
    different conditions, so unchanged ones pair first, then those with the same label and
    condition, then the rest of each label in order."""
    left, right = list(was), list(now)
    pairs: list[tuple[Answer | None, Answer | None]] = []
    for same in (
        lambda a, b: a == b,
        lambda a, b: (a.label, a.when) == (b.label, b.when),
        lambda a, b: a.label == b.label,
    ):
        for answer in list(left):
            match = next((other for other in right if same(answer, other)), None)
            if match is not None:
                pairs.append((answer, match))
                left.remove(answer)
                right.remove(match)
    pairs += [(answer, None) for answer in left]
    pairs += [(None, answer) for answer in right]
    return pairs


def _node_changes(old: Tree, new: Tree, was: Node, now: Node) -> list[RuleChange]:
    changes: list[RuleChange] = []
    if was.kind != now.kind:
        return [RuleChange("question", f"now a {now.kind} node (was a {was.kind})", now.id)]
    if now.kind == "outcome":
        if was.disposal != now.disposal:
            changes.append(
                RuleChange(
                    "outcome",
                    f"now gives “{new.disposals[now.disposal].label}” "
                    f"(was “{old.disposals[was.disposal].label}”)",
                    now.id,
                    cite=now.cite,
                )
            )
        elif (was.title, was.text, was.routes, was.readings) != (
            now.title,
            now.text,
            now.routes,
            now.readings,
        ):
            changes.append(RuleChange("outcome", "worded differently", now.id))
        changes += _obligations(now.id, None, was.obligations, now.obligations)
        return changes
    if was.text != now.text:
        changes.append(RuleChange("question", f"reworded (was {_place(old, was.id)})", now.id))
    if was.cite != now.cite:
        changes.append(
            RuleChange(
                "question",
                f"now cites {'; '.join(now.cite)} (was {'; '.join(was.cite)})",
                now.id,
                cite=now.cite,
            )
        )
    for answer_was, answer_now in _paired(was.answers, now.answers):
        if answer_was is None and answer_now is not None:
            changes.append(RuleChange("answer", "a new answer", now.id, answer_now.label))
        elif answer_now is None and answer_was is not None:
            changes.append(
                RuleChange("answer", "an answer removed", was.id, answer_was.label, "old")
            )
        elif answer_was is not None and answer_now is not None and answer_was != answer_now:
            changes += _answer_changes(old, new, now, answer_was, answer_now)
    return changes


def rule_changes(old: Tree, new: Tree) -> list[RuleChange]:
    """Every rule that differs, in the new tree's order (what was removed at the end)."""
    changes: list[RuleChange] = []
    for node_id, now in new.nodes.items():
        was = old.nodes.get(node_id)
        if was is None:
            changes.append(RuleChange("question", "new", node_id))
        else:
            changes += _node_changes(old, new, was, now)
    for node_id in old.nodes.keys() - new.nodes.keys():
        changes.append(RuleChange("question", "removed", node_id, side="old"))
    for role_id in old.roles.keys() | new.roles.keys():
        if old.roles.get(role_id) != new.roles.get(role_id):
            name = (new.roles.get(role_id) or old.roles[role_id]).name
            changes.append(RuleChange("tree", f"the role “{name}” is defined differently"))
    for disposal_id in old.disposals.keys() | new.disposals.keys():
        if old.disposals.get(disposal_id) != new.disposals.get(disposal_id):
            label = (new.disposals.get(disposal_id) or old.disposals[disposal_id]).label
            changes.append(RuleChange("tree", f"the outcome “{label}” is defined differently"))
    if old.meta.start != new.meta.start:
        changes.append(RuleChange("tree", f"the walk now starts at {_place(new, new.meta.start)}"))
    return changes


# -- counting and an example --------------------------------------------------------------------
def decide(tree: Tree, labels: tuple[str, ...]) -> Decision | None:
    """What the answers (labels, in order) decide in ``tree``; None if they are not a path."""
    steps: list[Step] = []
    facts: dict[str, object] = {}
    node = tree.start
    remaining = list(labels)
    for _ in range(len(tree.nodes) + 1):
        if node.kind == "outcome":
            if remaining:
                return None
            rec: Recommendation = build_recommendation(tree, steps, node, None)
            return Decision.of(rec)
        offered = node.offered(facts)  # type: ignore[arg-type]
        if node.kind == "info":
            chosen = offered[0] if offered else None
        else:
            wanted = remaining.pop(0) if remaining else None
            chosen = next((answer for answer in offered if answer.label == wanted), None)
        if chosen is None:
            return None
        steps.append(Step(node, chosen))
        facts.update(chosen.sets)
        node = tree.nodes[chosen.next]
    return None


def _telling_example(
    old: Tree, new: Tree, candidates: list[tuple[str, ...]]
) -> tuple[tuple[str, ...] | None, Decision | None, Decision | None]:
    """The first candidate path whose decision changes, else the first; with its decisions."""
    first: tuple[tuple[str, ...] | None, Decision | None, Decision | None] = (None, None, None)
    for labels in candidates:
        before, after = decide(old, labels), decide(new, labels)
        if first[0] is None:
            first = (labels, before, after)
        if before is None or after is None or not before.same_as(after):
            return labels, before, after
    return first


@dataclass(frozen=True)
class RuleDiff:
    changes: tuple[CountedChange, ...]
    old_paths: int
    new_paths: int


def rule_diff(old: Tree, new: Tree) -> RuleDiff:
    """Raises StuckWalk or TooManyFactStates as counting the paths does."""
    counts = {"old": PathCounts.of(old), "new": PathCounts.of(new)}
    counted = []
    for change in rule_changes(old, new):
        tree_counts = counts[change.side]
        example = before = after = None
        if change.node_id is None:
            paths = tree_counts.total
        else:
            if change.label is None:
                paths = tree_counts.through_node(change.node_id)
            else:
                paths = tree_counts.through_answer(change.node_id, change.label)
            example, before, after = _telling_example(
                old, new, tree_counts.examples(change.node_id, change.label)
            )
        counted.append(CountedChange(change, paths, tree_counts.total, example, before, after))
    return RuleDiff(tuple(counted), counts["old"].total, counts["new"].total)


def _answer_place(tree: Tree, change: RuleChange) -> str:
    if change.node_id is None:
        return ""
    if change.label is None:
        return f"At {_place(tree, change.node_id)}: "
    return f"At {_place(tree, change.node_id)}, answer “{change.label}”: "


def rule_lines(old: Tree, new: Tree, diff: RuleDiff) -> list[str]:
    """Plain-text lines (unwrapped): a heading, then each rule with its paths and example."""
    paths = f"{diff.old_paths:,} paths before, {diff.new_paths:,} now"
    if not diff.changes:
        return [f"No rule changed ({paths})."]
    count = len(diff.changes)
    lines = [
        f"{count} rule{'s' if count != 1 else ''} changed ({paths}); 'diff --paths' also "
        "lists every path whose decision changes."
    ]
    for number, item in enumerate(diff.changes, start=1):
        change = item.change
        tree = new if change.side == "new" else old
        cites = f" [{'; '.join(change.cite)}]" if change.cite else ""
        lines += [
            "",
            f"{number}. {change.kind.capitalize()}: {_answer_place(tree, change)}"
            f"{change.what}{cites}",
        ]
        of = "the old tree's" if change.side == "old" else "the"
        lines.append(f"   Paths through it: {item.paths:,} of {of} {item.total:,}.")
        if item.example:
            lines.append(f"   For example: {' / '.join(item.example)}")
            lines.append(f"   That path: before, {_words(item.before)}; now, {_words(item.after)}.")
    return lines


def _words(decision: Decision | None) -> str:
    return decision.words if decision is not None else "not a path of that tree"


def rules_dict(diff: RuleDiff) -> list[dict[str, object]]:
    def decision(item: Decision | None) -> dict[str, object] | None:
        if item is None:
            return None
        return {"disposal": item.disposal, "authorisers": list(item.authorisers)}

    return [
        {
            "kind": item.change.kind,
            "what": item.change.what,
            "question": item.change.node_id,
            "answer": item.change.label,
            "tree": item.change.side,
            "cite": list(item.change.cite),
            "paths": item.paths,
            "example": list(item.example) if item.example else None,
            "before": decision(item.before),
            "after": decision(item.after),
        }
        for item in diff.changes
    ]
