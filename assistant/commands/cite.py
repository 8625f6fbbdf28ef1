"""``cr-assistant cite O32g 2.3.2``: one paragraph, with its document and review status."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("cite", help="print a guidance paragraph by citation")
    parser.add_argument("citation", nargs="+", help="e.g. 'O32g 2.3.2', 'O32g:2.3.2' or '2.3.2'")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.textout import paragraph_block

    corpus = Catalogue.from_options(args.trees).corpus
    paragraph = corpus.resolve(" ".join(args.citation))
    document = corpus.document_of(paragraph)
    status = document.review_status()
    if args.json:
        payload: dict[str, Any] = {
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
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(paragraph_block(paragraph, document))
    return 0
