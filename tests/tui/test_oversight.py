"""The decision record in the TUI: a result shown is recorded (a changed answer replaces it with
the outcome before), and the oversight screen charts the records with a unit and period filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Select, Static

from assistant.catalogue import Catalogue
from assistant.record.model import build_record
from assistant.record.query import OversightQuery
from assistant.record.recorder import RecordQueue, start_recorder
from assistant.record.settings import RecordSettings
from assistant.record.store import open_store
from assistant.tui.app import AssistantApp
from assistant.tui.screens.oversight import BarChart, OversightApp
from tests.record.conftest import walk
from tests.test_session import ADULT_THEFT


def units(tmp_path: Path) -> RecordSettings:
    return RecordSettings(tmp_path / "settings.toml", units=("Maidstone OCU", "Medway CSU"))


async def test_a_result_shown_is_recorded_and_a_changed_answer_keeps_the_outcome_before(
    make_app: Callable[..., AssistantApp], tmp_path: Path
) -> None:
    target = str(tmp_path / "records.sqlite3")
    recorder = start_recorder(units(tmp_path), "medway-csu", target, RecordQueue(tmp_path / "q"))
    app = make_app(recorder=recorder)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for label in ADULT_THEFT:
            await app.main.answer(label)
        await pilot.pause()
        assert app.session is not None and app.session.finished
        await pilot.pause()
        [first] = open_store(target).cases()
        assert (first.unit, first.outcome_id, first.changed_from) == ("medway-csu", "cr", None)
        await app.main.change_answer("consent")
        await app.main.answer("No")  # the offender does not consent
        await pilot.pause()
        await pilot.pause()
    [record] = open_store(target).cases()
    assert record.case_key == first.case_key
    assert (record.changed_from, record.changed_question) == ("cr", "consent")
    assert record.outcome_id != "cr"


async def test_the_oversight_screen_charts_the_records_and_filters_by_unit_and_period(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    tree = catalogue.tree("kent-o32g")
    target = str(tmp_path / "records.sqlite3")
    store = open_store(target)
    march = dt.datetime(2026, 3, 10, 9, tzinfo=dt.UTC)
    for key, scenario, unit, moment in (
        ("a", "36-traffic-special-case", "medway-csu", march),
        ("b", "01-shop-theft-first-offence", "maidstone-ocu", march),
        ("c", "31-knife-no-exceptional-circumstances", "maidstone-ocu", march.replace(month=5)),
    ):
        session = walk(tree, scenario)
        store.write(
            build_record(tree, session.steps, session.recommendation(), key, unit, now=moment)
        )
    query = OversightQuery(catalogue, units(tmp_path), target)
    app = OversightApp(query)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        summary = screen.query_one("#summary", Static)
        assert "3 case(s)" in str(summary.render())
        chart = screen.query_one("#special_cases", BarChart)
        assert "traffic_special_case" in str(chart.render())
        details = str(screen.query_one("#details", Static).render())
        assert "Traffic offence dealt with as an excluded offence special case" in details
        screen.query_one("#unit", Select).value = "Maidstone OCU"
        screen.query_one("#to", Input).value = "2026-03-31"
        await pilot.click("#show")
        await pilot.pause()
        assert "Maidstone OCU: 1 case(s)" in str(summary.render())
        assert "Special-case routes: none" in str(
            screen.query_one("#special_cases", BarChart).render()
        )
        screen.query_one("#from", Input).value = "March"
        await pilot.pause(0.6)  # a second click at once would be a double click
        await pilot.click("#show")
        await pilot.pause()
        assert "'March' is not a date: write it as YYYY-MM-DD" in str(summary.render())
        await pilot.press("escape")
    assert app.return_code == 0
