"""The TUI's decision-record hook: once a result is on screen, its case is recorded; a record
that could not be written is a warning toast (the case waits in the queue), never an error."""

from __future__ import annotations

from typing import Any


def record_shown(app: Any, session: Any) -> None:
    recorder = app.recorder
    # The notices from opening the record (shown in the terminal too), once, with the first case.
    for notice in recorder.notices:
        app.notify(notice[0].upper() + notice[1:], severity="warning", timeout=15)
    recorder.notices.clear()
    problem = recorder.result_shown(session)
    if problem:
        app.notify(problem[0].upper() + problem[1:], severity="warning", timeout=15)
