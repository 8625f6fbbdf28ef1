"""A scenario's title is read before the walk, so it must not give the answer away: it may name
no outcome and no authorising role of its tree (the teaching title, shown after the comparison,
may). The words come from the tree (its disposals and roles) and from the few verbs that say
what happens to a case; none of them is a policy decision."""

from __future__ import annotations

import re

from assistant.engine.model import Tree

# Words that say what becomes of a case whatever the tree calls its outcomes.
OUTCOME_WORDS = (
    "charge",
    "charged",
    "authorise",
    "authorised",
    "authorises",
    "escalate",
    "prosecute",
    "prosecution",
    "permitted",
    "suitable",
    "court",
)


def revealing_words(tree: Tree) -> tuple[str, ...]:
    """Every phrase a neutral title must avoid: each disposal (by id, in words), each
    authorising role's name, and the outcome verbs."""
    words = [disposal_id.replace("_", " ") for disposal_id in tree.disposals]
    words += [role.name for role in tree.roles.values() if role.authorises]
    return (*words, *OUTCOME_WORDS)


def title_reveals(title: str, tree: Tree) -> str | None:
    """The first word or phrase of ``title`` that names an outcome or an authoriser, or None."""
    for phrase in revealing_words(tree):
        if re.search(rf"\b{re.escape(phrase)}\b", title, re.IGNORECASE):
            return phrase
    return None
