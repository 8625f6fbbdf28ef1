"""``cr-assistant ask``: the plain-text mode, for pipes, SSH and screen readers.

One question at a time with numbered answers and the paragraph behind it. Replies: a number or
the start of an answer, ``b`` back, ``?`` the full paragraph, ``q`` quit. Works with answers on
standard input; ``--answers 1,3,2`` replays a path; ``--json`` prints the result as JSON and
``--markdown`` the exported rationale. With several trees and no ``--tree``, the tree chosen last
from the numbered list is used, or the list is shown (it reads the choice from standard input too).
Local contact details are shown, and exported, only with ``--with-contacts``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any, TextIO


def register(sub: Any) -> None:
    parser = sub.add_parser("ask", help="plain-text questions and answers (pipes, screen readers)")
    parser.add_argument("--tree", help="tree id, for this run (see 'cr-assistant check')")
    parser.add_argument("--answers", help="replay answers, e.g. 1,3,2 (numbers or labels)")
    parser.add_argument(
        "--offence-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date of the offence, to compute the latest completion date",
    )
    export = parser.add_mutually_exclusive_group()
    export.add_argument("--json", action="store_true", help="print the recommendation as JSON")
    export.add_argument(
        "--markdown", action="store_true", help="print the rationale as Markdown, to save or share"
    )
    parser.add_argument(
        "--with-contacts",
        action="store_true",
        help="include your local contacts (cr-assistant contacts) in the result and export",
    )
    parser.set_defaults(handler=handle)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date: write it as YYYY-MM-DD"
        ) from None


def handle(args: argparse.Namespace) -> int:
    from assistant.catalogue import Catalogue
    from assistant.engine import Session

    catalogue = Catalogue.from_options(args.trees)
    out = sys.stderr if args.json or args.markdown else sys.stdout
    tree_id = args.tree or choose_tree(catalogue, sys.stdin, out)
    if tree_id is None:
        return 1
    tree = catalogue.tree(tree_id)
    contacts = None
    if args.with_contacts:
        from assistant.contacts import load_contacts

        contacts = load_contacts()
        if contacts.warning:
            print(f"cr-assistant: warning: {contacts.warning}", file=sys.stderr)
    session = Session(tree, offence_date=args.offence_date)
    conversation = Conversation(session, catalogue, out=out, contacts=contacts)
    if args.answers:
        for reply in (item.strip() for item in args.answers.split(",") if item.strip()):
            conversation.step(reply, echo=True)
    if not session.finished and not conversation.interact(sys.stdin):
        return 1
    recommendation = session.recommendation()
    if args.json:
        from assistant.report import result_dict

        payload = result_dict(recommendation, tree, catalogue.corpus, contacts)
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.markdown:
        from assistant.report import rationale_markdown

        print(rationale_markdown(recommendation, tree, catalogue.corpus, contacts=contacts))
    else:
        conversation.show_result()
    return 0


def choose_tree(catalogue: Any, stream: TextIO, out: TextIO) -> str | None:
    """The tree for a run without --tree: the only one, the last one chosen, or ask.

    The numbered list reads its answer like any other (number or id, from a terminal or a
    pipe); the choice is remembered for next time. None when the input ends first.
    """
    from assistant.preferences import last_tree, remember_tree

    files: dict[str, Any] = catalogue.tree_files
    if len(files) == 1:
        return next(iter(files))
    last = last_tree()
    if last in files:
        chosen = files[last]
        print(
            f"Tree: {chosen.title} ({chosen.force}), your last choice; --tree ID picks another.",
            file=out,
        )
        return last
    ids = list(files)
    print("Which guidance do you want to follow?", file=out)
    for number, item in enumerate(files.values(), start=1):
        print(f"  {number}. {item.force}: {item.title} [{item.id}]", file=out)
    while True:
        out.write(f"Tree (1-{len(ids)} or its id; q quit): ")
        out.flush()
        line = stream.readline()
        if not line:
            print(file=out)
            print(
                "cr-assistant: input ended before a tree was chosen: use --tree ID", file=sys.stderr
            )
            return None
        reply = line.strip()
        if not stream.isatty():
            print(reply, file=out)
        if reply.lower() in ("q", "quit", "exit"):
            print("cr-assistant: stopped before a tree was chosen", file=sys.stderr)
            return None
        starts = [tree_id for tree_id in ids if tree_id.startswith(reply.lower())] if reply else []
        if reply.isdigit() and 1 <= int(reply) <= len(ids):
            tree_id = ids[int(reply) - 1]
        elif reply in ids:
            tree_id = reply
        elif len(starts) == 1:
            tree_id = starts[0]
        else:
            print(f"  choose a number from 1 to {len(ids)}", file=out)
            continue
        remember_tree(tree_id)
        return tree_id


class Conversation:
    """The question-and-answer loop, writing plain text only (no colour, no cursor control)."""

    PROMPT = "Answer (number or start of answer; b back, ? paragraph, q quit): "

    def __init__(
        self, session: Any, catalogue: Any, out: TextIO, contacts: Any | None = None
    ) -> None:
        self.session = session
        self.corpus = catalogue.corpus
        self.out = out
        self.contacts = contacts
        self.shown: str | None = None

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def show_question(self) -> None:
        from assistant.textout import wrap

        node = self.session.current
        self.shown = node.id
        number = sum(1 for step in self.session.steps if step.node.kind == "question") + 1
        self.say()
        self.say(wrap(f"Q{number}. {node.text}" if node.kind == "question" else node.text))
        for citation in node.cite:
            paragraph = self.corpus.resolve(citation)
            self.say(wrap(f"[{paragraph.citation}] {paragraph.summary}", indent="    "))
        if node.help:
            self.say(wrap(node.help, indent="    "))
        default = self.session.default()
        for position, answer in enumerate(self.session.offered(), start=1):
            marker = " (your earlier answer)" if default == position - 1 else ""
            self.say(wrap(f"  {position}. {answer.label}{marker}"))

    def step(self, reply: str, echo: bool = False) -> bool:
        """Handle one reply. False means quit."""
        from assistant.engine import AnswerError
        from assistant.textout import paragraph_block

        if echo:
            if self.shown != self.session.current.id:
                self.show_question()
            self.say(f"> {reply}")
        command = reply.strip().lower()
        if command in ("q", "quit", "exit"):
            return False
        if command in ("b", "back"):
            self.session.back()
        elif command in ("?", "why"):
            for citation in self.session.current.cite:
                paragraph = self.corpus.resolve(citation)
                self.say(paragraph_block(paragraph, self.corpus.document_of(paragraph)))
        else:
            try:
                self.session.answer(reply)
            except AnswerError as error:
                self.say(f"  {error}")
        return True

    def interact(self, stream: TextIO) -> bool:
        """Ask until an outcome; False when the input ended or the officer quit."""
        while not self.session.finished:
            if self.shown != self.session.current.id:
                self.show_question()
            self.out.write(self.PROMPT)
            self.out.flush()
            line = stream.readline()
            if not line:
                self.say()
                print("cr-assistant: input ended before an outcome was reached", file=sys.stderr)
                return False
            if not stream.isatty():
                self.say(line.rstrip("\n"))
            if not self.step(line.rstrip("\n")):
                print(
                    "cr-assistant: stopped before an outcome; nothing was recorded", file=sys.stderr
                )
                return False
            if self.session.current.id != self.shown:
                self.shown = None
        return True

    def show_result(self) -> None:
        from assistant.report import result_lines
        from assistant.textout import wrap

        recommendation = self.session.recommendation()
        self.say()
        for line in result_lines(recommendation, self.session.tree, self.corpus, self.contacts):
            self.say(wrap(line) if line.strip() else "")
