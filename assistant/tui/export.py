"""Export the case record (Markdown, or plain text for a log field) to a file the officer
names, with the crime reference, the officer and their rationale if they type them.

The text comes from :mod:`assistant.case_record` (the sections of :mod:`assistant.presentation`
with the case's details and a block for each authorising supervisor); where it goes is the app's
:class:`~assistant.tui.delivery.Delivery`: in a terminal a file written atomically, 0600 (so
never half-written, and an existing one replaced only after the officer confirms); served
(``cr-assistant serve``) a browser download, nothing written on the server. What the officer
types lives only in this dialog's fields and the file saved.
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

from assistant.case_record import LIMITS

if TYPE_CHECKING:
    from assistant.case_record import CaseDetails, RecordFormat
    from assistant.contacts import ContactBook
    from assistant.corpus import Corpus
    from assistant.engine import Recommendation, Tree
    from assistant.tui.delivery import Delivery

FORMATS: dict[RecordFormat, str] = {"markdown": ".md", "text": ".txt"}
# The case's details the officer may add: (field id, label, checked_field's name for it).
DETAILS = (
    ("export-crime-ref", "Crime reference (optional)", "crime reference"),
    ("export-officer", "Officer (optional)", "officer"),
    ("export-rationale", "Your rationale, in your own words (optional)", "rationale"),
)


def suggested_name(tree_id: str, today: dt.date, fmt: RecordFormat = "markdown") -> str:
    return f"cr-rationale-{tree_id}-{today.isoformat()}{FORMATS[fmt]}"


def rationale_text(
    fmt: RecordFormat,
    rec: Recommendation,
    tree: Tree,
    corpus: Corpus,
    today: dt.date,
    contacts: ContactBook | None = None,
    details: CaseDetails | None = None,
) -> str:
    """The case record in either format (:mod:`assistant.case_record`). ``contacts``: the
    local contacts the result on screen names, so the file says the same."""
    from assistant.case_record import CaseDetails, record_document

    return record_document(fmt, rec, tree, corpus, details or CaseDetails(), today, contacts)


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
        self._format_choice: RecordFormat | None = None
        self._renamed: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label("Export the case record (for the crime log)", classes="dialog-title")
            # Typed here and written only into the file saved: never kept by the assistant.
            for field_id, label, name in DETAILS:
                yield Label(label)
                yield Input(id=field_id, compact=True, max_length=LIMITS[name])
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

    def details(self) -> CaseDetails:
        """What the officer typed, checked (InputError names the field to fix)."""
        from assistant.case_record import case_details

        typed = {name: self.query_one(f"#{field_id}", Input).value for field_id, _, name in DETAILS}
        return case_details(typed["crime reference"], typed["officer"], typed["rationale"])

    @property
    def format(self) -> RecordFormat:
        """Plain text for a .txt file, otherwise Markdown."""
        typed = self.query_one("#export-path", Input).value.strip()
        return "text" if typed.lower().endswith(FORMATS["text"]) else "markdown"

    def choose_format(self, fmt: RecordFormat) -> None:
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
        if event.input.id != "export-path":
            return
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
        try:
            details = self.details()
        except InputError as error:
            message.update(f"✘ {error.problems[0]}")
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
            fmt, self.rec, self.policy_tree, self.corpus, self.today, self.contacts, details
        )
        try:
            where = self.delivery.save(self.app, path, text, overwrite=overwrite)
        except InputError as error:
            message.update(f"✘ {error.problems[0]}")
            self._confirm = None
            return
        self.dismiss(where)
