"""Offer to resume the case saved before a crash or a closed terminal."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from assistant.recovery import SavedSession


class ResumeScreen(ModalScreen[bool | None]):
    """Resume (y) -> True, Start afresh (n) -> False, Escape -> None (decide later: the saved
    case is kept and a new one starts, so nothing is lost by a stray key)."""

    DEFAULT_CSS = """
    ResumeScreen { align: center middle; }
    ResumeScreen > Vertical {
        width: 70; max-width: 95%; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ResumeScreen #resume-question { width: 100%; margin-bottom: 1; }
    ResumeScreen Horizontal { height: auto; width: 100%; }
    ResumeScreen Button { margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Resume"),
        Binding("n", "choose(False)", "Start afresh"),
        Binding("escape", "later", "Later", show=False),
    ]

    def __init__(self, saved: SavedSession) -> None:
        super().__init__()
        self.saved = saved

    @property
    def question(self) -> str:
        return f"Resume the case you were working on ({self.saved.describe()})?"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="resume-question")
            yield Label("y: resume it · n: start afresh (the saved case is discarded)")
            with Horizontal():
                yield Button("Resume", id="resume", variant="primary")
                yield Button("Start afresh", id="afresh")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "resume")

    def action_choose(self, resume: bool) -> None:
        self.dismiss(resume)

    def action_later(self) -> None:
        self.dismiss(None)
