"""Several citations typed on one line: ``O32g 4.2.1 O32g 4.2.2``, ``O32g 4.2.1 4.2.2``,
``O32g:4.2.1 2.3.2``. Shared by ``cr-assistant cite`` and the TUI's typed ``cite``.

A document id applies to the bare paragraph ids after it until another document is named, as an
officer reads "O32g 4.2.1 and 4.2.2". Every citation is resolved before any is shown, so one bad
citation stops the lot with one error naming it, and nothing is printed half-way.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.corpus import Corpus, Paragraph
from assistant.errors import InputError, UnknownCitation

_JOINING_WORDS = frozenset({"and", "&", "or"})


def resolve_citations(
    words: Sequence[str], corpus: Corpus, default_doc: str | None = None
) -> list[Paragraph]:
    """The paragraphs the words cite, in order, each once; InputError names the first bad one."""
    # "4.2.1, 4.2.2", "4.2.1; 4.2.2" and "4.2.1 and 4.2.2" list citations as an officer writes them.
    tokens = [
        token
        for word in words
        for token in word.replace(",", " ").replace(";", " ").split()
        if token.casefold() not in _JOINING_WORDS
    ]
    if not tokens:
        raise InputError("no citation given: type a paragraph id, such as 'O32g 2.3.2'")
    documents = {doc_id.casefold(): doc_id for doc_id in corpus.documents}
    found: list[Paragraph] = []
    current = default_doc
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if ":" in token:  # "O32g:4.2.1"
            paragraph = corpus.resolve(token)
            current = paragraph.doc_id
        elif token.casefold() in documents or (
            following is not None and _unknown_document(token, following, corpus, current)
        ):
            # "O32g 4.2.1"; "XYZ 1.1" is resolved as a pair too, so an unknown document is
            # reported with its paragraph and close matches, not "XYZ" alone.
            if following is None:
                raise InputError(f"'{token}' names a document but no paragraph: add its id")
            paragraph = corpus.resolve(f"{token} {following}")
            current = paragraph.doc_id
            index += 1
        else:
            paragraph = _resolve_bare(token, corpus, current)
        if paragraph not in found:
            found.append(paragraph)
        index += 1
    return found


def _unknown_document(token: str, following: str, corpus: Corpus, current: str | None) -> bool:
    """True when ``token`` is no paragraph id but reads as a document id before ``following``."""
    if any(char.isdigit() for char in token) or not following[:1].isdigit():
        return False
    try:
        corpus.resolve(token, current)
    except InputError:
        return True
    return False


def _resolve_bare(pid: str, corpus: Corpus, current: str | None) -> Paragraph:
    """A bare paragraph id, preferring the document named before it; an unknown one is reported
    with that document ("O32g 9.9.9"), as the officer meant it."""
    try:
        return corpus.resolve(pid, current)
    except UnknownCitation:
        if current is None:
            raise
        return corpus.resolve(f"{current} {pid}")
