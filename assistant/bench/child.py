"""Run in a fresh process by the TUI benchmarks: ``python -m assistant.bench.child MODE``.

Modes: ``start-tui`` / ``start-minimal`` start the app headless and print one line when the
first frame showing a question is rendered; ``keys-tui`` / ``keys-minimal`` answer question
after question (a number key, and Enter where the digit is only typed) and print the time from
each answer's last key to the next question. Output lines are
``KEY value ...`` so the parent can read them past anything else the app prints.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
from typing import Any

TREE = "kent-o32g"
TIMEOUT = 10.0  # seconds to wait for a question before giving up


def _ready_line() -> str:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    return f"READY {time.perf_counter():.6f} {cpu:.6f} {_peak_rss_kb(usage.ru_maxrss)}"


def _peak_rss_kb(fallback: int) -> int:
    """Peak resident memory of this process in kB. VmHWM, because Linux carries ru_maxrss
    over from the parent when it forks (a big benchmark process would hide the child's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return fallback


def _minimal_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    class Minimal(App[None]):
        """One Static shown as a question; "1" mounts the next, as a chat transcript does."""

        BINDINGS = [Binding("1", "next", "Next")]  # noqa: RUF012

        def compose(self) -> ComposeResult:
            with VerticalScroll(id="transcript"):
                yield Static("Question 1: is the person 18 or over?", classes="question current")

        async def action_next(self) -> None:
            questions = self.query(".question")
            questions.last().remove_class("current")
            text = f"Question {len(questions) + 1}: is the next condition met?"
            await self.query_one("#transcript").mount(Static(text, classes="question current"))

    return Minimal()


def _tui_app() -> Any:
    from assistant.catalogue import Catalogue
    from assistant.tui.app import AssistantApp

    return AssistantApp(Catalogue.from_options(None), tree_id=TREE)


async def _first_question(app: Any) -> None:
    deadline = time.perf_counter() + TIMEOUT
    while not app.query(".question"):
        if time.perf_counter() > deadline:
            raise TimeoutError("no .question widget appeared")
        await asyncio.sleep(0.0005)


def start(make: Any, chrome: bool) -> None:
    """Print READY when the first frame showing a question is rendered; with ``chrome``, also
    FULL when the first frame showing the key bindings footer too is rendered.

    Headless, Textual renders every frame but writes none: App._display receives each one, so
    it is wrapped (the same way for both apps) to see the first frame in which a ``.question``
    widget (and the Footer) has been laid out on screen."""
    app = make()
    render_frame = app._display
    shown = False

    def laid_out(selector: str) -> bool:
        found = app.query(selector)
        return bool(found) and bool(found.first().region.height)

    def display(screen: Any, update: Any) -> None:
        nonlocal shown
        render_frame(screen, update)
        if update is None or app._batch_count:
            return
        if not shown and laid_out(".question"):
            shown = True
            print(_ready_line(), flush=True)
        if shown and (not chrome or laid_out("Footer")):
            print(_ready_line().replace("READY", "FULL"), flush=True)
            app.exit()

    app._display = display
    app.run(headless=True)


def answer_keys() -> list[list[str]]:
    """The keys that walk the longest of the tree's first few thousand paths, one list per
    answer: its number key, then Enter where one digit does not answer at once (the last key of
    each list is the one timed)."""
    from assistant.catalogue import Catalogue
    from assistant.engine import Session
    from assistant.engine.session import number_key_answers
    from assistant.engine.walk import walk_all

    tree = Catalogue.from_options(None).tree(TREE)
    longest = max(walk_all(tree, limit=3000), key=lambda path: len(path.answers))
    labels = dict(longest.answers)
    session = Session(tree)
    keys: list[list[str]] = []
    while not session.finished:
        node = session.current
        offered = [answer.label for answer in session.offered()]
        number = 1 if node.kind == "info" else offered.index(labels[node.id]) + 1
        at_once = number_key_answers(session.offered())
        keys.append([str(number)] if at_once else [str(number), "enter"])
        session.answer(number)
    return keys


async def _keys(make: Any, keys: list[list[str]]) -> None:
    """Time from an answer's last key reaching the app to the next question's first paint."""
    from textual import events

    app = make()
    async with app.run_test(size=(110, 40)) as pilot:
        await _first_question(app)
        await pilot.pause()
        for *typed, key in keys:
            for untimed in typed:  # a digit typed into the chat input, before its Enter
                app.post_message(events.Key(untimed, _character(untimed)))
                await pilot.pause()
            before = app.query(".question.current")
            previous = before.last() if before else None
            painted = asyncio.Event()
            started = time.perf_counter()
            app.post_message(events.Key(key, _character(key)))
            deadline = started + TIMEOUT
            while True:
                now = app.query(".question.current")
                if (now and now.last() is not previous) or app.query("#result"):
                    break
                if time.perf_counter() > deadline:
                    print("STUCK", flush=True)
                    return
                await asyncio.sleep(0.0002)
            app.call_after_refresh(painted.set)
            await painted.wait()
            print(f"PRESS {time.perf_counter() - started:.6f}", flush=True)
            if app.query("#result"):
                print("RESULT", flush=True)
                return
            await pilot.pause()  # settle before the next press (not timed)


def _character(key: str) -> str:
    # As a terminal sends them: Enter is a carriage return, not the printable word "enter".
    return "\r" if key == "enter" else key


def main() -> None:
    mode = sys.argv[1]
    make = _tui_app if mode.endswith("tui") else _minimal_app
    if mode.startswith("start"):
        start(make, chrome=mode.endswith("tui"))
    else:
        keys = answer_keys()
        asyncio.run(_keys(make, keys if mode.endswith("tui") else [["1"]] * len(keys)))


if __name__ == "__main__":
    main()
