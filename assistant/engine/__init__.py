"""The decision engine: trees as data, validated with networkx, walked one question at a time."""

from __future__ import annotations

from pathlib import Path

from assistant.corpus import Corpus
from assistant.engine.loader import load_tree
from assistant.engine.model import Answer, Node, Role, Tree
from assistant.engine.recommendation import Recommendation
from assistant.engine.session import (
    AmbiguousAnswer,
    AnswerError,
    Session,
    UnknownAnswer,
    UnknownNumber,
)
from assistant.errors import InputError

__all__ = [
    "AmbiguousAnswer",
    "Answer",
    "AnswerError",
    "Node",
    "Recommendation",
    "Role",
    "Session",
    "Tree",
    "UnknownAnswer",
    "UnknownNumber",
    "load_valid_tree",
]


def load_valid_tree(path: Path, corpus: Corpus) -> Tree:
    """Load a tree and refuse it, with every problem listed, unless it is valid."""
    from assistant.engine.validate import validate  # networkx: only when validating

    tree = load_tree(path)
    problems = validate(tree, corpus)
    if problems:
        raise InputError(problems[0], problems)
    return tree
