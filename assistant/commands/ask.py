"""``cr-assistant ask``: the plain-text mode, for pipes, SSH and screen readers.

One question at a time with numbered answers and the paragraph behind it. Replies: a number or
the start of an answer, or one of the TUI's commands (``b`` back, ``restart``, ``?`` the full
paragraph, ``cite 2.3.2``, ``search WORDS``, ``date YYYY-MM-DD``, ``/what TERM``, ``help``,
``q`` quit), read by :mod:`assistant.conversation` as the TUI reads them. Works with answers on
standard input; ``--answers 1,3,2`` replays a path; ``--json`` prints the result as JSON and
``--markdown`` the exported rationale. With several trees and no ``--tree``, the tree chosen last
from the numbered list is used, or the list is shown (it reads the choice from standard input too).
Local contact details are shown, and exported, only with ``--with-contacts``.
``--save-scenario FILE`` keeps the walk as a training scenario.

The case is saved after every answer (:class:`assistant.recovery.CaseKeeper`, the TUI's resume
policy too); after a crash or a closed terminal the next ``ask`` on the same tree offers to
resume it (``--resume`` resumes without
asking, ``--no-resume`` starts afresh; with answers from a pipe it never asks, so it starts
afresh and keeps the saved case for ``--resume``).

``--train [SCENARIO...]`` is the training mode: a sitting through scenarios (all of the tree's,
or those named), each with its narrative, an optional prediction, the questions with their
paragraphs shown only once answered, and a comparison with the model answers; the logic is in
:mod:`assistant.training`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from assistant.commands import record_export, train_options, train_text
from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.conversation import Command
    from assistant.engine import Node, Session, Tree
    from assistant.question_view import QuestionModel
    from assistant.recovery import CaseKeeper, Restored, SavedSession


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
    parser.add_argument(
        "--save-scenario",
        metavar="FILE",
        help="after the outcome, save the walk as a scenario file (never overwrites)",
    )
    resume = parser.add_mutually_exclusive_group()
    resume.add_argument(
        "--resume",
        action="store_true",
        help="continue the case saved when ask last stopped before its outcome",
    )
    resume.add_argument(
        "--no-resume", action="store_true", help="start a new case without offering the saved one"
    )
    record_export.add_arguments(parser)
    training = parser.add_argument_group("training")
    training.add_argument(
        "--train",
        nargs="*",
        metavar="SCENARIO",
        help="training mode: the scenarios named (id or file), or without one "
        "every scenario of the tree in order",
    )
    training.add_argument(
        "--train-report",
        metavar="FILE",
        help="write the sitting's score and comparisons as Markdown",
    )
    training.add_argument(
        "--force", action="store_true", help="let --train-report overwrite an existing file"
    )
    from assistant.commands.recording import add_record_options

    add_record_options(parser)
    train_options.add_arguments(training)
    parser.set_defaults(handler=handle)


def _date(text: str) -> dt.date:
    from assistant.engine.session import offence_date

    try:
        return offence_date(text)
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def handle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.catalogue import Catalogue
    from assistant.engine import Session
    from assistant.errors import InputError
    from assistant.recovery import CaseKeeper
    from assistant.scenarios import refuse_existing

    catalogue = Catalogue.from_options(args.trees)
    if args.train is not None:
        return train_text.train(args, catalogue)
    train_options.refuse_without_train(args)
    if args.resume and args.answers:
        raise InputError(
            "ask: --resume continues the saved answers, --answers gives new ones: use one"
        )
    export = record_export.export_request(args)
    save = Path(args.save_scenario) if args.save_scenario else None
    if save is not None:
        refuse_existing(save, how="choose a new name: a saved scenario is never overwritten")
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
    from assistant.commands.recording import record_result, recorder_for

    recorder = recorder_for(args)  # an unknown unit is refused before the first question
    keeper = CaseKeeper()
    session = start_case(keeper, tree, args, sys.stdin, out) or Session(
        tree, offence_date=args.offence_date
    )
    conversation = PlainChat(session, catalogue, out=out, contacts=contacts, keeper=keeper)
    if args.answers:
        for reply in (item.strip() for item in args.answers.split(",") if item.strip()):
            # Replayed answers are never retried: a refused one would shift every later answer.
            conversation.step(reply, echo=True, strict=True)
    try:
        if not session.finished and not conversation.interact(sys.stdin):
            return 1
    except KeyboardInterrupt:
        print(f"\ncr-assistant: stopped{conversation.kept()}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise
    except OSError as error:  # standard output on a full disk, say
        return unwritable("the questions", error, conversation)
    recommendation = session.recommendation()
    try:
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
        # The result is out only once it has left the buffer: a full disk fails here.
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader left on purpose (| head): as before
    except OSError as error:
        return unwritable("the result", error, conversation)
    record_result(recorder, session)  # after the result is out: a failure never hides it
    if export is not None:
        record_export.write_requested(
            export, recommendation, tree, catalogue.corpus, contacts, conversation.out
        )
    if save is not None:
        save_scenario(save, recommendation, tree, conversation.out)
    keeper.result_shown()  # only now: until the result is out, the case can be resumed
    return 0


def unwritable(what: str, error: OSError, conversation: PlainChat) -> int:
    """One line for output that could not be written, saying whether the case was kept."""
    import os

    print(
        f"cr-assistant: {what} could not be written ({error.strerror or error})"
        f"{conversation.kept()}",
        file=sys.stderr,
    )
    # What is still buffered would fail again at exit, with a traceback: drop it.
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (lives until the process ends)
    return 1


def start_case(
    keeper: CaseKeeper, tree: Tree, args: argparse.Namespace, stream: TextIO, out: TextIO
) -> Session | None:
    """The restored session, or None for a new case (the policy: :func:`recovery.at_start`)."""
    from assistant.recovery import DISCARDED, AtStart, at_start

    if args.no_resume or args.answers:
        keeper.store.prune()
        saved = None
    else:
        saved = keeper.look(tree.id)
    warn(keeper)
    decision = at_start(saved, resume=args.resume, interactive=stream.isatty())
    if saved is None or decision is AtStart.NEW:
        if args.resume:
            print(
                f"cr-assistant: no saved case of tree '{tree.id}' to resume; starting a new one",
                file=sys.stderr,
            )
        return None
    if decision is AtStart.LEAVE:
        print(
            f"cr-assistant: a saved case ({saved.describe()}) was not resumed: "
            "'cr-assistant ask --resume' continues it",
            file=sys.stderr,
        )
        return None
    if decision is AtStart.OFFER:
        resume = ask_resume(saved, stream, out)
        if resume is None:  # the input ended: no decision, so the saved case stays
            print(file=out)
            print(
                "cr-assistant: the saved case is kept: 'cr-assistant ask --resume' continues it",
                file=sys.stderr,
            )
            return None
        if not resume:
            keeper.discard(saved)
            print(DISCARDED, file=out)
            return None
    return show_restored(keeper.restore(saved, tree), args.offence_date, out)


def show_restored(restored: Restored, offence_date: dt.date | None, out: TextIO) -> Session:
    """Say what was resumed (each answer, a changed tree, what could not be brought back)."""
    from assistant.textout import wrap

    session = restored.session
    if offence_date is not None:
        session.offence_date = offence_date
    print(wrap(f"Resumed the case you were working on ({restored.saved.describe()}):"), file=out)
    for step in session.steps:
        if step.node.kind == "question":
            print(wrap(f"  - {step.node.text} -> {step.answer.label}"), file=out)
    if restored.changed_from is not None:
        print(
            wrap(
                f"The tree has changed since (version {restored.changed_from or 'unknown'}, "
                f"now {session.tree.meta.version}): check the answers above."
            ),
            file=out,
        )
    for dropped in restored.dropped:
        print(wrap(f"Not restored: {dropped.line()}", indent="  "), file=out)
    return session


def warn(keeper: CaseKeeper) -> None:
    for line in keeper.new_warnings():
        print(f"cr-assistant: warning: {line}", file=sys.stderr)


def kept_line(keeper: CaseKeeper) -> str:
    """The end of a 'stopped' line: whether the case can be resumed, as the last save went."""
    if keeper.saved_ok is None:
        return ""
    if keeper.saved_ok:
        return "; the case is saved: 'cr-assistant ask --resume' continues it"
    return "; the case could NOT be saved (see the warning above): note your answers"


def ask_resume(saved: SavedSession, stream: TextIO, out: TextIO) -> bool | None:
    """y resumes (True), n discards (False), anything else asks again; None: input ended.

    Deleting a case takes an explicit 'n': a stray key or Enter never loses it."""
    question = f"Resume the case you were working on ({saved.describe()})? [y/n] "
    while True:
        out.write(question)
        out.flush()
        reply = stream.readline()
        if not reply:
            return None
        answer = reply.strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        print("  type y to resume it, or n to discard it and start afresh", file=out)


def choose_tree(catalogue: Any, stream: TextIO, out: TextIO) -> str | None:
    """The tree for a run without --tree: the only one, the last one chosen, or ask.

    The numbered list reads its answer like any other (number or id, from a terminal or a
    pipe); the choice is remembered for next time. None when the input ends first.
    """
    from assistant.engine.session import whole_number
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
        chosen = whole_number(reply)
        if chosen is not None and 1 <= chosen <= len(ids):
            tree_id = ids[chosen - 1]
        elif reply in ids:
            tree_id = reply
        elif len(starts) == 1:
            tree_id = starts[0]
        else:
            print(f"  choose a number from 1 to {len(ids)}", file=out)
            continue
        remember_tree(tree_id)
        return tree_id


def save_scenario(path: Any, recommendation: Any, tree: Any, out: TextIO) -> None:
    from assistant.safefile import write_private
    from assistant.scenarios import scenario_toml

    write_private(path, scenario_toml(recommendation, tree))
    print(
        f"\nScenario saved to {path}: write its title and narrative (marked TODO) and check "
        "the expectation against the SOP before it joins the library.",
        file=out,
    )


class Trainer:
    """The plain-text face of a training sitting: narrative, prediction, questions, comparison."""

    def __init__(self, library: Any, stream: TextIO, out: TextIO) -> None:
        self.library = library
        self.stream = stream
        self.out = out

    def say(self, text: str = "") -> None:
        from assistant.textout import wrap

        print(wrap(text) if text else "", file=self.out)

    def read(self, prompt: str) -> str | None:
        """One line of input; None when the input has ended or the trainee quits."""
        self.out.write(prompt)
        self.out.flush()
        line = self.stream.readline()
        if not line:
            self.say()
            print("cr-assistant: input ended; the sitting stops here", file=sys.stderr)
            return None
        reply = line.rstrip("\n")
        if not self.stream.isatty():
            self.say(reply)
        if reply.strip().lower() in ("q", "quit", "exit"):
            return None
        return reply

    def take(self, run: Any, number: int, total: int) -> bool:
        """Narrative, prediction and the walk; False when the sitting was stopped."""
        from assistant.textout import wrap

        scenario = run.scenario
        self.say()
        # The neutral title only: the id (a file name) may name the answer; the comparison
        # gives it.
        print(f"=== Scenario {number} of {total}: {scenario.title} ===", file=self.out)
        for paragraph in scenario.narrative.split("\n\n"):
            self.say()
            self.say(paragraph)
        if not self.predict(run):
            return False
        conversation = PlainChat(run.session, self.library, self.out, training=True)
        finished: bool = conversation.interact(self.stream)
        if finished:
            rec = run.session.recommendation()
            self.say()
            print(wrap(f"Your walk ends: {rec.disposal_label}: {rec.headline}"), file=self.out)
        return finished

    def predict(self, run: Any) -> bool:

        choices = run.choices
        self.say()
        self.say("Before you start, predict the outcome (optional: press Enter to skip).")
        for position, disposal in enumerate(choices.disposals, start=1):
            self.say(f"  {position}. {disposal.label}")
        disposal = self._ask("Disposal (number, Enter to skip): ", choices.disposal)
        if disposal is False:
            return False
        self.say("Who must authorise it?")
        self.say("  0. Nobody")
        for position, role in enumerate(choices.roles, start=1):
            self.say(f"  {position}. {role.name}")
        roles = self._ask(
            "Authorisers (numbers separated by commas, 0 nobody, Enter to skip): ",
            choices.authorisers,
        )
        if roles is False:
            return False
        run.predict(disposal, roles)
        return True

    def _ask(self, prompt: str, parse: Any) -> Any:
        from assistant.training import PredictionError

        while True:
            reply = self.read(prompt)
            if reply is None:
                return False
            try:
                return parse(reply)
            except PredictionError as error:
                self.say(f"  {error}")

    def show_comparison(self, result: Any) -> None:
        from assistant.textout import wrap
        from assistant.training import result_lines

        self.say()
        for line in result_lines(result, self.library.corpus):
            indent = line[: len(line) - len(line.lstrip())]
            print(wrap(line.strip(), indent=indent) if line.strip() else "", file=self.out)


def question_text(question: QuestionModel) -> str:
    """A question in plain text: its heading, each cited paragraph by the sentence bearing on
    it, the help and the numbered answers, all from :mod:`assistant.question_view`."""
    from assistant.textout import wrap

    lines = [wrap(question.heading)]
    for cited in question.citations:
        shown = f"[{cited.citation}] {cited.gist}" if cited.gist else f"[{cited.citation}]"
        lines.append(wrap(shown, indent="    "))
    if question.help:
        lines.append(wrap(question.help, indent="    "))
    lines += [wrap(f"  {answer.line}") for answer in question.answers]
    return "\n".join(lines)


class RefusedAnswer(InputError):
    """An answer from a pipe that was not accepted: the run ends here (exit 2), reading no more."""

    def __init__(self, node: Node, reply: str, error: Exception, kept: str) -> None:
        super().__init__(
            f'ask: stopped at question {node.id} ("{node.text}"): {error}. No result is '
            f"given and no later answer was read{kept}"
        )


class PlainChat:
    """The question-and-answer loop, writing plain text only (no colour, no cursor control).

    What a line means is :class:`assistant.conversation.Conversation`'s, as in the TUI; this
    class only words and prints it."""

    PROMPT = "Answer (number or start of answer; b back, ? paragraph, help, q quit): "

    TRAINING_PROMPT = "Answer (number or start of answer; b back, q quit): "

    def __init__(
        self,
        session: Session,
        catalogue: Any,
        out: TextIO,
        contacts: Any | None = None,
        training: bool = False,
        keeper: CaseKeeper | None = None,
    ) -> None:
        from assistant.conversation import Conversation

        self.session = session
        # Reads each line as the TUI does, with the training rules.
        self.conversation = Conversation(session, training=training)
        # Saves the case after every answer and every step back.
        self.keeper = keeper
        self.corpus = catalogue.corpus
        self.out = out
        self.contacts = contacts
        self.shown: str | None = None
        # In training the paragraphs and help are shown only after each answer is given.
        self.training = training

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def show_question(self) -> None:
        from assistant.question_view import build_question

        self.shown = self.session.current.id
        question = build_question(
            self.session, self.corpus, self.conversation.question_number, self.training
        )
        self.say()
        self.say(question_text(question))

    def step(self, reply: str, echo: bool = False, strict: bool = False) -> bool:
        """Handle one reply. False means quit.

        ``strict`` (answers from a pipe or ``--answers``): a refused answer ends the run with
        :class:`RefusedAnswer`, since taking the next line as the retry would shift every later
        answer onto the wrong question."""
        from assistant.conversation import Blank, Quit

        if echo:
            if self.shown != self.session.current.id:
                self.show_question()
            self.say(f"> {reply}")
        command = self.conversation.read(reply)
        if isinstance(command, Quit):
            return False
        if isinstance(command, Blank):
            command = self.conversation.match(reply)
        self.carry_out(command, reply, strict)
        return True

    def carry_out(self, command: Command, reply: str, strict: bool) -> None:
        from assistant import conversation as c
        from assistant.textout import paragraph_blocks, wrap

        match command:
            case c.Choose(answer=answer):
                node = self.session.current
                self.session.answer(answer)
                self.changed()
                if self.training:
                    self.reveal(node)
            case c.NotAnAnswer(error=error) | c.AskGuidance(not_an_answer=error) if (
                strict and error is not None
            ):
                raise RefusedAnswer(self.session.current, reply, error, self.kept())
            case c.NotAnAnswer(error=error):
                self.say(f"  {error}")
            case c.AskGuidance(question=question, not_an_answer=not_an_answer):
                self.answer_from_guidance(question, not_an_answer is not None)
            case c.Refused(reason=reason):
                self.say(f"  {reason}")
            case c.Back():
                self.session.back()
                self.changed()
            case c.Restart():
                self.session.restart()
                self.changed()
                self.shown = None
                self.say("Started again: every answer was cleared.")
            case c.Why(citations=citations):
                paragraphs = [self.corpus.resolve(citation) for citation in citations]
                self.say(paragraph_blocks(paragraphs, self.corpus))
            case c.Cite(citations=citations):
                self.cite(citations)
            case c.Search(words=words):
                self.search(words)
            case c.SetDate(text=text):
                try:
                    date = self.conversation.set_date(text)
                except InputError as error:
                    self.say(f"  {error}")
                else:
                    self.say(f"Offence date: {date:%d %B %Y}.")
                    self.changed()
            case c.Export():
                self.say(
                    "  Export is available once the walk reaches its result "
                    "('ask --markdown' prints the rationale)."
                )
            case c.Help():
                self.say(
                    wrap(
                        "Answer with a number or the start of an answer. Commands: "
                        f"{c.COMMAND_SUMMARY}, /what TERM, /search WORDS (what the guidance "
                        "says), q quit.",
                        indent="  ",
                    )
                )

    def answer_from_guidance(self, question: str, not_an_answer: bool) -> None:
        """A question in the officer's own words, answered with the guidance's paragraphs."""
        from assistant.guidance_answers import answer_question, reply_lines
        from assistant.textout import wrap

        if not_an_answer:
            self.say("  Not an answer to this question.")
        reply = answer_question(question, self.corpus, self.session.tree)
        self.say("\n".join(wrap(line) for line in reply_lines(reply)))
        if not_an_answer:
            self.say("  Type 'cite' and a paragraph id for the whole paragraph.")

    def cite(self, citations: str) -> None:
        """``cite O32g 4.2.1 4.2.2``: every paragraph, or one error naming the bad citation."""
        from assistant.citations import resolve_citations
        from assistant.textout import paragraph_blocks

        default = self.session.tree.meta.primary_document
        try:
            paragraphs = resolve_citations([citations], self.corpus, default)
        except InputError as error:
            self.say(f"  {error}")
            return
        self.say(paragraph_blocks(paragraphs, self.corpus))

    def search(self, words: str) -> None:
        from assistant.textout import wrap

        hits = self.corpus.search(words, 5)
        if not hits:
            self.say(f"  No paragraph matches '{words}'.")
            return
        self.say(f"Best-matching paragraphs ('{words}'):")
        for hit in hits:
            heading = " › ".join(hit.paragraph.heading_path)
            self.say(f"  {hit.paragraph.citation}" + (f"  ({heading})" if heading else ""))
            self.say(wrap(hit.snippet, indent="      "))
        self.say("  Type 'cite' and a paragraph id for the whole paragraph.")

    def changed(self) -> None:
        if self.keeper is not None:
            self.keeper.save(self.session)
            warn(self.keeper)

    def reveal(self, node: Node) -> None:
        from assistant.textout import wrap
        from assistant.training import revealed_paragraphs

        for line in revealed_paragraphs(self.corpus, node.cite):
            self.say(wrap(f"Paragraph: {line}", indent="    "))

    def interact(self, stream: TextIO) -> bool:
        """Ask until an outcome; False when the input ended or the officer quit."""
        while not self.session.finished:
            if self.shown != self.session.current.id:
                self.show_question()
            self.out.write(self.TRAINING_PROMPT if self.training else self.PROMPT)
            self.out.flush()
            line = stream.readline()
            if not line:
                self.say()
                print(
                    f"cr-assistant: input ended before an outcome was reached{self.kept()}",
                    file=sys.stderr,
                )
                return False
            if not stream.isatty():
                self.say(line.rstrip("\n"))
            if not self.step(line.rstrip("\n"), strict=not stream.isatty()):
                kept = self.kept() or "; nothing was recorded"
                print(f"cr-assistant: stopped before an outcome{kept}", file=sys.stderr)
                return False
            if self.session.current.id != self.shown:
                self.shown = None
        return True

    def kept(self) -> str:
        if self.keeper is None or not self.session.steps:
            return ""
        return kept_line(self.keeper)

    def show_result(self) -> None:
        from assistant.report import result_lines
        from assistant.textout import wrap

        recommendation = self.session.recommendation()
        self.say()
        for line in result_lines(recommendation, self.session.tree, self.corpus, self.contacts):
            self.say(wrap(line) if line.strip() else "")
