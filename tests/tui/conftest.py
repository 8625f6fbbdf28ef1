from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.catalogue import Catalogue
from assistant.contacts import ContactBook
from assistant.tui.app import AssistantApp

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Preferences, contacts and saved cases in the test's own folder (tmp_path), never the
    real user's (tests/conftest.py pins the rest of the environment)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(tmp_path / "config" / "contacts.toml"))


@pytest.fixture
def make_app(catalogue: Catalogue, tmp_path: Path) -> Callable[..., AssistantApp]:
    def make(tree_id: str | None = "kent-o32g", **kwargs: object) -> AssistantApp:
        kwargs.setdefault("today", TODAY)
        kwargs.setdefault("export_folder", tmp_path)
        kwargs.setdefault("contacts", ContactBook(tmp_path / "no-contacts.toml"))
        return AssistantApp(catalogue, tree_id=tree_id, **kwargs)  # type: ignore[arg-type]

    return make
