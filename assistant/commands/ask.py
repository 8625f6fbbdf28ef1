"""``cr-assistant ask``: the plain-text mode, for pipes, SSH and screen readers.

One question at a time with numbered answers and the paragraph behind it. Replies: a number or
the start of an answer, ``b`` back, ``?`` the full paragraph, ``q`` quit. Works with answers on
standard input; ``--answers 1,3,2`` replays a path; ``--json`` prints the result as JSON and
``--markdown`` the exported rationale. With several trees and no ``--tree``, the tree chosen last
from the numbered list is used, or the list is shown (it reads the choice from standard input too).
Local contact details are shown, and exported, only with ``--with-contacts``.
``--save-scenario FILE`` keeps the walk as a training scenario.

The case is saved after every answer (:mod:`assistant.recovery`); after a crash or a closed
terminal the next ``ask`` on the same tree offers to resume it (``--resume`` resumes without
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
from typing import Any, TextIO

from assistant.errors import InputError


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
    from assistant.scenarios import refuse_existing

    catalogue = Catalogue.from_options(args.trees)
    if args.train is not None:
        return train(args, catalogue)
    if args.train_report or args.force:
        raise InputError("ask: --train-report and --force belong to --train: add --train")
    if args.resume and args.answers:
        raise InputError(
            "ask: --resume continues the saved answers, --answers gives new ones: use one"
        )
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
    keeper = CaseKeeper(tree)
    session = keeper.start(args, sys.stdin, out) or Session(tree, offence_date=args.offence_date)
    conversation = Conversation(session, catalogue, out=out, contacts=contacts, keeper=keeper)
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
    if save is not None:
        save_scenario(save, recommendation, tree, conversation.out)
    keeper.store.finish()  # only now: until the result is out, the case can be resumed
    return 0


def unwritable(what: str, error: OSError, conversation: Conversation) -> int:
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


class CaseKeeper:
    """Saves the walk after every answer and offers a saved one back at the start."""

    def __init__(self, tree: Any) -> None:
        from assistant.recovery import SessionStore

        self.tree = tree
        self.store = SessionStore()
        self.warned = 0
        self.store.prune()

    def save(self, session: Any) -> None:
        self.store.save(session, self.tree.id)
        self.warn()

    def kept(self) -> str:
        """The end of a 'stopped' line: whether the case can be resumed, as the last save went."""
        if self.store.saved_ok is None:
            return ""
        if self.store.saved_ok:
            return "; the case is saved: 'cr-assistant ask --resume' continues it"
        return "; the case could NOT be saved (see the warning above): note your answers"

    def warn(self) -> None:
        for line in self.store.warnings[self.warned :]:
            print(f"cr-assistant: warning: {line}", file=sys.stderr)
        self.warned = len(self.store.warnings)

    def start(self, args: argparse.Namespace, stream: TextIO, out: TextIO) -> Any | None:
        """The restored session, or None for a new case."""
        from assistant.textout import wrap

        saved = None if args.no_resume or args.answers else self.store.pending(self.tree.id)
        self.warn()
        if saved is None:
            if args.resume:
                print(
                    f"cr-assistant: no saved case of tree '{self.tree.id}' to resume; "
                    "starting a new one",
                    file=sys.stderr,
                )
            return None
        if not args.resume:
            if not stream.isatty():
                print(
                    f"cr-assistant: a saved case ({saved.describe()}) was not resumed: "
                    "'cr-assistant ask --resume' continues it",
                    file=sys.stderr,
                )
                return None
            resume = self.ask_resume(saved, stream, out)
            if resume is None:  # the input ended: no decision, so the saved case stays
                print(file=out)
                print(
                    "cr-assistant: the saved case is kept: 'cr-assistant ask --resume' "
                    "continues it",
                    file=sys.stderr,
                )
                return None
            if not resume:
                self.store.remove(saved)
                print("Starting a new case; the saved one was discarded.", file=out)
                return None
        session = self.store.restore(saved, self.tree)
        if args.offence_date is not None:
            session.offence_date = args.offence_date
        print(wrap(f"Resumed the case you were working on ({saved.describe()}):"), file=out)
        for step in session.steps:
            if step.node.kind == "question":
                print(wrap(f"  - {step.node.text} -> {step.answer.label}"), file=out)
        if saved.tree_version != self.tree.meta.version:
            print(
                wrap(
                    f"The tree has changed since (version {saved.tree_version or 'unknown'}, "
                    f"now {self.tree.meta.version}): check the answers above."
                ),
                file=out,
            )
        for dropped in self.store.dropped:
            print(wrap(f"Not restored: {dropped.line()}", indent="  "), file=out)
        return session

    @staticmethod
    def ask_resume(saved: Any, stream: TextIO, out: TextIO) -> bool | None:
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
    from assistant.safefile import PRIVATE
    from assistant.scenarios import scenario_toml, write_atomic

    write_atomic(path, scenario_toml(recommendation, tree), mode=PRIVATE)
    print(
        f"\nScenario saved to {path}: write its title and narrative (marked TODO) and check "
        "the expectation against the SOP before it joins the library.",
        file=out,
    )


def train(args: argparse.Namespace, catalogue: Any) -> int:
    """A training sitting; exit 0 when every scenario was finished, 1 when it was cut short."""
    from pathlib import Path

    from assistant.errors import InputError
    from assistant.safefile import PRIVATE
    from assistant.scenarios import ScenarioLibrary, refuse_existing, write_atomic
    from assistant.training import (
        Sitting,
        TrainingRun,
        sitting_markdown,
        summary_lines,
        trainable,
    )

    if args.answers or args.json or args.save_scenario:
        raise InputError(
            "ask: --train cannot be combined with --answers, --json or "
            "--save-scenario: run the training on its own"
        )
    report = Path(args.train_report) if args.train_report else None
    if report is not None:
        refuse_existing(report, args.force, how="choose another name or add --force")
    library = ScenarioLibrary(catalogue)
    if args.train:
        scenarios = [library.find(reference, args.tree) for reference in args.train]
    else:
        tree_id = args.tree or choose_tree(catalogue, sys.stdin, sys.stdout)
        if tree_id is None:
            return 1
        scenarios = library.load_all(library.files(tree_id))
        if not scenarios:
            raise InputError(
                f"tree '{tree_id}' has no scenarios: add them to trees/scenarios/{tree_id}/"
            )
    checked = trainable(scenarios, library)
    for line in checked.refused:
        print(f"cr-assistant: warning: {line}", file=sys.stderr)
    scenarios = list(checked.scenarios)
    sitting = Sitting(scenarios)
    trainer = Trainer(library, sys.stdin, sys.stdout)
    trainer.say(
        f"Training: {len(scenarios)} scenario{'s' if len(scenarios) > 1 else ''}. "
        "Answer as you would on duty; each question's paragraph is shown once you "
        "have answered it."
    )
    for number, scenario in enumerate(scenarios, start=1):
        run = TrainingRun(scenario, library.tree(scenario.tree_id))
        if not trainer.take(run, number, len(scenarios)):
            break
        result = run.result()
        sitting.record(result)
        trainer.show_comparison(result)
    trainer.say()
    for line in summary_lines(sitting.summary()):
        trainer.say(line)
    if report is not None and sitting.results:
        text = sitting_markdown(sitting, library.corpus)
        write_atomic(report, text, mode=PRIVATE, overwrite=args.force)
        trainer.say(f"Report written to {report}")
    elif report is not None:
        trainer.say(f"No scenario was completed, so no report was written to {report}")
    return 0 if sitting.complete else 1


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
        # Unwrapped, so the scenario id stays whole for anyone searching the transcript.
        print(
            f"=== Scenario {number} of {total}: {scenario.title} ({scenario.id}) ===", file=self.out
        )
        for paragraph in scenario.narrative.split("\n\n"):
            self.say()
            self.say(paragraph)
        if not self.predict(run):
            return False
        conversation = Conversation(run.session, self.library, self.out, training=True)
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


class RefusedAnswer(InputError):
    """An answer from a pipe that was not accepted: the run ends here (exit 2), reading no more."""

    def __init__(self, node: Any, reply: str, error: Exception, kept: str) -> None:
        super().__init__(
            f'ask: stopped at question {node.id} ("{node.text}"): {error}. No result is '
            f"given and no later answer was read{kept}"
        )


class Conversation:
    """The question-and-answer loop, writing plain text only (no colour, no cursor control)."""

    PROMPT = "Answer (number or start of answer; b back, ? paragraph, /search WORDS, q quit): "

    TRAINING_PROMPT = "Answer (number or start of answer; b back, q quit): "

    def __init__(
        self,
        session: Any,
        catalogue: Any,
        out: TextIO,
        contacts: Any | None = None,
        training: bool = False,
        keeper: CaseKeeper | None = None,
    ) -> None:
        self.session = session
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
        from assistant.textout import wrap

        node = self.session.current
        self.shown = node.id
        number = sum(1 for step in self.session.steps if step.node.kind == "question") + 1
        self.say()
        self.say(wrap(f"Q{number}. {node.text}" if node.kind == "question" else node.text))
        if not self.training:
            for citation in node.cite:
                paragraph = self.corpus.resolve(citation)
                self.say(wrap(f"[{paragraph.citation}] {paragraph.summary}", indent="    "))
            if node.help:
                self.say(wrap(node.help, indent="    "))
        default = self.session.default()
        for position, answer in enumerate(self.session.offered(), start=1):
            marker = " (your earlier answer)" if default == position - 1 else ""
            self.say(wrap(f"  {position}. {answer.label}{marker}"))

    def step(self, reply: str, echo: bool = False, strict: bool = False) -> bool:
        """Handle one reply. False means quit.

        ``strict`` (answers from a pipe or ``--answers``): a refused answer ends the run with
        :class:`RefusedAnswer`, since taking the next line as the retry would shift every later
        answer onto the wrong question."""
        from assistant.engine import AnswerError
        from assistant.textout import paragraph_block

        if echo:
            if self.shown != self.session.current.id:
                self.show_question()
            self.say(f"> {reply}")
        command = reply.strip().lower()
        if command in ("q", "quit", "exit"):
            return False
        if command.startswith(("/search ", "/what ")) and self.training:
            self.say("  In training, search the guidance after the scenario.")
            return True
        if command.startswith(("/search ", "/what ")):
            from assistant.guidance_answers import guidance_reply_text

            self.say(guidance_reply_text(reply, self.corpus, self.session.tree))
            return True
        if command in ("b", "back"):
            self.session.back()
            self.changed()
        elif command in ("?", "why") and self.training:
            self.say("  In training, the paragraph is shown once you have answered.")
        elif command in ("?", "why"):
            for citation in self.session.current.cite:
                paragraph = self.corpus.resolve(citation)
                self.say(paragraph_block(paragraph, self.corpus.document_of(paragraph)))
        else:
            node = self.session.current
            try:
                self.session.answer(reply)
            except AnswerError as error:
                if strict:
                    raise RefusedAnswer(node, reply, error, self.kept()) from None
                self.say(f"  {error}")
            else:
                self.changed()
                if self.training:
                    self.reveal(node)
        return True

    def changed(self) -> None:
        if self.keeper is not None:
            self.keeper.save(self.session)

    def reveal(self, node: Any) -> None:
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
        return self.keeper.kept()

    def show_result(self) -> None:
        from assistant.report import result_lines
        from assistant.textout import wrap

        recommendation = self.session.recommendation()
        self.say()
        for line in result_lines(recommendation, self.session.tree, self.corpus, self.contacts):
            self.say(wrap(line) if line.strip() else "")
