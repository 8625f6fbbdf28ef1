"""The keys and the chat commands, on one screen."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label

from assistant.conversation import COMMAND_HELP
from assistant.tui.textual_fixes import closing

# What can be typed in the chat instead of an answer: the conversation's own list.
CHAT_COMMANDS: list[tuple[str, str]] = list(COMMAND_HELP)


class HelpScreen(ModalScreen[None]):
    """Three tables: the app's keys, the chat commands, then the text box's editing keys
    (each row: the key or command, what it does).

    Escape or q closes it; it dismisses with None.
    """

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100%; max-width: 100; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 1;
    }
    HelpScreen DataTable { height: auto; margin-bottom: 1; }
    HelpScreen .heading { text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(
        self,
        keys: list[tuple[str, str]],
        commands: list[tuple[str, str]] | None = None,
        editing: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__()
        self.keys = keys
        self.commands = CHAT_COMMANDS if commands is None else commands
        self.editing = editing or []

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label("Keys", classes="heading")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Label("Type in the chat", classes="heading")
            yield DataTable(id="commands", cursor_type="row", zebra_stripes=True)
            if self.editing:
                yield Label("Editing the text box", classes="heading")
                yield DataTable(id="editing", cursor_type="row", zebra_stripes=True)
            yield Label("Escape or q closes this help.")
        yield Footer()

    def on_mount(self) -> None:
        if closing(self):
            return
        for table_id, first, rows in (
            ("#keys", "Key", self.keys),
            ("#commands", "Command", self.commands),
            ("#editing", "Key", self.editing),
        ):
            if not rows:
                continue
            table = self.query_one(table_id, DataTable)
            # Widths fixed so that a long line wraps within an 80-column terminal, not cut off.
            table.add_column(first, width=max(len(key) for key, _ in rows))
            table.add_column(
                "What it does", width=self.app.size.width - 30 if self.app.size.width < 100 else 60
            )
            # Text, not markup: a key such as "[" must show as itself.
            for key, what in rows:
                table.add_row(Text(key), Text(what), height=None)

    def action_close(self) -> None:
        self.dismiss(None)
