"""The engine is reachable without the TUI, and deferred imports stay deferred."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def loaded_modules(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True
    )
    return set(result.stdout.split())


def test_engine_and_corpus_do_not_import_textual() -> None:
    modules = loaded_modules(
        "from assistant.catalogue import Catalogue\n"
        "from assistant.engine import Session\n"
        "Session(Catalogue().tree('kent-o32g')).answer(1)"
    )
    assert "assistant.engine.session" in modules
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}


def test_the_command_line_parser_imports_nothing_heavy() -> None:
    modules = loaded_modules("from assistant.cli import build_parser\nbuild_parser()")
    heavy = {"textual", "networkx", "markdown_it", "sqlite3"}
    assert not {m.split(".")[0] for m in modules} & heavy
