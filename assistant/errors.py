"""Errors a user can act on.

Every problem with input (a tree, a guidance document, a citation, a contacts or scenario file) is
raised as an :class:`InputError` whose message is one line naming the file and place and what to
do. The command line prints it and exits 2; nothing else ever reaches the user as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class InputError(Exception):
    """A problem the user can fix; ``str(error)`` is one line (or one line per problem)."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)


class UnknownCitation(InputError):
    """A citation that names no paragraph; carries close matches to suggest."""

    def __init__(self, citation: str, suggestions: Iterable[str]) -> None:
        self.citation = citation
        self.suggestions = tuple(suggestions)
        hint = (
            f"did you mean {', '.join(self.suggestions)}?"
            if self.suggestions
            else "check the document id and paragraph number"
        )
        super().__init__(f"unknown citation '{citation}': {hint}")


def problem(file: str, place: str, what: str, fix: str) -> str:
    """Format one problem as ``file: place: what is wrong: how to fix``."""
    return f"{file}: {place}: {what}: {fix}"
