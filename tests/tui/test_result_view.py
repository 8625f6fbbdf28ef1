"""The TUI's result view shows every section and line of the presentation model, and nothing
still to be done carries a tick (issue 14, items 8 and 9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from assistant.catalogue import Catalogue
from assistant.engine import Recommendation, Session, Tree
from assistant.engine.walk import WalkedPath
from assistant.presentation import build_result
from assistant.tui.widgets.messages import ReplyMessage
from assistant.tui.widgets.result import ResultView, section_rows

TODAY = dt.date(2026, 11, 23)


class ResultHost(App[None]):
    def __init__(self, view: ResultView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield self.view


def representatives(paths: list[WalkedPath], tree: Tree) -> dict[str, Recommendation]:
    """A CR with no authorisation, one with several people to contact (one covering a lower
    rank), a result that is not a CR, and a deferred CR whose 16-week limit has passed."""
    wanted: dict[str, Callable[[Recommendation], bool]] = {
        "cr": lambda rec: rec.is_cr and not rec.authorisations,
        "several": lambda rec: (
            len(rec.people_to_contact) > 1
            and any(person.covers for person in rec.people_to_contact)
        ),
        "not_cr": lambda rec: not rec.is_cr,
    }
    found = {
        name: next(path.recommendation for path in paths if test(path.recommendation))
        for name, test in wanted.items()
    }
    deferred = next(path for path in paths if path.recommendation.completion_applies)
    session = Session(tree, offence_date=TODAY - dt.timedelta(weeks=20), today=TODAY)
    for _, label in deferred.answers:
        session.answer(label)
    found["out_of_time"] = session.recommendation()
    return found


async def shown_lines(rec: Recommendation, tree: Tree, catalogue: Catalogue) -> list[str]:
    view = ResultView(rec, tree, catalogue.corpus, None, TODAY)
    async with ResultHost(view).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        return [
            str(widget.render())
            for widget in view.query(Static)
            if widget.has_class("result-line") or isinstance(widget, ReplyMessage)
        ]


async def test_the_result_view_shows_every_section_and_line_of_the_model(
    catalogue: Catalogue, o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    for name, rec in representatives(o32g_paths, o32g).items():
        model = build_result(rec, o32g, catalogue.corpus, TODAY)
        shown = await shown_lines(rec, o32g, catalogue)
        wanted = [
            text
            for section in model.sections
            for text in [section.heading, *(line.text for line in section.lines)]
        ]
        # In order, one widget each: nothing left out (the Why section included), nothing added.
        assert len(shown) == len(wanted), name
        for got, text in zip(shown, wanted, strict=True):
            assert text in got, f"{name}: {text!r} not in {got!r}"
        # The widgets are the rows section_rows lays out (tests/test_presentation.py checks
        # those rows against the model on every representative path).
        rows = [row for section in model.sections for row in section_rows(model, section)]
        for got, row in zip(shown, rows, strict=True):
            assert got == row.text or (row.answer_of and row.text in got), (name, got, row)
        for section in model.sections:
            for line in section.lines:
                for cite in line.cite:
                    assert any(cite in got and line.text in got for got in shown), (name, cite)
        assert model.section("why") is not None


async def test_nothing_still_to_obtain_carries_a_tick(
    catalogue: Catalogue, o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    for name, rec in representatives(o32g_paths, o32g).items():
        shown = await shown_lines(rec, o32g, catalogue)
        people = [
            line
            for line in shown
            if line.startswith("☐ ")
            and line[2:] in {person.role.name for person in rec.people_to_contact}
        ]
        assert len(people) == len(rec.people_to_contact), name
        ticked = [line for line in shown if "✔" in line]
        if name == "cr":
            assert ticked == [shown[1]], "only the headline of a CR with nothing to obtain"
        else:
            assert not ticked, name


async def test_a_passed_deferred_limit_heads_the_result_with_a_warning(
    catalogue: Catalogue, o32g: Tree, o32g_paths: list[WalkedPath]
) -> None:
    deferred = next(path for path in o32g_paths if path.recommendation.completion_applies)
    session = Session(o32g, offence_date=TODAY - dt.timedelta(weeks=20), today=TODAY)
    for _, label in deferred.answers:
        session.answer(label)
    rec = session.recommendation()
    shown = await shown_lines(rec, o32g, catalogue)
    assert shown[1].startswith("⚠ ") and rec.headline in shown[1]
    assert rec.headline != rec.title and not any("✔" in line for line in shown)
