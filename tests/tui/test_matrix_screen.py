"""MatrixScreen shows the tree's authorisation matrix and closes with Escape."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from assistant.engine import Tree
from assistant.matrix import authorisation_matrix
from assistant.tui.screens.matrix import MatrixScreen


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host", id="host")


def test_matrix_screen_lists_every_row_and_escape_closes(o32g: Tree) -> None:
    matrix = authorisation_matrix(o32g)

    async def run() -> None:
        app = Host()
        async with app.run_test(size=(160, 50)) as pilot:
            await app.push_screen(MatrixScreen(o32g))
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MatrixScreen)
            table = screen.query_one("#authorisations", DataTable)
            assert table.row_count == len(matrix.rows)
            names = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
            assert {"Superintendent", "Substantive Inspector", "Youth Justice Team"} <= names
            first = table.get_row_at(0)
            assert first[0] == "Superintendent" and "O32g 2.3.3" in str(first[1])
            # The highlighted row is shown in full underneath.
            detail = str(screen.query_one("#matrix-detail", Static).render())
            assert "Superintendent must authorise when" in detail
            await pilot.press("down")
            await pilot.pause()
            detail = str(screen.query_one("#matrix-detail", Static).render())
            assert matrix.rows[1].reason in detail
            await pilot.press("tab")
            await pilot.pause()
            detail = str(screen.query_one("#matrix-detail", Static).render())
            assert matrix.exclusions[0].outcome in detail
            exclusions = screen.query_one("#exclusions", DataTable)
            assert exclusions.row_count == len(matrix.exclusions)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, MatrixScreen)
            assert app.screen.query_one("#host", Static)

    asyncio.run(run())


async def test_the_assistant_opens_the_matrix_of_its_tree(make_app) -> None:
    app = make_app("kent-o32g")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.show_matrix()
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        assert app.screen.matrix.tree_id == "kent-o32g"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MatrixScreen)
