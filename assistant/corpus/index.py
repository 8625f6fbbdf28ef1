"""The corpus: every guidance document's paragraphs, looked up by citation."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path

from assistant import cache
from assistant.corpus.model import Document, Paragraph, SearchHit
from assistant.corpus.stored import from_json, to_json
from assistant.errors import InputError, UnknownCitation, problem
from assistant.safefile import GUIDANCE, read_bounded

# "O32g 2.3.2", "O32g:2.3.2", "LPU role.3" or a bare "2.3.2".
_CITATION = re.compile(r"^\s*(?:(?P<doc>[A-Za-z][\w-]*)\s*[:\s]\s*)?(?P<pid>\S+)\s*$")


class Corpus:
    """Paragraphs of all loaded documents, in document order."""

    def __init__(
        self,
        documents: Iterable[tuple[Document, list[Paragraph]]],
        fingerprint: str | None = None,
    ) -> None:
        # The sha256 of the source files' names and bytes (None when not read from files):
        # what a cached "this tree is valid" depends on.
        self.fingerprint = fingerprint
        self.documents: dict[str, Document] = {}
        self._paragraphs: dict[tuple[str, str], Paragraph] = {}
        self._by_pid: dict[str, list[Paragraph]] = {}
        for document, paragraphs in documents:
            if document.doc_id in self.documents:
                first = self.documents[document.doc_id].path
                raise InputError(
                    problem(
                        str(document.path),
                        "front matter: id",
                        f"document id '{document.doc_id}' is already used by {first}",
                        "give each guidance document its own id",
                    )
                )
            self.documents[document.doc_id] = document
            for paragraph in paragraphs:
                self._paragraphs[(document.doc_id, paragraph.pid)] = paragraph
                self._by_pid.setdefault(paragraph.pid, []).append(paragraph)

    @classmethod
    def from_folders(cls, folders: Iterable[Path], cached: bool = True) -> Corpus:
        """Parse every ``*.md`` of the folders; with ``cached``, reuse the paragraphs parsed by
        an earlier start when no file (nor the parser) has changed since."""
        # Folder by folder (bundled first), so a duplicate id blames the later folder.
        files = [path for folder in folders for path in sorted(Path(folder).glob("*.md"))]
        files = [path for path in files if path.name.lower() != "readme.md"]
        key = _files_fingerprint(files)
        if cached and key is not None:
            stored = cache.read("corpus", key)
            documents = from_json(stored) if stored is not None else None
            if documents is not None:
                return cls(documents, key)
        from assistant.corpus.parse import parse_document  # markdown-it: only on a cache miss

        parsed = [parse_document(path) for path in files]
        corpus = cls(parsed, key)
        if cached and key is not None:
            cache.write("corpus", key, to_json(parsed))
        return corpus

    def __iter__(self) -> Iterator[Paragraph]:
        return iter(self._paragraphs.values())

    def __len__(self) -> int:
        return len(self._paragraphs)

    def document(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    def document_of(self, paragraph: Paragraph) -> Document:
        return self.documents[paragraph.doc_id]

    def get(self, doc_id: str, pid: str) -> Paragraph | None:
        return self._paragraphs.get((doc_id, pid))

    def resolve(self, citation: str, default_doc: str | None = None) -> Paragraph:
        """Find a paragraph by citation; raise UnknownCitation with suggestions if none."""
        match = _CITATION.match(citation)
        if match is None:
            raise UnknownCitation(citation, self._suggest(citation))
        doc, pid = match.group("doc"), match.group("pid")
        if doc is not None:
            doc_id = self._doc_id(doc)
            found = self._paragraphs.get((doc_id, pid)) if doc_id else None
            if found is None:
                raise UnknownCitation(citation, self._suggest(f"{doc_id or doc} {pid}"))
            return found
        candidates = self._by_pid.get(pid, [])
        if default_doc is not None:
            preferred = [p for p in candidates if p.doc_id == default_doc]
            if preferred:
                return preferred[0]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            options = ", ".join(p.citation for p in candidates)
            raise InputError(f"citation '{citation}' is ambiguous: say which one ({options})")
        raise UnknownCitation(citation, self._suggest(pid))

    def _doc_id(self, text: str) -> str | None:
        if text in self.documents:
            return text
        folded = {doc_id.casefold(): doc_id for doc_id in self.documents}
        return folded.get(text.casefold())

    def _suggest(self, text: str) -> list[str]:
        names = [p.citation for p in self]
        suggestions = difflib.get_close_matches(text, names, n=3, cutoff=0.6)
        if not suggestions and text.split():
            bare = [p.pid for p in self]
            pids = difflib.get_close_matches(text.split()[-1], bare, n=3, cutoff=0.6)
            suggestions = [self._by_pid[pid][0].citation for pid in pids]
        return suggestions

    @cached_property
    def _search_index(self) -> object:
        # Built on first search only: start-up never pays for it.
        from assistant.corpus.search import SearchIndex

        return SearchIndex(self)

    def search(self, query: str, limit: int = 5) -> list[SearchHit]:
        from assistant.corpus.search import SearchIndex

        index = self._search_index
        assert isinstance(index, SearchIndex)
        return index.search(query, limit)


def _files_fingerprint(files: list[Path]) -> str | None:
    """sha256 of the files' names and bytes and of the parser's code; None if one is unreadable
    (parsing then reports it as usual)."""
    parts: list[str | bytes] = [cache.code_fingerprint()]
    try:
        for path in files:
            parts += [str(path), read_bounded(path, GUIDANCE)[0]]
    except InputError:
        return None
    return cache.fingerprint(parts)
