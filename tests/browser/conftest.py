"""Browser tests: Debian's Chromium driven by Playwright (see tests/browser/terminal.py).

They need /usr/bin/chromium (Debian's packages chromium and chromium-driver; .ci/run installs
them) and never download a browser.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from tests.browser.terminal import CHROMIUM

os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = None
    if importlib.util.find_spec("playwright") is None:
        missing = "playwright is not installed (pip install -e '.[test]')"
    elif not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)"
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.slow)
            if missing:
                item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(autouse=True)
def _own_config(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server and its sessions never touch the real user's folders."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CR_ASSISTANT_CONTACTS", str(tmp_path / "config" / "contacts.toml"))
