"""Guidance corpus: Markdown documents parsed into citable paragraphs, with full-text search."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.corpus.index import Corpus
from assistant.corpus.model import Document, Paragraph, ReviewStatus, SearchHit
from assistant.paths import bundled_guidance

__all__ = ["Corpus", "Document", "Paragraph", "ReviewStatus", "SearchHit", "load_corpus"]


@lru_cache(maxsize=8)
def load_corpus(extra_folders: tuple[Path, ...] = (), cached: bool = True) -> Corpus:
    """The bundled guidance plus any force folders' guidance, parsed once per process (and,
    with ``cached``, reused from the user's cache while no file has changed)."""
    return Corpus.from_folders((bundled_guidance(), *extra_folders), cached=cached)
