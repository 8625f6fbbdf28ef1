"""Guards for Textual bugs the TUI's random-key test found (Textual 8.2.8).

Kept apart from the app so each one can go when Textual fixes it; each has a regression test in
tests/tui/test_robust.py. Each replaces a private part of Textual, so each first checks that the
part exists: a Textual that renamed it gets the app unguarded (and one log line naming what is
missing), never an AttributeError at start-up. pyproject.toml pins the Textual versions these
were tested with, and tests/tui/test_textual_range.py fails when the installed one leaves that
range or a part is missing, so each guard is looked at again (and removed once fixed upstream).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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
_log = logging.getLogger(__name__)
# The parts of Textual a guard needed and did not find (logged once each).
_missing: list[str] = []


async def _nothing() -> None:
    return None


def missing() -> list[str]:
    """What the guards could not find in the installed Textual (empty when all are in place)."""
    return list(_missing)


def _absent(part: str, seen: list[str]) -> None:
    if part not in seen:
        seen.append(part)
        _log.warning(
            "Textual %s has no %s: its guard is not installed (see textual_fixes.py)",
            textual.__version__,
            part,
        )


def _has(owner: object, *names: str, seen: list[str] = _missing) -> bool:
    """Whether ``owner`` has each of ``names``; logs the first that is missing, once."""
    for name in names:
        if not hasattr(owner, name):
            _absent(f"{getattr(owner, '__name__', owner)}.{name}", seen)
            return False
    return True


def guard(
    owner: Any,
    name: str,
    make: Callable[[Any], Any],
    *needs: str,
    seen: list[str] = _missing,
) -> bool:
    """Replace ``owner.name`` by ``make(original)``, once, when it and the attributes
    ``needs`` exist; otherwise log the missing part once (in ``seen``) and change nothing.
    Whether the guard is in place."""
    if not _has(owner, name, *needs, seen=seen):
        return False
    original = getattr(owner, name)
    if not getattr(original, _GUARDED, False):
        replacement = make(original)
        setattr(replacement, _GUARDED, True)
        setattr(owner, name, replacement)
    return True


def apply() -> None:
    """Install the guards once (idempotent)."""

    def guard_move_page(original: Any) -> Any:
        def _move_page(self: OptionList, direction: Any) -> None:
            # PageUp/PageDown on an option list that has options but no size yet (the command
            # palette's list just after a keystroke, before it is laid out) raised KeyError from
            # the empty line map. Nothing is on screen to page through, so there is nothing to
            # do.
            if (self.highlighted or 0) not in self._index_to_line:
                return
            original(self, direction)

        return _move_page

    guard(OptionList, "_move_page", guard_move_page, "_index_to_line")

    def guard_widget_at(widget_at: Any) -> Any:
        def get_widget_and_offset_at(
            self: Screen[Any], x: int, y: int
        ) -> tuple[Widget | None, Offset | None]:
            # A click that arrives just after its widget was removed (Ctrl+B, Ctrl+R or a change
            # trims the transcript) still finds the widget in the last screen layout; starting
            # a text selection in it raised AttributeError (a removed widget has no parent). A
            # removed widget is not under the mouse any more.
            widget, offset = widget_at(self, x, y)
            if widget is not None and widget is not self and not widget.is_attached:
                return None, None
            return widget, offset

        return get_widget_and_offset_at

    guard(Screen, "get_widget_and_offset_at", guard_widget_at)

    def guard_dismiss(dismiss: Any) -> Any:
        def dismiss_once(self: Screen[Any], result: Any = None) -> AwaitComplete:
            # Textual's dismiss runs this screen's callback, then pops whatever screen is on
            # top. Enter pressed twice quickly in the command palette dismissed it again after
            # it had left the stack (ScreenStackError); a dialog's Cancel arriving just after F1
            # or Ctrl+P opened a screen over it closed that screen instead and left the dialog,
            # whose next Escape set its result twice (InvalidStateError). Only the screen on top
            # is dismissed; a late dismiss of another is ignored (the dialog stays, and Escape
            # still closes it).
            if self is not self.app.screen:
                return AwaitComplete(_nothing())
            result_: AwaitComplete = dismiss(self, result)
            return result_

        return dismiss_once

    guard(Screen, "dismiss", guard_dismiss)

    def guard_gather(gathering: Any) -> Any:
        gather = gathering.__wrapped__

        @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
        async def gather_while_open(self: CommandPalette, search_value: str) -> None:
            # Typing in the command palette then Escape or Enter at once: the search still
            # running went on after the palette had closed, and finding its removed list raised
            # NoMatches in a worker, which ended the app. Nobody can see those hits any more.
            try:
                await gather(self, search_value)
            except NoMatches:
                if self in self.app.screen_stack and not closing(self):
                    raise

        return gather_while_open

    # Textual's own is a worker: the guard wraps the function inside it.
    if _has(CommandPalette, "_gather_commands") and _has(
        CommandPalette._gather_commands, "__wrapped__"
    ):
        guard(CommandPalette, "_gather_commands", guard_gather, "_GATHER_COMMANDS_GROUP")

    def guard_mount(mount: Any) -> Any:
        def mount_unless_closing(self: Widget, *widgets: Widget, **where: Any) -> AwaitMount:
            # A key or click queued just before Ctrl+Q is handled while the screens are being
            # taken down: mounting its reply (or Textual's own help panel) into a removed
            # container raised MountError. The app is closing; nobody will see the widget.
            if closing(self) and not self.is_attached:
                return AwaitMount(self, [])
            mounted: AwaitMount = mount(self, *widgets, **where)
            return mounted

        return mount_unless_closing

    guard(Widget, "mount", guard_mount)

    def guard_option_click(option_click: Any) -> Any:
        async def _on_click(self: OptionList, event: Any) -> None:
            # A click aimed at an option of the list as it was last painted, after the options
            # were replaced by fewer (the next question), raised IndexError. The option clicked
            # is gone; the click selects nothing.
            clicked = event.style.meta.get("option")
            if clicked is not None and clicked >= self.option_count:
                return
            await option_click(self, event)

        return _on_click

    guard(OptionList, "_on_click", guard_option_click)

    # Textual drops BEL, BS, VT, FF and CR from the text it shows but keeps ESC, so a label
    # with "\x1b]0;x\x07" retitled the window (OSC 52 would write the clipboard), and bidi
    # overrides reorder what is read. Every Content (Static, Markdown, Input) is made through
    # this function: what the terminal would obey is shown as U+FFFD instead.
    def guard_strip(strip_control: Any) -> Any:
        def strip_and_show(text: str, *args: Any) -> str:
            return with_placeholders(strip_control(text, *args))

        return strip_and_show

    guard(textual.content, "_strip_control_codes", guard_strip)


def closing(node: DOMNode) -> bool:
    """True once the app is quitting (it has a return code: Ctrl+Q, a signal, an error): a
    screen mounted just before Ctrl+Q finds its own widgets already removed, so a mount handler
    that fills them in must do nothing."""
    return node.app.return_code is not None
