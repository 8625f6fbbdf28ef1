"""Export the rationale (Markdown or plain text) to a file the officer names.

The text comes from :mod:`assistant.report` (stamped with the tree, policy reference, version,
review status and date); the file is written by :func:`assistant.scenarios.write_atomic` (a
temporary file in the same folder, fsync, then linked into place), so there is never a
half-written file and an existing one is replaced only after the officer confirms.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

if TYPE_CHECKING:
    from assistant.corpus import Corpus
    from assistant.engine import Recommendation, Tree

FORMATS = {"markdown": ".md", "text": ".txt"}


def suggested_name(tree_id: str, today: dt.date, fmt: str = "markdown") -> str:
    return f"cr-rationale-{tree_id}-{today.isoformat()}{FORMATS[fmt]}"


def rationale_text(
    fmt: str, rec: Recommendation, tree: Tree, corpus: Corpus, today: dt.date
) -> str:
    """The exported text in either format, stamped the same way."""
    from assistant.report import rationale_markdown, result_lines

    if fmt == "markdown":
        return rationale_markdown(rec, tree, corpus, today=today)
    header = [
        f"Community Resolution rationale: {rec.disposal_label}",
        f"Produced: {today:%d %B %Y} by cr-assistant",
        "",
    ]
    return "\n".join(header + result_lines(rec, tree, corpus)) + "\n"


def write_export(path: Path, text: str, overwrite: bool = False) -> None:
    """Write atomically; raises InputError (one line) when it cannot or the file exists."""
    from assistant.scenarios.write import write_atomic

    write_atomic(path, text, overwrite=overwrite)


class ExportScreen(ModalScreen[Path | None]):
    """Ask where to save and in which format; dismiss with the path written, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, rec: Recommendation, tree: Tree, corpus: Corpus, today: dt.date, folder: Path
    ) -> None:
        super().__init__()
        self.rec = rec
        self.policy_tree = tree
        self.corpus = corpus
        self.today = today
        self.folder = folder
        # The path the officer has been warned about; a second Save overwrites it.
        self._confirm: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label("Export the rationale")
            with RadioSet(id="export-format"):
                yield RadioButton("Markdown (.md)", value=True, id="fmt-markdown")
                yield RadioButton("Plain text (.txt)", id="fmt-text")
            yield Label("Save to (a file, or a folder for the suggested name):")
            yield Input(
                str(self.folder / suggested_name(self.policy_tree.id, self.today)), id="export-path"
            )
            yield Static("", markup=False, id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Save", id="export-save", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @property
    def format(self) -> str:
        return "text" if self.query_one("#fmt-text", RadioButton).value else "markdown"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        field = self.query_one("#export-path", Input)
        path = Path(field.value)
        if path.suffix in FORMATS.values():
            field.value = str(path.with_suffix(FORMATS[self.format]))
        self._confirm = None

    def on_input_changed(self, event: Input.Changed) -> None:
        self._confirm = None
        self.query_one("#export-message", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-save":
            self.save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def save(self) -> None:
        from assistant.errors import InputError

        message = self.query_one("#export-message", Static)
        typed = self.query_one("#export-path", Input).value.strip()
        if not typed:
            message.update("✘ Type a file name or a folder.")
            return
        path = Path(typed).expanduser()
        if path.is_dir():
            path = path / suggested_name(self.policy_tree.id, self.today, self.format)
        overwrite = self._confirm == path
        if path.exists() and not overwrite:
            self._confirm = path
            message.update(f"⚠ {path.name} already exists: press Save again to replace it.")
            return
        text = rationale_text(self.format, self.rec, self.policy_tree, self.corpus, self.today)
        try:
            write_export(path, text, overwrite=overwrite)
        except InputError as error:
            message.update(f"✘ {error.problems[0]}")
            self._confirm = None
            return
        self.dismiss(path)
