"""The authorisation matrix as a screen: who must authorise what, and the hard exclusions.

Derived from the tree by :func:`assistant.matrix.authorisation_matrix`. Long cells are cut to fit;
the highlighted row is shown in full underneath. Escape closes the screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from assistant.engine import Tree
from assistant.matrix import AuthorisationMatrix, authorisation_matrix
from assistant.tui.textual_fixes import closing

_CELL = 48


def _cut(text: str, size: int = _CELL) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


class MatrixScreen(Screen[None]):
    """Two tables: the authorisations (highest rank first) and the exclusions."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    DEFAULT_CSS = """
    MatrixScreen .matrix-heading { text-style: bold; padding: 1 1 0 1; }
    MatrixScreen DataTable { height: auto; max-height: 24; margin: 0 1; }
    MatrixScreen #matrix-detail { padding: 1 2; border: round $primary; margin: 1 1 0 1; }
    """

    def __init__(self, tree: Tree) -> None:
        super().__init__()
        self.decision_tree = tree  # not .tree: Textual's DOM uses that name
        self.matrix: AuthorisationMatrix = authorisation_matrix(tree)

    def compose(self) -> ComposeResult:
        yield Static(
            f"Authorisation matrix: {self.matrix.title} ({self.matrix.tree_id})",
            classes="matrix-heading",
        )
        with VerticalScroll():
            yield Static("Who must authorise", classes="matrix-heading")
            yield DataTable(id="authorisations", zebra_stripes=True, cursor_type="row")
            yield Static(
                "Hard exclusions: these answers end without a Community Resolution",
                classes="matrix-heading",
            )
            yield DataTable(id="exclusions", zebra_stripes=True, cursor_type="row")
        yield Static("", id="matrix-detail")
        yield Footer()

    def on_mount(self) -> None:
        if closing(self):
            return
        rows = self.query_one("#authorisations", DataTable)
        rows.add_columns("Authoriser", "Paragraph", "Answer", "Question", "Only when", "Reason")
        for row in self.matrix.rows:
            rows.add_row(
                row.role_name,
                "; ".join(row.cite),
                _cut(row.answer),
                _cut(row.question),
                _cut(row.only_when, 36),
                _cut(row.reason),
            )
        exclusions = self.query_one("#exclusions", DataTable)
        exclusions.add_columns("Disposal", "Paragraph", "Answer", "Question", "Only when")
        for item in self.matrix.exclusions:
            exclusions.add_row(
                _cut(item.disposal, 40),
                "; ".join(item.cite),
                _cut(item.answer),
                _cut(item.question),
                _cut(item.only_when, 36),
            )
        rows.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self.focused:
            self._show(event.data_table)

    def on_descendant_focus(self) -> None:
        if isinstance(self.focused, DataTable):
            self._show(self.focused)

    def _show(self, table: DataTable[object]) -> None:
        """The highlighted row in full, so nothing cut from the table is lost."""
        detail = self.query_one("#matrix-detail", Static)
        index = table.cursor_row
        if table.id == "authorisations" and 0 <= index < len(self.matrix.rows):
            row = self.matrix.rows[index]
            detail.update(
                f"{row.role_name} must authorise when {row.condition}.\n"
                f"{row.reason}  [{'; '.join(row.cite)}]"
            )
        elif table.id == "exclusions" and 0 <= index < len(self.matrix.exclusions):
            item = self.matrix.exclusions[index]
            detail.update(
                f"{item.disposal}: {item.outcome}, when {item.condition}.  [{'; '.join(item.cite)}]"
            )

    def action_close(self) -> None:
        self.dismiss(None)
