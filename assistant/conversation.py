"""One conversation for both front ends: a typed line becomes a typed command.

``cr-assistant ask`` (plain text) and the TUI read the officer's lines through
:class:`Conversation`, so they accept the same commands (answer, back, restart, why, cite,
search, date, export, help, quit, a question about the guidance), apply the same training rules
and number the questions alike. Each front end only words and shows what comes back.

UI-free: no Textual, no Rich (import-linter checks it), so its tests run in milliseconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.engine.model import Answer
from assistant.engine.session import (
    AnswerError,
    Session,
    UnknownAnswer,
    match_answer,
    offence_date,
)

# The commands both front ends take, as the help lines list them.
COMMAND_SUMMARY = (
    "back, restart, why (the full paragraph), cite 2.3.2, search WORDS, "
    "date YYYY-MM-DD (offence date), export, help"
)

# Each command as F1 lists it, with what it does (tests/test_conversation_help.py checks that the
# chat takes every one, so the list cannot drift from the parser below).
COMMAND_HELP: tuple[tuple[str, str], ...] = (
    ("back", "go back one question and change the answer"),
    ("restart", "start again from the first question"),
    ("why", "show the paragraphs behind the current question"),
    ("cite 2.3.2", "show a paragraph of the guidance in full"),
    ("search WORDS", "find the paragraphs that best match the words"),
    ("date YYYY-MM-DD", "give the offence date, for the latest completion date"),
    ("export", "save the rationale to a file"),
    ("help", "show the commands"),
    ("quit", "close the assistant (the case is kept to resume)"),
    ("any other text", "a question about the guidance, answered with its paragraphs"),
)


# -- the commands --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Choose:
    """An answer to the current question, matched from a number or the start of a label."""

    answer: Answer
    reply: str


@dataclass(frozen=True)
class Blank:
    """An empty line: the TUI accepts the highlighted answer; ``ask`` asks for one."""


@dataclass(frozen=True)
class Back:
    pass


@dataclass(frozen=True)
class Restart:
    pass


@dataclass(frozen=True)
class Why:
    """The full paragraphs behind the current question."""

    citations: tuple[str, ...]


@dataclass(frozen=True)
class Cite:
    """``cite O32g 4.2.1 4.2.2``: whole paragraphs by citation."""

    citations: str


@dataclass(frozen=True)
class Search:
    """``search WORDS``: the best-matching paragraphs."""

    words: str


@dataclass(frozen=True)
class SetDate:
    """``date YYYY-MM-DD``: the offence date (checked by :meth:`Conversation.set_date`)."""

    text: str


@dataclass(frozen=True)
class Export:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class AskGuidance:
    """A question about the guidance (``/what RUI``, ``/search WORDS``, or words that are no
    answer). ``not_an_answer`` is set when the words were typed where an answer was expected:
    a front end reading answers from a pipe refuses them, since taking the next line as the
    retry would shift every later answer onto the wrong question."""

    question: str
    not_an_answer: UnknownAnswer | None = None


@dataclass(frozen=True)
class NotAnAnswer:
    """A reply meant as an answer that the engine refused (vague, a number that is none)."""

    reply: str
    error: AnswerError


@dataclass(frozen=True)
class Refused:
    """A command the training rules do not allow during a sitting, and why."""

    command: Command
    reason: str


Command = (
    Choose
    | Blank
    | Back
    | Restart
    | Why
    | Cite
    | Search
    | SetDate
    | Export
    | Help
    | Quit
    | AskGuidance
    | NotAnAnswer
    | Refused
)

# Words that are a command on their own (nothing after them).
_ALONE: dict[str, type[Back | Restart | Export | Help | Quit]] = {
    "back": Back,
    "b": Back,
    "restart": Restart,
    "export": Export,
    "help": Help,
    "h": Help,
    "q": Quit,
    "quit": Quit,
    "exit": Quit,
}
_WHY = ("why", "?")

# During a training sitting the answers must come from the trainee: nothing that would show the
# paragraph deciding the question before it is answered.
TRAINING_WHY = "In training, the paragraph is shown once you have answered."
TRAINING_SEARCH = "In training, search the guidance after the scenario."
TRAINING_CITE = "In training, open paragraphs by citation after the scenario."


def question_number(session: Session) -> int:
    """The number the current question is shown with: questions answered so far, plus one."""
    return sum(1 for step in session.steps if step.node.kind == "question") + 1


class Conversation:
    """Reads the officer's lines for one walk; a training walk when ``training`` is set."""

    def __init__(self, session: Session, training: bool = False) -> None:
        self.session = session
        self.training = training

    @property
    def question_number(self) -> int:
        return question_number(self.session)

    def read(self, line: str) -> Command:
        """The command ``line`` is, with the training rules applied."""
        command = self._parse(line.strip())
        if not self.training:
            return command
        match command:
            case Why():
                return Refused(command, TRAINING_WHY)
            case Search() | AskGuidance(not_an_answer=None):
                return Refused(command, TRAINING_SEARCH)
            case Cite():
                return Refused(command, TRAINING_CITE)
            case AskGuidance(not_an_answer=error) if error is not None:
                # Words that fit no answer are an answer refused, not a search in disguise.
                return NotAnAnswer(command.question, error)
        return command

    def _parse(self, text: str) -> Command:
        if not text:
            return Blank()
        word, _, rest = text.partition(" ")
        word = word.lower()
        rest = rest.strip()
        if not rest and word in _ALONE:
            return _ALONE[word]()
        if not rest and word in _WHY:
            return Why(tuple(self.session.current.cite))
        if word == "date":
            return SetDate(rest)
        if rest and word == "cite":
            return Cite(rest)
        if rest and word == "search":
            return Search(rest)
        if rest and word == "/what":
            return AskGuidance(f"what is {rest}")
        if rest and word == "/search":
            return AskGuidance(rest)
        return self.match(text)

    def match(self, reply: str) -> Choose | NotAnAnswer | AskGuidance:
        """``reply`` as an answer to the current question; once the walk has reached its
        result, anything typed is a question for the guidance."""
        session = self.session
        if session.finished:
            return AskGuidance(reply)
        try:
            return Choose(match_answer(session.offered(), reply), reply)
        except UnknownAnswer as error:
            # Words that are no answer may be a question for the guidance.
            return AskGuidance(reply, not_an_answer=error)
        except AnswerError as error:  # a vague answer or a number that is none
            return NotAnAnswer(reply, error)

    def set_date(self, text: str, today: dt.date | None = None) -> dt.date:
        """Set the offence date; InputError (one line) when ``text`` is not one."""
        date = offence_date(text, today)
        self.session.offence_date = date
        return date
