"""``cr-assistant search "knife juvenile"``: the best-matching paragraphs, with snippets."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("search", help="search the guidance")
    parser.add_argument("words", nargs="+")
    parser.add_argument("--limit", type=int, default=5, help="how many paragraphs (default 5)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.textout import wrap

    corpus = Catalogue.from_options(args.trees).corpus
    hits = corpus.search(" ".join(args.words), limit=args.limit)
    if args.json:
        json.dump(
            [
                {
                    "citation": hit.paragraph.citation,
                    "heading": list(hit.paragraph.heading_path),
                    "snippet": hit.snippet,
                    "score": round(hit.score, 4),
                }
                for hit in hits
            ],
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
        return 0
    if not hits:
        print("No paragraph matches. Try fewer or different words.")
        return 1
    for hit in hits:
        heading = " › ".join(hit.paragraph.heading_path)
        print(f"{hit.paragraph.citation}  ({heading})")
        print(wrap(hit.snippet, indent="    "))
    return 0
