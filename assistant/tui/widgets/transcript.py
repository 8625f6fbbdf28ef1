"""The chat transcript: a VerticalScroll that keeps its newest lines in view."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Offset


class Transcript(VerticalScroll):
    """Anchored to the bottom (``anchor()``), so a new question is scrolled into view as it is
    laid out, in the same frame, rather than by a scroll in the frame after.

    Textual 8.2.8 anchors content shorter than the window with a negative scroll (its
    compositor does not clamp it), which would leave a blank band above a short transcript;
    the offset used to place the lines is clamped at the top instead.
    """

    @property
    def scroll_offset(self) -> Offset:
        offset = super().scroll_offset
        return offset if offset.y >= 0 else Offset(offset.x, 0)
