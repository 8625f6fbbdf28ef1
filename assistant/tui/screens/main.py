"""The chat: one question at a time, with its paragraph, in a scrolling transcript.

All the rules live in the engine (:class:`~assistant.engine.Session`, ``match_answer``), in
:mod:`assistant.conversation` (what a typed line means, shared with ``cr-assistant ask``) and in
:mod:`assistant.report`; this screen only shows them and passes the officer's replies on.

The chat and its keys are this screen's, not the app's: while another screen is on top (a
dialog, the tree chooser, a training briefing) Textual gives it the keys, so Ctrl+B, Ctrl+R,
Ctrl+S and the digits never act on a walk that is hidden.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList

from assistant.tui.delivery import Delivery, DiskFiles
from assistant.tui.keeper import ResumeFlow
from assistant.tui.recording import record_shown
from assistant.tui.sitting import SittingFlow
from assistant.tui.textual_fixes import closing
from assistant.tui.widgets.messages import (
    AnsweredQuestion,
    MarkdownReply,
    NoteMessage,
    QuestionMessage,
    ReplyMessage,
    UserLine,
)
from assistant.tui.widgets.side import SidePanel
from assistant.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from assistant.catalogue import Catalogue
    from assistant.contacts import ContactBook
    from assistant.conversation import Conversation
    from assistant.corpus import Corpus
    from assistant.engine import Session, Tree
    from assistant.record.recorder import Recorder
    from assistant.training import TrainingRun

# Below this width the side panel hides itself (the transcript needs the room).
NARROW = 100


def commands_help() -> str:
    """What ``help`` says in the chat (the commands are :mod:`assistant.conversation`'s)."""
    from assistant.conversation import COMMAND_SUMMARY

    return (
        "Answer with the number keys 1-9, or type a number or the start of an answer; Enter "
        f"accepts the highlighted one. Commands: {COMMAND_SUMMARY}, /what TERM, quit. Select an "
        "earlier answer (click, or Tab to it and Enter) to change it."
    )


def in_screen_turn(action: Callable[..., Any]) -> Callable[..., None]:
    """A key's action, run in this screen's turn rather than the app's.

    Textual runs a binding's action in the app's message loop, but the clicks, replies and
    dialogs' results that change the walk arrive in this screen's: run at once, a key could
    change the transcript while a click half-changed it (two results, a question removed
    while it was drawn). Queued here, each runs after the one before has finished."""

    @functools.wraps(action)
    def in_turn(self: Screen[Any], *args: Any) -> None:
        self.call_next(action, self, *args)

    return in_turn


@dataclass
class WalkSettings:
    """What the command line gives the walk (``cr-assistant run``)."""

    catalogue: Catalogue
    tree_id: str | None = None
    # A fixed date for tests and snapshots; otherwise today's.
    today: dt.date | None = None
    offence_date: dt.date | None = None
    export_folder: Path | None = None
    contacts: ContactBook | None = None
    # Training mode (``run --train [SCENARIO...]``): the scenarios named, or all of the tree's.
    train: list[str] | None = None
    # Keeps the decision record of each result shown (assistant/record); None: not recording.
    recorder: Recorder | None = None
    # Where exported files go: the disk, or the browser when served (assistant/tui/delivery.py).
    delivery: Delivery = field(default_factory=DiskFiles)


class ChatInput(Input):
    """The chat input. While it is empty, Up/Down move through the answers, Enter accepts the
    highlighted one, and a digit answers at once when it cannot begin a longer reply (see
    :func:`~assistant.engine.session.number_key_answers`); otherwise it is typed like any text,
    so "18 or over" or "10" is read whole on Enter, never as answer 1."""

    class AnswerKey(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    _typed_elsewhere = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(select_on_focus=False, **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        if not self.value and isinstance(screen, MainScreen):
            character = event.character or ""
            # ASCII digits only: "²" (AltGr+2) is a character to type, not an answer key.
            if character in tuple("123456789") and screen.number_key_answers():
                event.prevent_default()
                event.stop()
                self.post_message(self.AnswerKey(int(character)))
                return
            if event.key in ("up", "down") and screen.move_highlight(
                -1 if event.key == "up" else 1
            ):
                event.prevent_default()
                event.stop()
                return
        await super()._on_key(event)

    def type_before_focus(self, text: str) -> None:
        """``text`` typed elsewhere, added at the end when the input gains focus."""
        self._typed_elsewhere += text

    def _on_focus(self, event: events.Focus) -> None:
        # Textual runs Input's own focus handler after this one. It selects nothing, since
        # select_on_focus is off: the next key would replace a selection, losing the digit.
        if self._typed_elsewhere:
            self.value += self._typed_elsewhere
            self._typed_elsewhere = ""
            self.cursor_position = len(self.value)


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+r", "restart", "Restart"),
        Binding("ctrl+s", "export", "Export"),
        # F1 and F4 are the app's (they work on every screen); named here too so that the
        # footer and F1 list the keys in this order. F3 and F4 are left out of the footer: with
        # them the footer does not fit 80 columns, and F1 lists every key.
        Binding("f1", "app.help", "Help"),
        Binding("f2", "toggle_panel", "Panel"),
        Binding("f3", "toggle_trainer_view", "Trainer view", show=False),
        Binding("f4", "app.toggle_theme", "Light or dark theme", show=False),
        Binding("f5", "show_matrix", "Matrix"),
        Binding("pageup", "scroll_transcript(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_transcript(1)", "Scroll down", show=False),
        *(Binding(str(n), f"answer_number({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, settings: WalkSettings) -> None:
        super().__init__()
        self.catalogue = settings.catalogue
        self.requested_tree = settings.tree_id
        self.fixed_today = settings.today
        self.offence_date = settings.offence_date
        self.export_folder = settings.export_folder
        self._contacts = settings.contacts
        self.train = settings.train
        self.recorder = settings.recorder
        self.delivery = settings.delivery
        self.training: TrainingRun | None = None  # the scenario being walked, in a sitting
        self.sitting_flow = SittingFlow(self)
        # The decision tree being walked (not ``tree``: Textual's DOM uses that name).
        self.decision_tree: Tree | None = None
        self.session: Session | None = None
        self.trainer_view = False
        # None: the panel follows the terminal width; True/False: the officer's choice.
        self.panel_choice: bool | None = None
        # Saves the case after every answer and offers to resume it (assistant/tui/keeper.py).
        self.keeper = ResumeFlow(self)

    def push_screen(self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None) -> Any:
        """A screen over this one (for the resume flow and the sitting: see host.py)."""
        return self.app.push_screen(screen, callback)

    # -- attributes other helpers use ----------------------------------------------------------
    @property
    def corpus(self) -> Corpus:
        return self.catalogue.corpus

    @property
    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    @property
    def contacts(self) -> ContactBook | None:
        if self._contacts is None:
            from assistant.contacts import load_contacts

            self._contacts = load_contacts()
            if self._contacts.warning:
                self.notify(self._contacts.warning, title="Contacts", severity="warning")
        return self._contacts

    @property
    def result_contacts(self) -> ContactBook | None:
        """The local contacts a result names: only from a contacts file the officer has
        written. The result on screen and its Ctrl+S export both take this one."""
        book = self.contacts
        return book if book is not None and book.exists else None

    # -- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The title bar and the keys footer are mounted just after the first frame
        # (_mount_chrome): the first frame is the question, without waiting for them. Their
        # rows are kept from the first frame, so nothing moves when they arrive: a click or tap
        # in that moment lands on the answer under it, never on the one above.
        yield Container(id="title-slot")
        with Horizontal(id="body"):
            with Transcript(id="transcript"):
                yield from self._opening()
            yield SidePanel(id="side")
        yield ChatInput(placeholder=self.input_hint(), id="chat")
        yield Container(id="keys-slot")

    def _mount_chrome(self) -> None:
        if closing(self):  # Ctrl+Q before the first frame
            return
        from textual.widgets import Header  # imported, like the footer, after the first frame

        from assistant.tui.widgets.footer import KeysFooter

        # Mounted on this screen, whichever screen is on top by now (a dialog may be).
        self.query_one("#title-slot").mount(Header(show_clock=False, icon="§"))
        self.query_one("#keys-slot").mount(KeysFooter(compact=True))

    def _opening(self) -> Iterator[Widget]:
        """The first question, composed with the screen so that it is on the first frame,
        when the tree is known from the start (one tree, or --tree)."""
        from assistant.errors import InputError

        tree_id = self._first_tree_id()
        if tree_id is None:
            return
        try:
            intro = self._open_tree(tree_id)
        except InputError as error:
            yield NoteMessage(f"✘ {error.problems[0]}", "error")
            return
        yield NoteMessage(intro)
        if self.train is None:
            yield self._question_widget()

    def _first_tree_id(self) -> str | None:
        files = self.catalogue.tree_files
        return self.requested_tree or (next(iter(files)) if len(files) == 1 else None)

    @property
    def transcript(self) -> VerticalScroll:
        return self.query_one("#transcript", VerticalScroll)

    async def on_mount(self) -> None:
        self.call_after_refresh(self._mount_chrome)
        self.query_one("#chat", ChatInput).focus()
        self._apply_panel()
        if self.session is not None:  # opened in compose
            tree_id = self.session.tree.id
            if self.train is not None:
                await self._start_training(tree_id)
            else:
                self._question_shown()
                # After the first frame: the question is not kept waiting for the saved cases.
                self.call_after_refresh(self.keeper.tree_started, tree_id)
        elif self._first_tree_id() is None:
            from assistant.preferences import last_tree
            from assistant.tui.screens.chooser import TreeChooser

            self.push_screen(TreeChooser(self.catalogue, last_tree()), self._tree_chosen)
        # Everything built so far (guidance, tree, styles, the screen) lives as long as the app.
        # Frozen, it is left out of the cyclic collector's full passes, which otherwise scan it
        # all again in the middle of a key press (30-40 ms each; see python -m assistant.bench).
        # The app unfreezes it when it closes.
        gc.freeze()

    async def _tree_chosen(self, tree_id: str | None) -> None:
        if tree_id is None:
            self.app.exit(1)
            return
        from assistant.preferences import remember_tree

        remember_tree(tree_id)
        await self._start_tree(tree_id)

    def _open_tree(self, tree_id: str) -> str:
        """Load the tree and start a walk of it; the opening line of its transcript."""
        from assistant.engine import Session

        tree = self.catalogue.tree(tree_id)
        self.decision_tree = tree
        self.session = Session(tree, offence_date=self.offence_date)
        document = self.corpus.document(tree.meta.primary_document)
        self.sub_title = f"{tree.meta.force} · {document.reference or document.title}"
        intro = f"{tree.meta.title} ({tree.meta.force}). Type 'help' for the commands."
        if tree.meta.completion_weeks and self.offence_date is None:
            intro += " Optional: 'date YYYY-MM-DD' gives the offence date."
        return intro

    async def _start_tree(self, tree_id: str) -> None:
        from assistant.errors import InputError

        try:
            intro = self._open_tree(tree_id)
        except InputError as error:
            await self.say(f"✘ {error.problems[0]}", "error")
            return
        await self.transcript.remove_children()
        await self.say(intro)
        if self.train is not None:
            await self._start_training(tree_id)
            return
        await self._show_current()
        self.keeper.tree_started(tree_id)

    # -- training ----------------------------------------------------------------------------------
    async def _start_training(self, tree_id: str) -> None:
        """A sitting (assistant/tui/sitting.py); an ordinary walk when none can begin."""
        problem = self.sitting_flow.start(tree_id, self.train or [])
        if problem is not None:
            await self._walk_instead(problem, tree_id)

    async def _walk_instead(self, problem: str, tree_id: str) -> None:
        """No sitting can start: say why and go on as an ordinary walk (saved as one)."""
        await self.say(problem, "error")
        self.train = None
        await self._show_current()
        self.keeper.tree_started(tree_id)

    async def walk_scenario(self, run: TrainingRun) -> None:
        """Show a training scenario's walk, its paragraphs held back until each answer."""
        self.training = run
        self.decision_tree = run.tree
        self.session = run.session
        await self.transcript.remove_children()
        await self.say(
            f"Training: {run.scenario.title}. Each question's paragraph is shown once you have "
            "answered it."
        )
        # The narrative stays beside the walk: the answers depend on it.
        side = self.query_one(SidePanel)
        side.show_scenario(run.scenario.title, run.scenario.narrative)
        if not side.display:  # a narrow terminal: at the top of the walk instead (F2 shows it)
            await self.say(f"The scenario (F2 keeps it beside the walk): {run.scenario.narrative}")
        await self._show_current()

    async def end_training(self) -> None:
        """The sitting is over: back to an ordinary walk of the tree."""
        self.query_one(SidePanel).show_scenario("", "")
        self.train = None
        self.training = None
        if self.decision_tree is not None:
            await self._start_tree(self.decision_tree.id)

    # -- the transcript --------------------------------------------------------------------------
    async def say(self, text: str, kind: str = "note") -> None:
        """A note at the foot of the transcript, kept in view."""
        await self.transcript.mount(NoteMessage(text, kind))
        self._follow()

    def _say_later(self, widget: Any) -> None:
        """Mount without waiting (the public show_* methods are plain methods)."""
        self.transcript.mount(widget)
        self._follow()

    def _follow(self) -> None:
        """Keep the transcript's newest lines in view. Anchored, it is scrolled as it is laid
        out, in the same frame, rather than in a second frame after the first."""
        self.transcript.anchor()

    def current_question(self) -> QuestionMessage | None:
        found = self.transcript.query(".question.current")
        widget = found.last() if found else None
        return widget if isinstance(widget, QuestionMessage) else None

    async def _show_current(self) -> None:
        session = self._session()
        if session.finished:
            await self._show_result()
            self._question_shown()  # the input's hint: no answer is asked for now
            self.call_after_refresh(self._refresh_panel)
            if self.training is None:
                self.call_after_refresh(self.keeper.save)  # reaching the result removes the save
        else:
            await self.transcript.mount(self._question_widget())
            self._question_shown()

    def _question_widget(self) -> QuestionMessage:
        from assistant.conversation import question_number
        from assistant.question_view import build_question

        session = self._session()
        # In training the paragraphs and help are held back until the answer is given.
        question = build_question(
            session, self.corpus, question_number(session), training=self.training is not None
        )
        return QuestionMessage(
            question,
            session.current,
            len(session.steps),
            self.corpus,
            session.tree.meta.primary_document,
            current=True,
            path=tuple(step.node.id for step in session.steps),
            trainer=self.trainer_view,
        )

    def input_hint(self) -> str:
        """What the chat input's placeholder says: whether a digit answers at once."""
        session = self.session
        if session is None or session.finished:
            return "a command (help), or Ctrl+R to start again"
        if self.number_key_answers():
            return f"1-{len(session.offered())}, an answer or a command (help)"
        return "type the answer or its number, then Enter; or a command (help)"

    def _question_shown(self) -> None:
        self.query_one("#chat", Input).placeholder = self.input_hint()
        self._follow()
        self.call_after_refresh(self._show_top_if_tall)
        # After the next paint, as the save is: the question comes first, and the side panel
        # (long paragraphs to wrap) follows it a frame later.
        self.call_after_refresh(self._refresh_panel)
        if self.training is None:  # a training walk is not a case to resume
            # After the next paint: the save (with its fsync) stays out of the key's latency.
            self.call_after_refresh(self.keeper.save)

    def _show_top_if_tall(self) -> None:
        """A question taller than the transcript is shown from its top, not its answers."""
        widget = self.current_question()
        if widget is None:
            return
        if widget.outer_size.height > self.transcript.size.height:
            self.transcript.scroll_to_widget(widget, animate=False, top=True)

    async def _show_result(self) -> None:
        from assistant.tui.widgets.result import ResultView

        session = self._session()
        if self.training is not None:
            self.sitting_flow.compare(self.training.result())
            return
        dropped = session.replay()
        note = None
        if dropped:
            note = NoteMessage(self._dropped_note(dropped), "dropped")
            await self.transcript.mount(note)
        view = ResultView(
            session.recommendation(), session.tree, self.corpus, self.result_contacts, self.today
        )
        await self.transcript.mount(view)
        if self.recorder is not None:  # only once the result is on screen
            self.call_after_refresh(record_shown, self.app, self.recorder, session)
        # The top of the result in view, with the note about dropped answers just above it.
        self.call_after_refresh(
            self.transcript.scroll_to_widget, note or view, animate=False, top=True
        )

    def _dropped_note(self, dropped: list[str]) -> str:
        tree = self._session().tree
        names = "; ".join(f"“{tree.nodes[q].text}”" for q in dropped if q in tree.nodes)
        return (
            f"⚠ Your earlier answers to {len(dropped)} question(s) no longer apply after the "
            f"change and were dropped: {names}"
        )

    async def _trim_from(self, step_index: int) -> None:
        """Remove the transcript from the question at ``step_index`` on (and any result)."""
        children = list(self.transcript.children)
        start = next(
            (
                position
                for position, child in enumerate(children)
                if isinstance(child, QuestionMessage | AnsweredQuestion)
                and child.step_index >= step_index
            ),
            None,
        )
        doomed = children[start:] if start is not None else []
        doomed += [child for child in children if child.id == "result" and child not in doomed]
        if doomed:
            await self.remove_children_of(doomed)

    async def remove_children_of(self, widgets: list[Any]) -> None:
        await self.transcript.remove_children(widgets)

    def _session(self) -> Session:
        if self.session is None:
            from assistant.errors import InputError

            raise InputError("no tree has been chosen yet")
        return self.session

    def _refresh_panel(self) -> None:
        if closing(self):  # Ctrl+Q while a key was being handled: the panel is already gone
            return
        # In training the panel would give the paragraphs away before the answer.
        self.query_one(SidePanel).set_class(self.training is not None, "training")
        if self.session is not None:
            self.query_one(SidePanel).refresh_from(self.session, self.corpus)

    # -- answering -------------------------------------------------------------------------------
    async def answer(self, choice: int | str) -> None:
        from assistant.engine import AnswerError

        # A click or key queued just before Ctrl+Q arrives while the screens are being closed.
        if self.session is None or closing(self):
            return
        session = self.session
        if session.finished:
            # A toast, not a note: stray keys must not scroll the result away; one toast, not a
            # stack of them covering the result.
            self.app.clear_notifications()
            self.notify("The walk has reached its result: change an answer, back or restart.")
            return
        node = session.current
        step_index = len(session.steps)
        try:
            session.answer(choice)
        except AnswerError as error:
            await self.say(f"✘ {error}", "error")
            return
        # One repaint for the whole change (answered question folded, reply, next question):
        # without the batch, Textual paints each step and the next question waits a frame.
        with self.app.batch_update():
            await self._fold_current()
            label = session.steps[-1].answer.label
            # Not awaited: mounted with the next question, in one layout pass.
            self.transcript.mount(ReplyMessage(label, node.id, step_index))
            if self.training is not None:
                from assistant.training import revealed_paragraphs

                for line in revealed_paragraphs(self.corpus, node.cite):
                    await self.transcript.mount(NoteMessage(f"§ Paragraph: {line}", "revealed"))
            await self._show_current()

    async def _fold_current(self) -> None:
        """Replace the question just answered with its folded, one-widget form."""
        widget = self.current_question()
        if widget is None:
            return
        # The class "current" is left as it is: changing a class restyles every widget inside.
        self.transcript.mount(widget.answered(), before=widget)
        # Awaited, so that the removal is laid out in the same frame as the next question.
        await widget.remove()

    @in_screen_turn
    async def action_answer_number(self, number: int) -> None:
        await self.answer_number(number)

    async def answer_number(self, number: int) -> None:
        """A digit pressed outside the chat input: an answer, or the start of a typed one."""
        if self.number_key_answers():
            await self.answer(number)
            return
        chat = self.query_one("#chat", ChatInput)
        chat.type_before_focus(str(number))
        chat.focus()

    def number_key_answers(self) -> bool:
        """Whether a digit key answers the current question at once (the engine's rule)."""
        from assistant.engine.session import number_key_answers

        session = self.session
        # At the result a digit still goes to answer(), which says the walk is over.
        return session is None or session.finished or number_key_answers(session.offered())

    async def on_chat_input_answer_key(self, event: ChatInput.AnswerKey) -> None:
        await self.answer(event.number)

    def move_highlight(self, step: int) -> bool:
        widget = self.current_question()
        options = widget.options() if widget is not None else None
        if options is None:
            return False
        if options.highlighted is None:
            options.highlighted = 0
        else:
            options.highlighted = max(0, min(options.option_count - 1, options.highlighted + step))
        return True

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None or not event.option.id.isdigit():
            return
        event.stop()
        await self.answer(int(event.option.id))

    async def on_reply_message_change_requested(self, event: ReplyMessage.ChangeRequested) -> None:
        await self.change_answer(event.question_id)

    async def change_answer(self, question_id: str) -> None:
        from assistant.errors import InputError

        session = self._session()
        try:
            session.change(question_id)
        except InputError as error:
            await self.say(f"✘ {error}", "error")
            return
        await self._trim_from(len(session.steps))
        await self.say(
            "✎ Changing this answer. Your later answers stay pre-selected where they still "
            "apply; any that no longer apply will be listed."
        )
        await self._show_current()
        self.query_one("#chat", ChatInput).focus()

    # -- typed input -----------------------------------------------------------------------------
    async def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "chat":
            return
        event.stop()
        text = event.value.strip()
        event.input.value = ""
        await self.handle_text(text)

    def conversation(self) -> Conversation:
        """The walk on screen as :mod:`assistant.conversation` reads it (the training rules
        apply while a scenario is walked)."""
        from assistant.conversation import Conversation

        return Conversation(self._session(), training=self.training is not None)

    async def handle_text(self, text: str) -> None:
        """One line from the chat input: an answer, a command, or a question."""
        from assistant import conversation as c

        if self.session is None:
            return
        session = self.session
        command = self.conversation().read(text)
        # What changes the walk, and an empty line, leave no line of their own in the transcript.
        if not isinstance(command, c.Choose | c.Blank | c.Back | c.Restart | c.Export | c.Quit):
            await self._echo(text)
        match command:
            case c.Blank():
                widget = self.current_question()
                options = widget.options() if widget is not None else None
                if options is not None and options.highlighted is not None:
                    await self.answer(options.highlighted + 1)
                elif not session.finished:
                    await self.say(f"Choose an answer: 1-{len(session.offered())}.")
            case c.Choose(answer=answer):
                await self.answer(answer.label)
            case c.NotAnAnswer(error=error):
                await self.say(f"✘ {error}", "error")
            case c.AskGuidance(question=question, not_an_answer=not_an_answer):
                self._answer_free_text(question, not_an_answer is not None)
            case c.Refused(reason=reason):
                await self.say(reason)
            case c.Back():
                await self.back()
            case c.Restart():
                await self.restart()
            case c.Why(citations=citations):
                for citation in citations:
                    self.show_paragraph(citation)
            case c.Cite(citations=citations):
                self.show_cited(citations)
            case c.Search(words=words):
                self.show_search(words)
            case c.SetDate(text=date):
                await self.set_offence_date(date)
            case c.Export():
                self.action_export()
            case c.Help():
                await self.say(commands_help())
            case c.Quit():
                await self.app.action_quit()

    async def _echo(self, text: str) -> None:
        await self.transcript.mount(UserLine(text))

    def _answer_free_text(self, text: str, not_an_answer: bool) -> None:
        """A question in the officer's own words, answered with the guidance's paragraphs."""
        from assistant.guidance_answers import answer_question, reply_markdown

        if self.decision_tree is None:
            return
        reply = answer_question(text, self.corpus, self.decision_tree)
        lines = [reply_markdown(reply)]
        lines += ["", "Type `cite` and a paragraph id for the whole paragraph."]
        title = (
            "Not an answer to this question. In the guidance"
            if not_an_answer
            else ("In the guidance")
        )
        reply_widget = MarkdownReply(f"{title}:", "\n".join(lines))
        self._say_later(reply_widget)
        # The tree's answer leads the reply: show its start, not the last search result.
        self.call_after_refresh(self._show_start_of, reply_widget)

    def _show_start_of(self, widget: Any) -> None:
        # Anchored, the transcript would follow the reply's last line as its Markdown lays out.
        self.transcript.anchor(False)
        self.transcript.call_after_refresh(
            self.transcript.scroll_to_widget, widget, animate=False, top=True
        )

    async def set_offence_date(self, text: str) -> None:
        from assistant.errors import InputError

        try:
            date = self.conversation().set_date(text, self.today)
        except InputError as error:
            await self.say(f"✘ {error}", "error")
            return
        self.offence_date = date
        session = self._session()
        await self.say(f"Offence date: {date:%d %B %Y}.")
        if session.finished:
            await self._trim_from(len(session.steps) + 1)
            await self._show_result()

    # -- public methods (the palette and other screens call these) -------------------------------
    def show_paragraph(self, citation: str) -> None:
        from assistant.errors import InputError
        from assistant.tui.widgets.messages import paragraph_markdown

        if self.sitting_flow.withheld("the paragraph"):
            return
        default = (
            self.decision_tree.meta.primary_document if self.decision_tree is not None else None
        )
        try:
            paragraph = self.corpus.resolve(citation, default)
        except InputError as error:
            self._say_later(NoteMessage(f"✘ {error}", "error"))
            return
        self._say_later(
            MarkdownReply(f"§ {paragraph.citation}", paragraph_markdown(paragraph, self.corpus))
        )

    def show_cited(self, text: str) -> None:
        """``cite O32g 4.2.1 4.2.2``: every paragraph, or one error naming the bad citation."""
        from assistant.citations import resolve_citations
        from assistant.errors import InputError
        from assistant.tui.widgets.messages import paragraph_markdown

        if self.sitting_flow.withheld("a paragraph you look up"):
            return
        default = (
            self.decision_tree.meta.primary_document if self.decision_tree is not None else None
        )
        try:
            paragraphs = resolve_citations([text], self.corpus, default)
        except InputError as error:
            self._say_later(NoteMessage(f"✘ {error}", "error"))
            return
        for paragraph in paragraphs:
            self._say_later(
                MarkdownReply(f"§ {paragraph.citation}", paragraph_markdown(paragraph, self.corpus))
            )

    def show_search(self, words: str, title: str = "Best-matching paragraphs") -> None:
        if self.sitting_flow.withheld("a search of the guidance"):
            return
        hits = self.corpus.search(words, 5)
        if not hits:
            self._say_later(NoteMessage(f"No paragraph matches '{words}'."))
            return
        lines = [f"- **{hit.paragraph.citation}**: {hit.snippet_markdown()}" for hit in hits]
        lines.append("")
        lines.append("Type `cite` and a paragraph id for the whole paragraph.")
        self._say_later(MarkdownReply(f"{title} ('{words}'):", "\n".join(lines)))

    def switch_tree(self, tree_id: str) -> None:
        from assistant.preferences import remember_tree

        remember_tree(tree_id)
        self.run_worker(self._start_tree(tree_id), group="tree")

    def toggle_trainer_view(self) -> None:
        self.trainer_view = not self.trainer_view
        self.app.set_class(self.trainer_view, "trainer")
        for question in (*self.query(AnsweredQuestion), *self.query(QuestionMessage)):
            question.show_trainer(self.trainer_view)
        self._refresh_panel()
        state = "on: node ids and the path taken are shown" if self.trainer_view else "off"
        self.notify(f"Trainer view {state}.")

    def show_matrix(self) -> None:
        from assistant.tui.screens.matrix import MatrixScreen

        if self.decision_tree is not None and not self.sitting_flow.withheld("the matrix"):
            self.push_screen(MatrixScreen(self.decision_tree))

    # -- actions ---------------------------------------------------------------------------------
    # Bound on this screen, they act only while it is the screen on top: a dialog, the chooser
    # or a training briefing over it takes the keys (Textual's own rule), so no key acts on a
    # walk that is hidden.
    @in_screen_turn
    async def action_back(self) -> None:
        await self.back()

    @in_screen_turn
    async def action_restart(self) -> None:
        session = self.session
        if session is None or not session.finished:
            await self.restart()
            return
        # A finished case is a result the officer may still need: one key must not clear it.
        from assistant.tui.screens.confirm import ConfirmLeave

        self.push_screen(
            ConfirmLeave(
                "Start a new case? This clears the result on screen "
                "(Ctrl+S exports it first if you need it).",
                "Clear and start again",
                "Keep this result",
            ),
            self._restart_confirmed,
        )

    async def _restart_confirmed(self, clear: bool | None) -> None:
        if clear:
            await self.restart()

    async def back(self) -> None:
        session = self._session()
        if not session.steps:
            await self.say("This is the first question: there is nothing to go back to.")
            return
        session.back()
        await self._trim_from(len(session.steps))
        await self.say("↩ Back one question. Your earlier answer is pre-selected.")
        await self._show_current()

    async def restart(self) -> None:
        session = self._session()
        session.restart()
        await self.transcript.remove_children()
        await self.say("Started again: every answer was cleared.")
        await self._show_current()

    @in_screen_turn
    def action_export(self) -> None:
        from assistant.tui.export import ExportScreen

        session = self.session
        if session is None or not session.finished:
            self.notify("Export is available once the walk reaches its result.")
            return
        screen = ExportScreen(
            session.recommendation(),
            session.tree,
            self.corpus,
            self.today,
            self.export_folder or Path.cwd(),
            self.result_contacts,
            self.delivery,
        )
        self.push_screen(screen, self._exported)

    def _exported(self, where: str | None) -> None:
        if where is not None:
            self._say_later(NoteMessage(f"✔ Case record {where}"))
            self.notify(where[:1].upper() + where[1:])

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        elif event.button.id == "start-again":
            await self.restart()

    @in_screen_turn
    def action_toggle_panel(self) -> None:
        self.panel_choice = not self.query_one(SidePanel).display
        self._apply_panel()

    def _apply_panel(self) -> None:
        wide = self.size.width >= NARROW
        self.query_one(SidePanel).show(self.panel_choice if self.panel_choice is not None else wide)

    def on_resize(self, event: events.Resize) -> None:
        self._apply_panel()

    @in_screen_turn
    def action_scroll_transcript(self, direction: int) -> None:
        if direction < 0:
            self.transcript.scroll_page_up(animate=False)
        else:
            self.transcript.scroll_page_down(animate=False)

    @in_screen_turn
    def action_show_matrix(self) -> None:
        self.show_matrix()

    @in_screen_turn
    def action_toggle_trainer_view(self) -> None:
        self.toggle_trainer_view()
