"""The chat UI: one question at a time, with its paragraph, in a scrolling transcript.

All the rules live in the engine (:class:`~assistant.engine.Session`, ``match_answer``) and in
:mod:`assistant.report`; this module only shows them and passes the officer's replies on, exactly
as the plain-text mode (``cr-assistant ask``) does.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList

from assistant.tui import textual_fixes
from assistant.tui.keeper import CaseKeeper
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
    from textual.command import Provider

    from assistant.catalogue import Catalogue
    from assistant.contacts import ContactBook
    from assistant.engine import Session, Tree
    from assistant.training import TrainingRun
    from assistant.tui.delivery import Delivery

textual_fixes.apply()

# Below this width the side panel hides itself (the transcript needs the room).
NARROW = 100

COMMANDS_HELP = (
    "Answer with the number keys 1-9, or type a number or the start of an answer; Enter accepts "
    "the highlighted one. Commands: back, restart, why (the full paragraph), cite 2.3.2, "
    "search WORDS, date YYYY-MM-DD (offence date), export, help. Select an earlier answer "
    "(click, or Tab to it and Enter) to change it."
)


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
        app = self.app
        if not self.value and isinstance(app, AssistantApp):
            character = event.character or ""
            # ASCII digits only: "²" (AltGr+2) is a character to type, not an answer key.
            if character in tuple("123456789") and app.number_key_answers():
                event.prevent_default()
                event.stop()
                self.post_message(self.AnswerKey(int(character)))
                return
            if event.key in ("up", "down") and app.move_highlight(-1 if event.key == "up" else 1):
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


def assistant_commands() -> type[Provider]:
    """The palette's provider, imported when the palette is first opened."""
    from assistant.tui.palette import AssistantCommands

    return AssistantCommands


class AssistantApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "CR assistant"
    COMMANDS = App.COMMANDS | {assistant_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+r", "restart", "Restart"),
        Binding("ctrl+s", "export", "Export"),
        # Help before the F-keys: on an 80-column terminal the footer's last keys are cut off.
        Binding("f1", "help", "Help"),
        Binding("f2", "toggle_panel", "Panel"),
        Binding("f3", "toggle_trainer_view", "Trainer"),
        Binding("f4", "toggle_theme", "Theme"),
        Binding("f5", "show_matrix", "Matrix"),
        # Ctrl+C quits as in any terminal program (Textual's default only says to press Ctrl+Q).
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("pageup", "scroll_transcript(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_transcript(1)", "Scroll down", show=False),
        *(Binding(str(n), f"answer_number({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(
        self,
        catalogue: Catalogue,
        tree_id: str | None = None,
        today: dt.date | None = None,
        offence_date: dt.date | None = None,
        export_folder: Path | None = None,
        contacts: ContactBook | None = None,
        train: list[str] | None = None,
        delivery: Delivery | None = None,
    ) -> None:
        from assistant.tui.delivery import DiskFiles

        super().__init__()
        # Where exported files go: the disk, or the browser when served (assistant/serve).
        self.delivery: Delivery = delivery or DiskFiles()
        # Training mode (``run --train [SCENARIO...]``): the scenarios named, or all of the tree's.
        self.train = train
        self.training: TrainingRun | None = None  # the scenario being walked, in a sitting
        self.sitting_flow = SittingFlow(self)
        self.catalogue = catalogue
        self.requested_tree = tree_id
        # A fixed date for tests and snapshots; otherwise today's.
        self.fixed_today = today
        self.offence_date = offence_date
        self.export_folder = export_folder
        self._contacts = contacts
        self._tree: Tree | None = None
        self.session: Session | None = None
        self.trainer_view = False
        # None: the panel follows the terminal width; True/False: the officer's choice.
        self.panel_choice: bool | None = None
        # Saves the case after every answer and offers to resume it (assistant/tui/keeper.py).
        self.keeper = CaseKeeper(self)

    # -- attributes other helpers use ----------------------------------------------------------
    @property
    def corpus(self) -> Any:
        return self.catalogue.corpus

    @property  # type: ignore[override]
    def tree(self) -> Tree | None:
        """The decision tree being walked (shadows DOMNode.tree, a debugging view)."""
        return self._tree

    @tree.setter
    def tree(self, value: Tree | None) -> None:
        self._tree = value

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
        # (_mount_chrome): the first frame is the question, without waiting for them.
        with Horizontal(id="body"):
            with Transcript(id="transcript"):
                yield from self._opening()
            yield SidePanel(id="side")
        yield ChatInput(placeholder=self.input_hint(), id="chat")

    def _mount_chrome(self) -> None:
        if closing(self):  # Ctrl+Q before the first frame
            return
        from textual.widgets import Header  # imported, like the footer, after the first frame

        from assistant.tui.widgets.footer import KeysFooter

        base = self.screen_stack[0]  # a dialog may be on top by now
        base.mount(Header(show_clock=False, icon="§"), before=base.query_one("#body"))
        base.mount(KeysFooter(compact=True))

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
        self._exit_on_termination()
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
        gc.freeze()

    def on_unmount(self) -> None:
        # Closed: what start-up froze may be collected again (a process that runs several apps,
        # as the tests do, would otherwise keep every one of them).
        gc.unfreeze()
        for signum in self._termination_signals():
            asyncio.get_running_loop().remove_signal_handler(signum)

    # SIGTERM (kill, a shutdown) and SIGHUP (the terminal or SSH session closed) would end the
    # process at once, leaving the terminal raw, without echo, on the alternate screen with mouse
    # tracking on. Handled, they close the app as Ctrl+Q does: the terminal is given back and the
    # case, saved after every answer, stays to be resumed.
    @staticmethod
    def _termination_signals() -> tuple[signal.Signals, ...]:
        if sys.platform == "win32" or threading.current_thread() is not threading.main_thread():
            return ()
        return (signal.SIGTERM, signal.SIGHUP)

    def _exit_on_termination(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._termination_signals():
            loop.add_signal_handler(signum, self._terminated, signum)

    def _terminated(self, signum: int) -> None:
        self.exit(return_code=128 + signum)  # the shell's status for a process a signal ended

    async def _tree_chosen(self, tree_id: str | None) -> None:
        if tree_id is None:
            self.exit(1)
            return
        from assistant.preferences import remember_tree

        remember_tree(tree_id)
        await self._start_tree(tree_id)

    def _open_tree(self, tree_id: str) -> str:
        """Load the tree and start a walk of it; the opening line of its transcript."""
        from assistant.engine import Session

        tree = self.catalogue.tree(tree_id)
        self.tree = tree
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
            await self._say(f"✘ {error.problems[0]}", "error")
            return
        await self.transcript.remove_children()
        await self._say(intro)
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
        await self._say(problem, "error")
        self.train = None
        await self._show_current()
        self.keeper.tree_started(tree_id)

    async def walk_scenario(self, run: TrainingRun) -> None:
        """Show a training scenario's walk, its paragraphs held back until each answer."""
        self.training = run
        self.tree = run.tree
        self.session = run.session
        await self.transcript.remove_children()
        await self._say(
            f"Training: {run.scenario.title}. Each question's paragraph is shown once you have "
            "answered it."
        )
        await self._show_current()

    async def end_training(self) -> None:
        """The sitting is over: back to an ordinary walk of the tree."""
        self.train = None
        self.training = None
        if self.tree is not None:
            await self._start_tree(self.tree.id)

    # -- the transcript --------------------------------------------------------------------------
    async def _say(self, text: str, kind: str = "note") -> None:
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
            self.call_after_refresh(self._refresh_panel)
            if self.training is None:
                self.call_after_refresh(self.keeper.save)  # reaching the result removes the save
        else:
            await self.transcript.mount(self._question_widget())
            self._question_shown()

    def _question_widget(self) -> QuestionMessage:
        session = self._session()
        return QuestionMessage(
            session.current,
            sum(1 for step in session.steps if step.node.kind == "question") + 1,
            len(session.steps),
            self.corpus,
            session.tree.meta.primary_document,
            offered=session.offered(),
            default=session.default(),
            current=True,
            path=tuple(step.node.id for step in session.steps),
            show_citations=self.training is None,
            trainer=self.trainer_view,
        )

    def input_hint(self) -> str:
        """What the chat input's placeholder says: whether a digit answers at once."""
        if self.number_key_answers():
            return "1-9, an answer or a command (help)"
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
        if self.session is None or self._exit:
            return
        session = self.session
        if session.finished:
            # A toast, not a note: stray keys must not scroll the result away; one toast, not a
            # stack of them covering the result.
            self.clear_notifications()
            self.notify("The walk has reached its result: change an answer, back or restart.")
            return
        node = session.current
        step_index = len(session.steps)
        try:
            session.answer(choice)
        except AnswerError as error:
            await self._say(f"✘ {error}", "error")
            return
        # One repaint for the whole change (answered question folded, reply, next question):
        # without the batch, Textual paints each step and the next question waits a frame.
        with self.batch_update():
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

    async def action_answer_number(self, number: int) -> None:
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
            await self._say(f"✘ {error}", "error")
            return
        await self._trim_from(len(session.steps))
        await self._say(
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

    async def handle_text(self, text: str) -> None:
        """One line from the chat input: an answer, a command, or a question."""
        from assistant.engine import AnswerError, UnknownAnswer
        from assistant.engine.session import match_answer

        if self.session is None:
            return
        session = self.session
        if not text:
            widget = self.current_question()
            options = widget.options() if widget is not None else None
            if options is not None and options.highlighted is not None:
                await self.answer(options.highlighted + 1)
            elif not session.finished:
                await self._say(f"Choose an answer: 1-{len(session.offered())}.")
            return
        word, _, rest = text.partition(" ")
        command = word.lower()
        rest = rest.strip()
        if command in ("back", "b") and not rest:
            await self.action_back()
        elif command == "restart" and not rest:
            await self.action_restart()
        elif command in ("why", "?") and not rest and self.training is not None:
            await self._echo(text)
            await self._say("In training, the paragraph is shown once you have answered.")
        elif command in ("why", "?") and not rest:
            await self._echo(text)
            for citation in session.current.cite:
                self.show_paragraph(citation)
        elif command == "cite" and rest:
            await self._echo(text)
            self.show_cited(rest)
        elif command == "search" and rest:
            await self._echo(text)
            self.show_search(rest)
        elif command == "date":
            await self._echo(text)
            await self.set_offence_date(rest)
        elif command == "export" and not rest:
            self.action_export()
        elif command in ("help", "h") and not rest:
            await self._echo(text)
            await self._say(COMMANDS_HELP)
        elif session.finished:
            await self._echo(text)
            self._answer_free_text(text)
        else:
            try:
                chosen = match_answer(session.offered(), text)
            except UnknownAnswer:
                # Words that are no answer may be a question for the guidance.
                await self._echo(text)
                self._answer_free_text(text)
                return
            except AnswerError as error:  # a vague answer or a number that is none
                await self._echo(text)
                await self._say(f"✘ {error}", "error")
                return
            await self.answer(chosen.label)

    async def _echo(self, text: str) -> None:
        await self.transcript.mount(UserLine(text))

    def _answer_free_text(self, text: str) -> None:
        """A question in the officer's own words, answered with the guidance's paragraphs."""
        from assistant.guidance_answers import answer_question, reply_markdown

        if self.tree is None:
            return
        reply = answer_question(text, self.corpus, self.tree)
        lines = [reply_markdown(reply)]
        lines += ["", "Type `cite` and a paragraph id for the whole paragraph."]
        title = (
            "Not an answer to this question. In the guidance"
            if self.session and not (self.session.finished)
            else "In the guidance"
        )
        self._say_later(MarkdownReply(f"{title}:", "\n".join(lines)))

    async def set_offence_date(self, text: str) -> None:
        from assistant.engine.session import offence_date
        from assistant.errors import InputError

        try:
            date = offence_date(text, self.today)
        except InputError as error:
            await self._say(f"✘ {error}", "error")
            return
        self.offence_date = date
        session = self._session()
        session.offence_date = date
        await self._say(f"Offence date: {date:%d %B %Y}.")
        if session.finished:
            await self._trim_from(len(session.steps) + 1)
            await self._show_result()

    # -- public methods (the palette and other screens call these) -------------------------------
    def show_paragraph(self, citation: str) -> None:
        from assistant.errors import InputError
        from assistant.tui.widgets.messages import paragraph_markdown

        default = self.tree.meta.primary_document if self.tree is not None else None
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

        default = self.tree.meta.primary_document if self.tree is not None else None
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
        hits = self.corpus.search(words, 5)
        if not hits:
            self._say_later(NoteMessage(f"No paragraph matches '{words}'."))
            return
        lines = [f"- **{hit.paragraph.citation}**: {hit.snippet}" for hit in hits]
        lines.append("")
        lines.append("Type `cite` and a paragraph id for the whole paragraph.")
        self._say_later(MarkdownReply(f"{title} ('{words}'):", "\n".join(lines)))

    def switch_tree(self, tree_id: str) -> None:
        from assistant.preferences import remember_tree

        remember_tree(tree_id)
        self.run_worker(self._start_tree(tree_id), group="tree")

    def toggle_trainer_view(self) -> None:
        self.trainer_view = not self.trainer_view
        self.set_class(self.trainer_view, "trainer")
        for question in (*self.query(AnsweredQuestion), *self.query(QuestionMessage)):
            question.show_trainer(self.trainer_view)
        self._refresh_panel()
        state = "on: node ids and the path taken are shown" if self.trainer_view else "off"
        self.notify(f"Trainer view {state}.")

    def show_matrix(self) -> None:
        from assistant.tui.screens.matrix import MatrixScreen

        if self.tree is not None:
            self.push_screen(MatrixScreen(self.tree))

    # -- actions ---------------------------------------------------------------------------------
    # These change the walk, which is only on screen when no other screen is on top of it
    # (a training briefing, the chooser, a dialog): there they would act on a hidden session.
    _WALK_ACTIONS = frozenset({"back", "restart", "export", "answer_number"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self._WALK_ACTIONS and len(self.screen_stack) > 1)

    async def action_back(self) -> None:
        session = self._session()
        if not session.steps:
            await self._say("This is the first question: there is nothing to go back to.")
            return
        session.back()
        await self._trim_from(len(session.steps))
        await self._say("↩ Back one question. Your earlier answer is pre-selected.")
        await self._show_current()

    async def action_restart(self) -> None:
        session = self._session()
        session.restart()
        await self.transcript.remove_children()
        await self._say("Started again: every answer was cleared.")
        await self._show_current()

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
            self._say_later(NoteMessage(f"✔ Rationale {where}"))
            self.notify(where[:1].upper() + where[1:])

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        elif event.button.id == "start-again":
            await self.action_restart()

    def action_toggle_panel(self) -> None:
        self.panel_choice = not self.query_one(SidePanel).display
        self._apply_panel()

    def _apply_panel(self) -> None:
        wide = self.size.width >= NARROW
        self.query_one(SidePanel).show(self.panel_choice if self.panel_choice is not None else wide)

    def on_resize(self, event: events.Resize) -> None:
        self._apply_panel()

    def action_scroll_transcript(self, direction: int) -> None:
        if direction < 0:
            self.transcript.scroll_page_up(animate=False)
        else:
            self.transcript.scroll_page_down(animate=False)

    def action_show_matrix(self) -> None:
        self.show_matrix()

    def action_toggle_trainer_view(self) -> None:
        self.toggle_trainer_view()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_help(self) -> None:
        from assistant.tui.screens.help import HelpScreen

        keys = [
            (binding.key_display or self.get_key_display(binding), binding.description)
            for binding in (item.binding for item in self.active_bindings.values())
            if binding.description
        ]
        keys.append(("1-9", "answer with that number (Enter accepts the highlighted answer)"))
        keys.append(("Tab, Enter", "on an earlier answer: go back and change it"))
        self.push_screen(HelpScreen(keys))
