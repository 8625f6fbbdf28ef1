"""A question before something is thrown away, with the safe choice first and focused."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmLeave(ModalScreen[bool]):
    """Ask before something is thrown away: True to go ahead, False (Escape) to stay."""

    DEFAULT_CSS = """
    ConfirmLeave { align: center middle; }
    ConfirmLeave > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $warning; padding: 0 1;
        background: $surface;
    }
    ConfirmLeave HorizontalGroup { height: auto; margin-top: 1; }
    ConfirmLeave Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "stay", "Stay")]

    def __init__(self, question: str, leave: str, stay: str) -> None:
        super().__init__()
        self.question = question
        self.leave_label = leave
        self.stay_label = stay

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            with HorizontalGroup():
                yield Button(self.stay_label, variant="primary", id="stay")
                yield Button(self.leave_label, variant="error", id="leave")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "leave")

    def action_stay(self) -> None:
        self.dismiss(False)
