"""The engine is reachable without the TUI, and deferred imports stay deferred."""

from __future__ import annotations

import subprocess
import sys

import pytest

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


def test_the_tui_defers_what_its_first_frame_does_not_need() -> None:
    # Start-up is measured against a minimal Textual app (python -m assistant.bench): these are
    # imported when first used (the chrome, the palette, the saved cases, validation, Markdown).
    modules = loaded_modules(
        "import gc\n"
        "from assistant.catalogue import Catalogue\n"
        "from assistant.tui.app import AssistantApp\n"
        "app = AssistantApp(Catalogue(), tree_id='kent-o32g')\n"
        "list(app.main._opening())\n"
        "gc.collect()"
    )
    assert "assistant.tui.app" in modules and "assistant.engine.session" in modules
    deferred = {
        "textual.widgets._header",  # the title bar and footer come a frame after the question
        "assistant.tui.widgets.footer",
        "assistant.tui.palette",
        "assistant.recovery",
        "networkx",
        "markdown_it",
        "assistant.engine.validate",
    }
    assert not deferred & modules


@pytest.mark.slow
def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    """No import cycle depends on which module a command happens to import first (a cycle
    through assistant.engine's package once broke `cr-assistant scenarios run`)."""
    from concurrent.futures import ThreadPoolExecutor

    names = sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPO / "assistant").rglob("*.py")
        if "__main__" not in path.name
    )

    def imports(name: str) -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, cwd=REPO
        )
        return name, done.stderr.strip().splitlines()[-1] if done.returncode else ""

    with ThreadPoolExecutor(max_workers=4) as pool:
        failed = {name: error for name, error in pool.map(imports, names) if error}
    assert not failed, failed
