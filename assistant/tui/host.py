"""What the TUI's helpers need from the screen that shows the walk (their host).

The resume flow (:mod:`assistant.tui.keeper`), the training sitting (:mod:`assistant.tui.sitting`)
and the palette (:mod:`assistant.tui.palette`) are written against these Protocols rather than
the App class, so they import no module that imports them (no cycle), call nothing private, and
run with any host that offers the same, such as the tests' stub (tests/tui/stubhost.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from assistant.catalogue import Catalogue
    from assistant.corpus import Corpus
    from assistant.engine import Session, Tree
    from assistant.training import TrainingRun
    from assistant.tui.delivery import Delivery


class PaletteHost(Protocol):
    """What the command palette shows and calls."""

    @property
    def catalogue(self) -> Catalogue: ...

    @property
    def corpus(self) -> Corpus: ...

    def show_paragraph(self, citation: str) -> None: ...

    def show_search(self, words: str) -> None: ...

    def switch_tree(self, tree_id: str) -> None: ...

    def toggle_trainer_view(self) -> None: ...

    def show_matrix(self) -> None: ...


class ScreenHost(Protocol):
    """Textual's own: pushing a screen and a toast."""

    def push_screen(
        self, screen: Screen[Any], callback: Callable[[Any], Any] | None = ...
    ) -> Any: ...

    def notify(
        self,
        message: str,
        *,
        title: str = ...,
        severity: SeverityLevel = ...,
        timeout: float | None = ...,
    ) -> None: ...


class WalkHost(ScreenHost, Protocol):
    """The walk on screen, as the resume flow and the training sitting change it."""

    session: Session | None
    offence_date: dt.date | None
    training: TrainingRun | None
    delivery: Delivery

    @property
    def catalogue(self) -> Catalogue: ...

    @property
    def corpus(self) -> Corpus: ...

    @property
    def decision_tree(self) -> Tree | None: ...

    async def say(self, text: str, kind: str = "note") -> None: ...

    async def answer(self, choice: int | str) -> None: ...

    async def restart(self) -> None: ...

    async def walk_scenario(self, run: TrainingRun) -> None: ...

    async def end_training(self) -> None: ...
