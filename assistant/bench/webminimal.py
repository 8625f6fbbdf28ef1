"""The benchmarks' baseline for ``cr-assistant serve``: a minimal Textual app, served by the same
server the same way (``python -m assistant.bench.webminimal``, one process per browser tab).

It shows the assistant's first question as one Static, with an Input below taking the keys."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class MinimalServed(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Q1. How old was the offender at the time of the offence?")
        yield Input(placeholder="type here")

    def on_mount(self) -> None:
        self.query_one(Input).focus()


if __name__ == "__main__":
    MinimalServed().run()
