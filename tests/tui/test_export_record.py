"""The TUI's export as a decision record: the case's details typed in the dialog, checked, and
written only into the file saved."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static

from assistant.tui.app import AssistantApp
from tests.tui.test_app import ADULT_THEFT, press


async def test_the_export_dialog_takes_the_case_details_and_checks_them(
    make_app: Callable[..., AssistantApp], tmp_path: Path, _private_data_folder: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, *ADULT_THEFT)
        await press(pilot, "ctrl+s")
        screen = app.screen
        target = tmp_path / "case.txt"
        screen.query_one("#export-path", Input).value = str(target)
        screen.query_one("#export-officer", Input).value = "PC 1234\x1b[2J Example"
        await press(pilot, "enter")
        message = str(screen.query_one("#export-message", Static).render())
        assert message.startswith("✘ the officer contains an escape") and not target.exists()
        screen.query_one("#export-officer", Input).value = "PC 1234 Example"
        screen.query_one("#export-crime-ref", Input).value = "12/34567/26"
        screen.query_one("#export-rationale", Input).value = "Admitted at the scene; first offence."
        screen.query_one("#export-path", Input).focus()
        await press(pilot, "enter")
        text = target.read_text(encoding="utf-8")
        assert "Crime reference: 12/34567/26" in text and "Officer: PC 1234 Example" in text
        assert "Rationale: Admitted at the scene; first offence." in text
        assert "- [ ]" not in text and "**" not in text
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # Nothing typed is kept by the assistant: only the file saved holds it.
    kept = [p for p in _private_data_folder.rglob("*") if p.is_file()]
    assert not any("12/34567/26" in p.read_text(errors="replace") for p in kept)
