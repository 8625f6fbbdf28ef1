"""Where a file the officer saves (the exported rationale, the training report) goes.

Chosen once, by how the app was started: in a terminal (``cr-assistant run``) the file is
written to the path the officer types; served to a browser (``cr-assistant serve``) it is offered
to the browser as a download (Textual's ``App.deliver_text``, which textual-serve hands to the
page) and nothing is written to the server's disk. The export and training screens ask their
:class:`Delivery` and never look at which one it is.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Protocol

from textual.app import App

MIME_TYPES = {".md": "text/markdown", ".txt": "text/plain"}


class Delivery(Protocol):
    #: A sentence telling the officer what the name field is for.
    prompt: str
    #: The verb on the screens' buttons and messages ("Save", "Download").
    verb: str

    def start_path(self, folder: Path, name: str) -> str:
        """The text the name field opens with."""
        ...

    def target(self, typed: str) -> Path:
        """The file the typed text names."""
        ...

    def is_folder(self, path: Path) -> bool:
        """Whether ``path`` is a folder (the suggested name then goes inside it)."""
        ...

    def exists(self, path: Path) -> bool:
        """Whether saving to ``path`` would replace a file (the officer confirms first)."""
        ...

    def save(self, app: App[Any], path: Path, text: str, *, overwrite: bool) -> str:
        """Deliver ``text``; the sentence saying where it went. Raises InputError (one line)."""
        ...


class DiskFiles:
    """The terminal: the file is written, atomically and readable by the officer only."""

    prompt = (
        "Save to: a file (.md Markdown, .txt plain text), or a folder for the suggested name. "
        "Enter saves."
    )
    verb = "Save"

    def start_path(self, folder: Path, name: str) -> str:
        return str(folder / name)

    def target(self, typed: str) -> Path:
        return Path(typed).expanduser()

    def is_folder(self, path: Path) -> bool:
        return path.is_dir()

    def exists(self, path: Path) -> bool:
        return path.exists()

    def save(self, app: App[Any], path: Path, text: str, *, overwrite: bool) -> str:
        from assistant.safefile import write_private  # atomic, readable by the officer only

        write_private(path, text, overwrite=overwrite)
        return f"saved to {path}"


class BrowserDownloads:
    """A browser: the file is sent to the officer's browser; the server keeps no copy.

    Only the file name is taken from what was typed: the server's folders are never looked at,
    listed or written, whatever is typed."""

    prompt = "Download as: a file name ending .md (Markdown) or .txt (plain text). Enter downloads."
    verb = "Download"

    def start_path(self, folder: Path, name: str) -> str:
        return name

    def target(self, typed: str) -> Path:
        return Path(Path(typed.replace("\\", "/")).name)

    def is_folder(self, path: Path) -> bool:
        return not path.name

    def exists(self, path: Path) -> bool:
        return False  # the browser keeps its own downloads apart (it renames, never replaces)

    def save(self, app: App[Any], path: Path, text: str, *, overwrite: bool) -> str:
        app.deliver_text(
            io.StringIO(text),
            save_filename=path.name,
            open_method="download",
            encoding="utf-8",
            mime_type=MIME_TYPES.get(path.suffix.lower(), "text/plain"),
        )
        return f"sent to your browser as the download {path.name}"
