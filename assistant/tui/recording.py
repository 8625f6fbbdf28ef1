"""The TUI's decision-record hook: once a result is on screen, its case is recorded; a record
that could not be written is a warning toast (the case waits in the queue), never an error."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from assistant.engine import Session
    from assistant.record.recorder import Recorder


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


def record_shown(app: App[int], recorder: Recorder, session: Session) -> None:
    # The notices from opening the record (shown in the terminal too), once, with the first case.
    for notice in recorder.notices:
        app.notify(_sentence(notice), severity="warning", timeout=15)
    recorder.notices.clear()
    problem = recorder.result_shown(session)
    if problem:
        app.notify(_sentence(problem), severity="warning", timeout=15)
