"""``cr-assistant serve`` in Debian's Chromium: a whole case by clicks and keys, the export as
a download, phone and desktop layouts, the access token, and nothing fetched from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from assistant.engine import Session, Tree
from assistant.engine.session import number_key_answers
from assistant.engine.walk import WalkedPath
from tests.browser.terminal import (
    DESKTOP,
    PHONE,
    TITLE_BAR,
    chromium,
    running_server,
    screenshot,
    wait_for,
    wait_for_answer,
)


def first_case_with_authorisers(paths: list[WalkedPath]) -> WalkedPath:
    return min(
        (path for path in paths if path.recommendation.authorisations),
        key=lambda path: len(path.answers),
    )


def test_a_whole_case_in_the_browser_ends_with_its_authorisers_and_downloads_the_export(
    tmp_path: Path, o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    case = first_case_with_authorisers(o32g_paths)
    with running_server(tmp_path, "--tree", "kent-o32g") as server, chromium(DESKTOP) as browser:
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.on("websocket", lambda socket: requested.append(socket.url))
        page.goto(server.url)
        assert "Kent Police" in page.title() and "O32g" in page.title()

        # The first answer by a click on it, the others by their number keys.
        # The first answer by a click on it, the others by their numbers: a digit key alone
        # where it answers at once (the engine's rule), otherwise typed and Enter.
        walk = Session(o32g)
        for number, (_, label) in enumerate(case.answers, start=1):
            screen, row, column = wait_for_answer(page, number, label)
            digit = screen.rows[row][column]
            if number == 3:  # the case so far is saved, in this session's own folder
                saved = [p for f in server.session_folders() for p in f.rglob("*.json")]
                assert len(saved) == 1, saved
            if number == 1:
                page.mouse.click(*screen.point(row, column + 3))
            elif number_key_answers(walk.offered()):
                page.keyboard.press(digit)
            else:
                page.keyboard.type(digit)
                wait_for(page, rf"▊\s+{digit}\s+▎")  # in the chat input, as a person would see
                page.keyboard.press("Enter")
            walk.answer(label)

        recommendation = case.recommendation
        screen = wait_for(page, re.escape(recommendation.title))
        for needed in recommendation.authorisations:
            wait_for(page, re.escape(needed.role.name))
        screenshot(page, "desktop-result")
        # A case that ended is no longer kept on the server, even before the tab closes.
        assert not [p for f in server.session_folders() for p in f.rglob("*.json")]

        page.keyboard.press("Control+s")
        wait_for(page, "Download as")
        with page.expect_download() as download_info:
            page.keyboard.press("Enter")
        download = download_info.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        assert saved.name.startswith("cr-rationale-kent-o32g-")
        exported = saved.read_text(encoding="utf-8")
        assert recommendation.title in exported
        for needed in recommendation.authorisations:
            assert needed.role.name in exported
        wait_for(page, "sent to your browser as the download")
        page.close()

    # Nothing was written to the server's disk, and the session's folder went with it.
    assert list(server.cwd.iterdir()) == []
    assert server.session_folders() == []
    origin = urlsplit(server.url).netloc
    assert requested and all(urlsplit(url).netloc == origin for url in requested), requested


def test_the_first_question_fits_a_phone_and_a_desktop_and_a_tap_answers(
    tmp_path: Path, o32g: Tree
) -> None:
    question = o32g.start
    labels = [answer.label for answer in question.answers]
    with running_server(tmp_path, "--tree", "kent-o32g") as server:
        for name, viewport, phone in (("phone", PHONE, True), ("desktop", DESKTOP, False)):
            with chromium(viewport, phone=phone) as browser:
                page = browser.new_page()
                page.goto(server.url)
                wait_for(page, TITLE_BAR)
                screen = wait_for(page, re.escape(labels[-1]))
                screenshot(page, f"{name}-first-question")
                assert re.search(re.escape(question.text[:25]), screen.text), screen.text
                for number, label in enumerate(labels, start=1):  # each whole, on one row
                    whole = rf"\b{number}\. {re.escape(label)}(\s|$)"
                    assert screen.find(whole), f"{name}: {label!r} is cut:\n{screen.text}"
                overflow = page.evaluate(
                    "document.scrollingElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px"
                assert screen.left >= 0 and screen.left + screen.width <= viewport["width"]
                row, column = screen.find(re.escape(labels[-1])) or (0, 0)
                x, y = screen.point(row, column + 1)
                if phone:
                    page.touchscreen.tap(x, y)
                else:
                    page.mouse.click(x, y)
                wait_for(page, r"Q2\.")
                page.close()


def test_a_browser_without_the_token_is_refused_before_any_session_starts(
    tmp_path: Path,
) -> None:
    token = "browser-test-token-0123456789"
    token_file = tmp_path / "token"
    token_file.write_text(token + "\n")
    token_file.chmod(0o600)
    args = ("--tree", "kent-o32g", "--token-file", str(token_file))
    with running_server(tmp_path, *args) as server, chromium(DESKTOP) as browser:
        page = browser.new_page()
        response = page.goto(server.url)
        assert response is not None and response.status == 401
        assert "access token" in page.content()
        page.goto(server.url + "?token=wrong-token-0123456789")
        assert "access token" in page.content()
        page.wait_for_timeout(500)
        assert server.session_folders() == []

        page.goto(f"{server.url}?token={token}")
        wait_for(page, r"Q1\.")
        assert "token" not in page.url  # taken out of the address (and the history)
        page.close()
    log = server.log()
    assert token not in log
    assert "127.0.0.1" not in log.split("\n", 1)[-1]  # past the line saying where it listens
    assert log.count("session started") == 1
