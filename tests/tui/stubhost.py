"""A small host App for pilot tests of the screens and the palette.

It offers what assistant/tui/host.py's PaletteHost asks of a host (catalogue, corpus,
show_paragraph, show_search, switch_tree, toggle_trainer_view, show_matrix), with a tree and
a session, and records each call, so the tests can check what a screen or command asked the
app to do.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Label,
    Markdown,
    OptionList,
    RadioButton,
    Static,
)

from assistant.catalogue import Catalogue
from assistant.engine import Session
from assistant.tui.palette import AssistantCommands


class HostApp(App[None]):
    COMMANDS = App.COMMANDS | {AssistantCommands}

    def __init__(self, catalogue: Catalogue, tree_id: str = "kent-o32g") -> None:
        super().__init__()
        self.catalogue = catalogue
        self.corpus = catalogue.corpus
        self.decision_tree = catalogue.tree(tree_id)
        self.session = Session(self.decision_tree)
        self.calls: list[tuple[str, Any]] = []
        self.dismissed: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Label("host")

    def open(self, screen: Screen[Any]) -> None:
        """Push a screen and keep what it dismisses with."""
        self.push_screen(screen, callback=self.dismissed.append)

    def show_paragraph(self, citation: str) -> None:
        self.calls.append(("show_paragraph", citation))

    def show_search(self, words: str) -> None:
        self.calls.append(("show_search", words))

    def switch_tree(self, tree_id: str) -> None:
        self.calls.append(("switch_tree", tree_id))

    def toggle_trainer_view(self) -> None:
        self.calls.append(("toggle_trainer_view", None))

    def show_matrix(self) -> None:
        self.calls.append(("show_matrix", None))


def visible_text(screen: Screen[Any]) -> str:
    """The words on a screen: labels, Markdown sources, table cells and option prompts."""
    parts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, Markdown):
            parts.append(widget.source or "")
        elif isinstance(widget, (RadioButton, Checkbox)):
            parts.append(str(widget.label))
        elif isinstance(widget, Static) and not isinstance(widget.parent, Markdown):
            parts.append(str(widget.visual))
        elif isinstance(widget, DataTable):
            for row in range(widget.row_count):
                parts.append(" | ".join(str(cell) for cell in widget.get_row_at(row)))
        elif isinstance(widget, OptionList):
            for index in range(widget.option_count):
                parts.append(str(widget.get_option_at_index(index).prompt))
    return "\n".join(parts)


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async pilot test under plain pytest (no asyncio plugin is installed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def press_button(pilot: Pilot[None], selector: str) -> None:
    """Focus a button (scrolling it into view) and press Enter, as a keyboard user does."""
    pilot.app.screen.query_one(selector, Button).focus()
    await pilot.pause()
    await pilot.press("enter")
    # A button ignores presses during its 0.2 s "pressed" effect, as it would for a user.
    await pilot.pause(0.25)
