"""Choose which tree (which force's procedure) to walk when the catalogue holds several."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from assistant.tui.textual_fixes import closing
from assistant.tui.widgets.marked import MarkedOptionList


class TreeChooser(ModalScreen[str | None]):
    """Dismisses with the chosen tree id, or None when the officer presses Escape (and confirms).

    Only the tree files' headers are read (``catalogue.tree_files``), so a tree that would fail
    validation can still be listed; loading it is the caller's business.
    """

    DEFAULT_CSS = """
    TreeChooser { align: center middle; }
    TreeChooser > Vertical {
        width: 80%; max-width: 90; height: auto; max-height: 80%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    TreeChooser OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Quit"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, catalogue: Any, last: str | None = None) -> None:
        super().__init__()
        self.trees = list(catalogue.tree_files.values())
        self.last = last

    def compose(self) -> ComposeResult:
        options = []
        for number, tree in enumerate(self.trees, start=1):
            force = f" - {tree.force}" if tree.force else ""
            remembered = "  (last used)" if tree.id == self.last else ""
            key = f"{number}. " if number < 10 else "   "
            text = f"{key}{tree.title}{force} ({tree.id}){remembered}"
            options.append(Option(Content(text), id=tree.id))
        with Vertical():
            yield Label("Which procedure? Enter or a number chooses, Escape quits.")
            yield MarkedOptionList(*options, id="trees")
        yield Footer()

    def on_mount(self) -> None:
        if closing(self):
            return
        options = self.query_one("#trees", OptionList)
        ids = [tree.id for tree in self.trees]
        options.highlighted = ids.index(self.last) if self.last in ids else 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.trees):
            self.dismiss(self.trees[number - 1].id)

    def action_cancel(self) -> None:
        # Escape here ends the program, so it asks first; the safe choice is to stay.
        from assistant.tui.screens.confirm import ConfirmLeave

        self.app.push_screen(
            ConfirmLeave(
                "Quit the CR assistant? No procedure has been chosen.", "Quit", "Choose a procedure"
            ),
            self._quit_confirmed,
        )

    def _quit_confirmed(self, quit_now: bool | None) -> None:
        if quit_now:
            self.dismiss(None)
