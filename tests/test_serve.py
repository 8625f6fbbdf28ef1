"""``cr-assistant serve`` without a browser: who may listen where, the token file, the cap on
sessions, what the page loads and what the log keeps (the browser tests are tests/browser)."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from assistant.serve.access import is_loopback
from tests.browser.terminal import running_server, serve_command


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode(errors="replace"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), dict(error.headers)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "intranet.example"])
def test_listening_beyond_this_machine_without_proxy_or_token_refuses_to_start(
    host: str,
) -> None:
    done = serve("--host", host, "--port", "0")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "--behind-proxy" in lines[0] and "--token-file" in lines[0]


def test_loopback_addresses_need_no_guard() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "10.0.0.1", "::", "example.org"]))


@pytest.mark.parametrize(
    ("content", "mode", "expected"),
    [
        ("a-long-enough-shared-token-123", 0o644, "chmod 600"),
        ("short", 0o600, "16 or more"),
        ("a token with spaces in it 1234", 0o600, "16 or more"),
    ],
)
def test_a_token_file_others_may_read_or_a_weak_token_refuses_to_start(
    tmp_path: Path, content: str, mode: int, expected: str
) -> None:
    token = tmp_path / "token"
    token.write_text(content)
    token.chmod(mode)
    done = serve("--host", "0.0.0.0", "--port", "0", "--token-file", str(token))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and expected in done.stderr
    assert content not in done.stderr  # the token is never printed


def test_a_token_file_that_is_a_link_or_missing_refuses_to_start(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.write_text("a-long-enough-shared-token-123")
    real.chmod(0o600)
    link = tmp_path / "link"
    link.symlink_to(real)
    for path, expected in ((link, "symbolic link"), (tmp_path / "none", "does not exist")):
        done = serve("--port", "0", "--token-file", str(path))
        assert done.returncode == 2 and expected in done.stderr, done.stderr


def test_the_browser_after_the_last_place_is_told_the_server_is_busy(tmp_path: Path) -> None:
    with running_server(tmp_path, "--tree", "kent-o32g", "--max-sessions", "1") as server:
        first, page, _ = get(server.url)
        busy, notice, headers = get(server.url)
    assert first == 200 and "/ws/" in page
    assert busy == 503 and "busy" in notice and "/ws/" not in notice
    assert headers.get("Retry-After")


def test_the_page_loads_nothing_from_another_machine(tmp_path: Path) -> None:
    with running_server(tmp_path, "--tree", "kent-o32g") as server:
        status, page, headers = get(server.url)
        references = re.findall(r'(?:src|href)="([^"]*)"|url\("([^"]*)"\)', page)
        addresses = [a or b for a, b in references]
        loaded = {address: get(server.url + address)[0] for address in addresses}
    assert status == 200 and addresses
    assert not [address for address in addresses if "//" in address or ":" in address]
    assert set(loaded.values()) == {200}, loaded
    assert "googleapis" not in page
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "Kent Police" in re.search(r"<title>(.*)</title>", page).group(1)


def test_the_log_keeps_no_address_and_no_query(tmp_path: Path) -> None:
    with running_server(tmp_path, "--tree", "kent-o32g") as server:
        get(server.url + "?fontsize=14&name=PC-1234")
        get(server.url + "static/nothing?token=secret-value")
    log = server.log()
    assert "GET / 200" in log and "GET /static/nothing 404" in log
    assert "PC-1234" not in log and "secret-value" not in log
    assert "127.0.0.1" not in log  # the line saying where it listens was read by the fixture


def test_the_serve_command_line_is_the_one_the_readme_gives() -> None:
    assert serve_command()[1:4] == ["-m", "assistant", "serve"]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "cr-assistant serve --tree kent-o32g" in readme
