"""The TUI application: the chat is its screen (:class:`~assistant.tui.screens.main.MainScreen`);
the app holds what lasts as long as the process: the styles, the keys that work on every screen
(help, theme, quit), the command palette and the signals that close it cleanly.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from assistant.tui import textual_fixes
from assistant.tui.delivery import DiskFiles
from assistant.tui.screens.main import MainScreen, WalkSettings

if TYPE_CHECKING:
    from textual.command import Provider

    from assistant.catalogue import Catalogue
    from assistant.contacts import ContactBook
    from assistant.corpus import Corpus
    from assistant.engine import Session
    from assistant.record.recorder import Recorder
    from assistant.tui.delivery import Delivery

textual_fixes.apply()


def assistant_commands() -> type[Provider]:
    """The palette's provider, imported when the palette is first opened."""
    from assistant.tui.palette import AssistantCommands

    return AssistantCommands


class AssistantApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "CR assistant"
    COMMANDS = App.COMMANDS | {assistant_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("f4", "toggle_theme", "Theme"),
        # Ctrl+C quits as in any terminal program (Textual's default only says to press Ctrl+Q).
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
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
        recorder: Recorder | None = None,
        delivery: Delivery | None = None,
    ) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.main = MainScreen(
            WalkSettings(
                catalogue,
                tree_id,
                today,
                offence_date,
                export_folder,
                contacts,
                train,
                recorder,
                delivery or DiskFiles(),
            )
        )

    def get_default_screen(self) -> MainScreen:
        return self.main

    # -- what the palette calls (assistant/tui/host.py's PaletteHost), passed to the chat ------
    # Each runs in the chat screen's turn, in order with what it is doing (see in_screen_turn).
    @property
    def corpus(self) -> Corpus:
        return self.catalogue.corpus

    @property
    def session(self) -> Session | None:
        """The walk on screen."""
        return self.main.session

    def show_paragraph(self, citation: str) -> None:
        self.main.call_next(self.main.show_paragraph, citation)

    def show_search(self, words: str) -> None:
        self.main.call_next(self.main.show_search, words)

    def switch_tree(self, tree_id: str) -> None:
        self.main.switch_tree(tree_id)  # starts a worker: nothing to wait for

    def toggle_trainer_view(self) -> None:
        self.main.call_next(self.main.toggle_trainer_view)

    def show_matrix(self) -> None:
        self.main.call_next(self.main.show_matrix)

    # -- running ---------------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._exit_on_termination()

    def on_unmount(self) -> None:
        # Closed: what start-up froze (MainScreen.on_mount) may be collected again (a process
        # that runs several apps, as the tests do, would otherwise keep every one of them).
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

    # -- keys on every screen --------------------------------------------------------------------
    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    async def action_quit(self) -> None:
        # Ctrl+Q (and Ctrl+C, and "quit" typed) in a training sitting whose results are not yet
        # in a report asks first; a case, saved after every answer, needs no asking.
        from assistant.tui.screens.confirm import ConfirmLeave

        if isinstance(self.screen, ConfirmLeave) or not self.main.sitting_flow.unsaved_results():
            self.exit()
            return
        self.push_screen(
            ConfirmLeave(
                "The sitting's results are not saved in a report yet: quitting now loses them.",
                "Quit without saving",
                "Stay",
            ),
            self._quit_confirmed,
        )

    def _quit_confirmed(self, quit_now: bool | None) -> None:
        if quit_now:
            self.exit()

    def action_help(self) -> None:
        from assistant.tui.keylist import ANSWER_KEYS, keys_in_force
        from assistant.tui.screens.help import HelpScreen

        keys = keys_in_force(self, ANSWER_KEYS)
        self.push_screen(HelpScreen(keys.app_keys, editing=keys.editing_keys))


if TYPE_CHECKING:
    from assistant.tui.host import PaletteHost

    def _offers_the_palette_what_it_needs(app: AssistantApp) -> PaletteHost:
        return app  # mypy checks AssistantApp against the Protocol
