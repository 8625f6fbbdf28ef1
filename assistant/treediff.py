"""What changes between two versions of a tree: the paths whose recommendation differs.

Paths are matched by the answer labels given from the start, so a renamed question id does not
count as a change; a recommendation is compared by its disposal and its authorising roles.
Comparing lists every path, so the paths are counted first (without walking them) and a tree
with more than ``PATH_LIMIT`` paths is refused with one line naming the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.engine import Tree
from assistant.engine.factstates import TooManyFactStates
from assistant.engine.recommendation import Recommendation
from assistant.engine.walk import count_paths, walk_all
from assistant.errors import InputError

PathKey = tuple[str, ...]

# Paths compared one by one, per tree: Kent's tree has about 60,000 and diffs in seconds.
PATH_LIMIT = 500_000


@dataclass(frozen=True)
class Decision:
    """What a path decides, as far as the diff is concerned."""

    disposal: str
    disposal_label: str
    authorisers: tuple[str, ...]  # role ids, highest rank first
    authoriser_names: tuple[str, ...]

    @classmethod
    def of(cls, rec: Recommendation) -> Decision:
        roles = rec.authorising_roles
        return cls(
            rec.disposal.id,
            rec.disposal_label,
            tuple(role.id for role in roles),
            tuple(role.name for role in roles),
        )

    @property
    def words(self) -> str:
        who = ", ".join(self.authoriser_names) or "no authorisation"
        return f"{self.disposal_label} [{who}]"

    def same_as(self, other: Decision) -> bool:
        return self.disposal == other.disposal and set(self.authorisers) == set(other.authorisers)


@dataclass(frozen=True)
class ChangedPath:
    answers: PathKey
    old: Decision
    new: Decision


@dataclass(frozen=True)
class OnePath:
    answers: PathKey
    decision: Decision


@dataclass(frozen=True)
class TreeDiff:
    old_paths: int
    new_paths: int
    changed: tuple[ChangedPath, ...]
    added: tuple[OnePath, ...]  # paths only the new tree has
    removed: tuple[OnePath, ...]  # paths only the old tree had

    @property
    def unchanged(self) -> bool:
        return not (self.changed or self.added or self.removed)


def decisions(tree: Tree) -> dict[PathKey, Decision]:
    """What each path decides; InputError, before any walking, past PATH_LIMIT paths."""
    try:
        paths = count_paths(tree)
    except TooManyFactStates as too_many:
        raise InputError(f"{tree.meta.path}: cannot compare: {too_many}") from None
    if paths > PATH_LIMIT:
        raise InputError(
            f"{tree.meta.path}: cannot compare: the tree has {paths:,} paths and diff compares "
            f"at most {PATH_LIMIT:,} path by path: compare the changed part as a smaller tree"
        )
    return {
        tuple(label for _, label in path.answers): Decision.of(path.recommendation)
        for path in walk_all(tree)
    }


def diff_trees(old: Tree, new: Tree) -> TreeDiff:
    before, after = decisions(old), decisions(new)
    changed = tuple(
        ChangedPath(key, was, after[key])
        for key, was in before.items()
        if key in after and not was.same_as(after[key])
    )
    added = tuple(OnePath(key, now) for key, now in after.items() if key not in before)
    removed = tuple(OnePath(key, was) for key, was in before.items() if key not in after)
    return TreeDiff(len(before), len(after), changed, added, removed)


def summary(diff: TreeDiff) -> dict[str, int]:
    """What the changed paths have in common: each disposal change, each authoriser added or
    dropped, with how many paths it affects, most first."""
    counts: dict[str, int] = {}

    def count(what: str) -> None:
        counts[what] = counts.get(what, 0) + 1

    for item in diff.changed:
        if item.old.disposal != item.new.disposal:
            count(f"{item.old.disposal_label} -> {item.new.disposal_label}")
        old_roles = dict(zip(item.old.authorisers, item.old.authoriser_names, strict=True))
        new_roles = dict(zip(item.new.authorisers, item.new.authoriser_names, strict=True))
        for role in new_roles.keys() - old_roles.keys():
            count(f"{new_roles[role]} now required")
        for role in old_roles.keys() - new_roles.keys():
            count(f"{old_roles[role]} no longer required")
    return dict(sorted(counts.items(), key=lambda pair: -pair[1]))


def diff_lines(diff: TreeDiff) -> list[str]:
    """Plain-text lines (unwrapped)."""
    if diff.unchanged:
        return [f"No change: all {diff.old_paths} paths decide as before."]
    lines = [
        f"{len(diff.changed)} changed, {len(diff.added)} added, {len(diff.removed)} removed "
        f"(of {diff.old_paths} paths before, {diff.new_paths} after)."
    ]
    if diff.changed:
        lines += ["", "In short:"]
        for what, count in summary(diff).items():
            lines.append(f"  {what}: {count} path{'s' if count != 1 else ''}")
        lines += ["", "Changed:"]
        for item in diff.changed:
            lines.append(f"  {' / '.join(item.answers)}")
            lines.append(f"    was: {item.old.words}")
            lines.append(f"    now: {item.new.words}")
    for title, items in (("Added", diff.added), ("Removed", diff.removed)):
        if items:
            lines += ["", f"{title}:"]
            for one in items:
                lines.append(f"  {' / '.join(one.answers)}")
                lines.append(f"    {one.decision.words}")
    return lines


def diff_dict(diff: TreeDiff) -> dict[str, object]:
    def decision(item: Decision) -> dict[str, object]:
        return {"disposal": item.disposal, "authorisers": list(item.authorisers)}

    return {
        "old_paths": diff.old_paths,
        "new_paths": diff.new_paths,
        "changed": [
            {"answers": list(c.answers), "old": decision(c.old), "new": decision(c.new)}
            for c in diff.changed
        ],
        "added": [{"answers": list(a.answers), **decision(a.decision)} for a in diff.added],
        "removed": [{"answers": list(r.answers), **decision(r.decision)} for r in diff.removed],
    }
