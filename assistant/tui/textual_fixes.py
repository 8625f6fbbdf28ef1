"""Guards for Textual bugs the TUI's random-key test found (Textual 8.2.8).

Kept apart from the app so each one can go when Textual fixes it; each has a regression test in
tests/tui/test_robust.py.
"""

from __future__ import annotations

from typing import Any

import textual.content
from textual import work
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.geometry import Offset
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import OptionList

from assistant.terminal_text import with_placeholders

_GUARDED = "_cr_assistant_guarded"


async def _nothing() -> None:
    return None


def apply() -> None:
    """Install the guards once (idempotent)."""
    original = OptionList._move_page
    if getattr(original, _GUARDED, False):
        return

    def _move_page(self: OptionList, direction: Any) -> None:
        # PageUp/PageDown on an option list that has options but no size yet (the command
        # palette's list just after a keystroke, before it is laid out) raised KeyError from
        # the empty line map. Nothing is on screen to page through, so there is nothing to do.
        if (self.highlighted or 0) not in self._index_to_line:
            return
        original(self, direction)

    setattr(_move_page, _GUARDED, True)
    OptionList._move_page = _move_page  # type: ignore[method-assign]

    widget_at = Screen.get_widget_and_offset_at

    def get_widget_and_offset_at(
        self: Screen[Any], x: int, y: int
    ) -> tuple[Widget | None, Offset | None]:
        # A click that arrives just after its widget was removed (Ctrl+B, Ctrl+R or a change
        # trims the transcript) still finds the widget in the last screen layout; starting a
        # text selection in it raised AttributeError (a removed widget has no parent). A removed
        # widget is not under the mouse any more.
        widget, offset = widget_at(self, x, y)
        if widget is not None and widget is not self and not widget.is_attached:
            return None, None
        return widget, offset

    Screen.get_widget_and_offset_at = get_widget_and_offset_at  # type: ignore[method-assign]

    dismiss = Screen.dismiss

    def dismiss_once(self: Screen[Any], result: Any = None) -> AwaitComplete:
        # Textual's dismiss runs this screen's callback, then pops whatever screen is on top.
        # Enter pressed twice quickly in the command palette dismissed it again after it had
        # left the stack (ScreenStackError); a dialog's Cancel arriving just after F1 or Ctrl+P
        # opened a screen over it closed that screen instead and left the dialog, whose next
        # Escape set its result twice (InvalidStateError). Only the screen on top is dismissed;
        # a late dismiss of another is ignored (the dialog stays, and Escape still closes it).
        if self is not self.app.screen:
            return AwaitComplete(_nothing())
        return dismiss(self, result)

    Screen.dismiss = dismiss_once  # type: ignore[method-assign]

    gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def gather_while_open(self: CommandPalette, search_value: str) -> None:
        # Typing in the command palette then Escape or Enter at once: the search still running
        # went on after the palette had closed, and finding its removed list raised NoMatches
        # in a worker, which ended the app. Nobody can see those hits any more.
        try:
            await gather(self, search_value)
        except NoMatches:
            if self in self.app.screen_stack and not self.app._exit:
                raise

    CommandPalette._gather_commands = gather_while_open  # type: ignore[method-assign]

    mount = Widget.mount

    def mount_unless_closing(self: Widget, *widgets: Widget, **where: Any) -> AwaitMount:
        # A key or click queued just before Ctrl+Q is handled while the screens are being taken
        # down: mounting its reply (or Textual's own help panel) into a removed container raised
        # MountError. The app is closing; nobody will see the widget.
        if self.app._exit and not self.is_attached:
            return AwaitMount(self, [])
        return mount(self, *widgets, **where)

    Widget.mount = mount_unless_closing  # type: ignore[method-assign]

    option_click = OptionList._on_click

    async def _on_click(self: OptionList, event: Any) -> None:
        # A click aimed at an option of the list as it was last painted, after the options
        # were replaced by fewer (the next question), raised IndexError. The option clicked is
        # gone; the click selects nothing.
        clicked = event.style.meta.get("option")
        if clicked is not None and clicked >= len(self._options):
            return
        await option_click(self, event)

    OptionList._on_click = _on_click  # type: ignore[method-assign]

    # Textual drops BEL, BS, VT, FF and CR from the text it shows but keeps ESC, so a label
    # with "\x1b]0;x\x07" retitled the window (OSC 52 would write the clipboard), and bidi
    # overrides reorder what is read. Every Content (Static, Markdown, Input) is made through
    # this function: what the terminal would obey is shown as U+FFFD instead.
    strip_control = textual.content._strip_control_codes

    def strip_and_show(text: str, *args: Any) -> str:
        return with_placeholders(strip_control(text, *args))

    textual.content._strip_control_codes = strip_and_show  # type: ignore[assignment]


def closing(node: DOMNode) -> bool:
    """True once the app is quitting: a screen mounted just before Ctrl+Q finds its own widgets
    already removed, so a mount handler that fills them in must do nothing."""
    return bool(node.app._exit)
