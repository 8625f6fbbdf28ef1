"""The key bindings footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen


class KeysFooter(Footer):
    """Textual's Footer, which rebuilds its dozen key widgets whenever the screen's bindings
    may have changed (every focus change; several times while the app starts). This one
    rebuilds only when what it would show (keys, descriptions, enabled, tooltips) differs."""

    _shown: tuple[object, ...] | None = None
    _ready = False

    def on_mount(self) -> None:
        # Mounted after the first frame, when the screen has already announced its bindings.
        # (Textual calls Footer.on_mount as well, which subscribes to later changes.)
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not self._ready:
            # The first time, Textual's own: it marks the footer ready to show the keys.
            self._ready = True
            super().bindings_changed(screen)
            return
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    def _keys_shown(self) -> tuple[object, ...]:
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
