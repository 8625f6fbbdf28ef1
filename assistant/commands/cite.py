"""``cr-assistant cite O32g 2.3.2 [O32g 4.2.1 4.2.2 ...]``: paragraphs, with document and status."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.corpus import Corpus, Paragraph


def register(sub: Any) -> None:
    parser = sub.add_parser("cite", help="print guidance paragraphs by citation")
    parser.add_argument(
        "citation",
        nargs="+",
        help="one or more: 'O32g 2.3.2', 'O32g:2.3.2', '2.3.2'; "
        "'O32g 4.2.1 4.2.2' cites two paragraphs of O32g",
    )
    parser.add_argument(
        "--json", action="store_true", help="print JSON (a list when several are cited)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.citations import resolve_citations
    from assistant.textout import paragraph_blocks

    corpus = Catalogue.from_options(args.trees).corpus
    # All resolved first: a bad citation is one error line and nothing on standard output.
    paragraphs = resolve_citations(args.citation, corpus)
    if args.json:
        payloads = [_payload(paragraph, corpus) for paragraph in paragraphs]
        json.dump(
            payloads[0] if len(payloads) == 1 else payloads,
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
        return 0
    print(paragraph_blocks(paragraphs, corpus))
    return 0


def _payload(paragraph: Paragraph, corpus: Corpus) -> dict[str, Any]:
    document = corpus.document_of(paragraph)
    status = document.review_status()
    return {
        "citation": paragraph.citation,
        "document": document.doc_id,
        "title": document.title,
        "force": document.force,
        "reference": document.reference,
        "paragraph": paragraph.pid,
        "label": paragraph.label,
        "heading": list(paragraph.heading_path),
        "text": paragraph.text,
        "markdown": paragraph.markdown,
        "notes": list(paragraph.notes),
        "source": f"{paragraph.source.name}:{paragraph.line}",
        "review": {"overdue": status.overdue, "message": status.message},
    }
