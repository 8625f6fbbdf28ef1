"""``cr-assistant search "knife juvenile"``: the best-matching paragraphs, with snippets."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

MOST_RESULTS = 100


def count_from_1_to(most: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to ``most`` (ASCII digits), else one line."""

    def count(text: str) -> int:
        from assistant.engine.session import whole_number

        number = whole_number(text.strip())
        if number is None or not 1 <= number <= most:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise argparse.ArgumentTypeError(f"'{shown}' is not a number from 1 to {most}")
        return number

    return count


def register(sub: Any) -> None:
    parser = sub.add_parser("search", help="search the guidance")
    parser.add_argument("words", nargs="+")
    parser.add_argument(
        "--limit",
        type=count_from_1_to(MOST_RESULTS),
        default=5,
        help=f"how many paragraphs, 1 to {MOST_RESULTS} (default 5)",
    )
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
        print(hit.paragraph.citation + (f"  ({heading})" if heading else ""))
        # Plain text: the words found are not marked ("**" is read aloud by a screen reader).
        print(wrap(hit.snippet, indent="    "))
    return 0
