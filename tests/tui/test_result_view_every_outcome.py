"""Issue 14 item 9 in the TUI, beyond three examples: for every bundled tree, one result of every
outcome with every combination of sections it can show (and a deferred outcome out of time),
the result view shows each section heading and each line of the presentation model, in order,
with its paragraphs, and nothing else: the same sections and lines as plain text, the Markdown
export and the JSON (tests/test_presentation.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from assistant.catalogue import Catalogue
from assistant.engine import Recommendation, Session, Tree
from assistant.engine.walk import WalkedPath, walk_all
from assistant.presentation import ResultModel, build_result
from assistant.tui.widgets.messages import ReplyMessage
from assistant.tui.widgets.result import ResultView

TODAY = dt.date(2026, 11, 23)


def layouts(paths: list[WalkedPath]) -> Iterator[Recommendation]:
    """One result per outcome and set of sections (with the kinds of line in each)."""
    seen: set[object] = set()
    for path in paths:
        rec = path.recommendation
        key = (
            rec.outcome_id,
            rec.completion_applies,
            len(rec.people_to_contact),
            any(person.covers for person in rec.people_to_contact),
            bool(rec.readings),
            any(duty.warning for duty in rec.obligations),
        )
        if key not in seen:
            seen.add(key)
            yield rec


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="host")


def wanted(model: ResultModel) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (text, cites)
        for section in model.sections
        for text, cites in [(section.heading, ()), *((ln.text, ln.cite) for ln in section.lines)]
    ]


async def test_every_outcome_of_every_tree_shows_the_models_sections_and_lines(
    catalogue: Catalogue, o32g_paths: list[WalkedPath]
) -> None:
    results: list[tuple[str, Tree, Recommendation]] = []
    for tree_id in sorted(catalogue.tree_files):
        tree = catalogue.tree(tree_id)
        paths = o32g_paths if tree_id == "kent-o32g" else list(walk_all(tree))
        results += [(tree_id, tree, rec) for rec in layouts(paths)]
        deferred = next((p for p in paths if p.recommendation.completion_applies), None)
        if deferred is not None:
            session = Session(tree, offence_date=TODAY - dt.timedelta(weeks=20), today=TODAY)
            for _, label in deferred.answers:
                session.answer(label)
            results.append((f"{tree_id} out of time", tree, session.recommendation()))
    assert len(results) > 30
    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        host = app.query_one("#host", VerticalScroll)
        for name, tree, rec in results:
            view = ResultView(rec, tree, catalogue.corpus, None, TODAY)
            await host.mount(view)
            await pilot.pause()
            shown = [
                str(widget.render())
                for widget in view.query(Static)
                if widget.has_class("result-line") or isinstance(widget, ReplyMessage)
            ]
            expected = wanted(build_result(rec, tree, catalogue.corpus, TODAY))
            where = f"{name}: {rec.outcome_id}"
            assert len(shown) == len(expected), f"{where}: {len(shown)} lines for {len(expected)}"
            for got, (text, cites) in zip(shown, expected, strict=True):
                assert text in got, f"{where}: {text!r} not in {got!r}"
                assert all(cite in got for cite in cites), f"{where}: {cites} not in {got!r}"
            await view.remove()
