"""Text from the tree or the guidance put into Markdown: shown as written, never as layout.

Shared by the exported rationale (``report``) and the chat's Markdown replies
(``direct_answers``, ``guidance_answers``), so a reason with ``*``, ``_`` or ``[a](b)`` reads the
same everywhere.
"""

from __future__ import annotations

import re

from assistant.terminal_text import terminal_safe

# Characters Markdown reads as emphasis, links, code or an escape.
_SPECIAL = re.compile(r"([\\`*_\[\]])")


def escape_markdown(text: str) -> str:
    """Keep a line one line, and every character Markdown would read as layout literal; a
    control, bidi or zero-width character is written as \\uXXXX (an export read with ``cat``
    is a terminal too)."""
    return _SPECIAL.sub(r"\\\1", " ".join(terminal_safe(text).split()))
