"""Export the rationale (Markdown or plain text) to a file the officer names.

Where the file goes is the app's :class:`~assistant.tui.delivery.Delivery`: the disk in a
terminal, a browser download when served (``cr-assistant serve``).

The text comes from :mod:`assistant.report`, which renders the sections of
:mod:`assistant.presentation` (stamped with the tree, policy reference, version,
review status and date); the file is written by :func:`assistant.safefile.write_atomic` (a
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
from textual.widgets import Button, Input, Label, Static

if TYPE_CHECKING:
    from assistant.contacts import ContactBook
    from assistant.corpus import Corpus
    from assistant.engine import Recommendation, Tree
    from assistant.tui.delivery import Delivery

FORMATS = {"markdown": ".md", "text": ".txt"}


def suggested_name(tree_id: str, today: dt.date, fmt: str = "markdown") -> str:
    return f"cr-rationale-{tree_id}-{today.isoformat()}{FORMATS[fmt]}"


def rationale_text(
    fmt: str,
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    today: dt.date,
    contacts: ContactBook | None = None,
) -> str:
    """The exported text in either format, stamped the same way. ``contacts``: the local
    contacts the result on screen names, so the file says the same."""
    from assistant.presentation import build_result
    from assistant.report import rationale_markdown, text_lines

    if fmt == "markdown":
        return rationale_markdown(rec, tree, corpus, today=today, contacts=contacts)
    model = build_result(rec, tree, corpus, today, contacts)
    header = [model.title, f"Produced: {today:%d %B %Y} by cr-assistant", ""]
    return "\n".join(header + text_lines(model)) + "\n"


def write_export(path: Path, text: str, overwrite: bool = False) -> None:
    """Write atomically; raises InputError (one line) when it cannot or the file exists."""
    from assistant.safefile import write_atomic

    # Readable by the officer only: the rationale describes a real case.
    write_atomic(path, text, mode=0o600, overwrite=overwrite)


class ExportScreen(ModalScreen[str | None]):
    """Ask where to save and in which format; dismiss with where it went ("saved to PATH"),
    or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        rec: Recommendation,
        tree: Tree,
        corpus: Corpus,
        today: dt.date,
        folder: Path,
        contacts: ContactBook | None = None,
        delivery: Delivery | None = None,
    ) -> None:
        from assistant.tui.delivery import DiskFiles

        super().__init__()
        self.delivery = delivery or DiskFiles()
        self.rec = rec
        self.contacts = contacts
        self.policy_tree = tree
        self.corpus = corpus
        self.today = today
        self.folder = folder
        # The path the officer has been warned about; a second Save overwrites it.
        self._confirm: Path | None = None
        # The format chosen by button, for a folder (where the name has no suffix yet).
        self._format_choice: str | None = None
        self._renamed: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label("Export the rationale", classes="dialog-title")
            verb = self.delivery.verb
            yield Static(self.delivery.prompt, markup=False)
            name = suggested_name(self.policy_tree.id, self.today)
            yield Input(self.delivery.start_path(self.folder, name), id="export-path")
            yield Static("", markup=False, id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button(f"{verb} Markdown", id="export-markdown", compact=True)
                yield Button(f"{verb} plain text", id="export-text", compact=True)
                yield Button("Cancel (Esc)", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @property
    def format(self) -> str:
        """Plain text for a .txt file, otherwise Markdown."""
        typed = self.query_one("#export-path", Input).value.strip()
        return "text" if typed.lower().endswith(FORMATS["text"]) else "markdown"

    def choose_format(self, fmt: str) -> None:
        """Give the file name the format's suffix (a folder keeps its name)."""
        field = self.query_one("#export-path", Input)
        path = self.delivery.target(field.value.strip())
        if field.value.strip() and not self.delivery.is_folder(path):
            wanted = str(path.with_suffix(FORMATS[fmt]))
            if wanted != field.value:
                self._renamed = wanted
                field.value = wanted
        self._format_choice = fmt

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value == self._renamed:  # our own change of suffix, not the officer's typing
            self._renamed = None
            return
        self._confirm = None
        self.query_one("#export-message", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id in ("export-markdown", "export-text"):
            self.choose_format("text" if event.button.id == "export-text" else "markdown")
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
        path = self.delivery.target(typed)
        fmt = self.format
        if self.delivery.is_folder(path):
            fmt = self._format_choice or "markdown"
            path = path / suggested_name(self.policy_tree.id, self.today, fmt)
        overwrite = self._confirm == path
        if self.delivery.exists(path) and not overwrite:
            self._confirm = path
            message.update(
                f"⚠ {path.name} already exists: press Enter or Save again to replace it."
            )
            return
        text = rationale_text(
            fmt, self.rec, self.policy_tree, self.corpus, self.today, self.contacts
        )
        try:
            where = self.delivery.save(self.app, path, text, overwrite=overwrite)
        except InputError as error:
            message.update(f"✘ {error.problems[0]}")
            self._confirm = None
            return
        self.dismiss(where)
