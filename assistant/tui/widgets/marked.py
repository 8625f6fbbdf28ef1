"""An option list whose highlighted row (what Enter accepts) is marked by a symbol as well as by
colour: under NO_COLOR or on a Linux console the highlight's colours can be grey on grey."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

# Shown before the highlighted option; the others get the same width of blank, so nothing moves.
# Not ▶, which marks a folded paragraph; → is in the Linux console's font (TERM=linux).
MARK = "→ "
_BLANK = " " * len(MARK)


class MarkedOptionList(OptionList):
    """Options given as plain text (shown as typed, never read as markup)."""

    def __init__(self, *options: Option, **kwargs: Any) -> None:
        self._prompts = {index: str(option.prompt) for index, option in enumerate(options)}
        super().__init__(
            *(
                Option(Content(_BLANK + self._prompts[index]), id=option.id)
                for index, option in enumerate(options)
            ),
            **kwargs,
        )

    def watch_highlighted(self, highlighted: int | None) -> None:
        for index, prompt in self._prompts.items():
            mark = MARK if index == highlighted else _BLANK
            self.replace_option_prompt_at_index(index, Content(mark + prompt))
        self.refresh()
        super().watch_highlighted(highlighted)
