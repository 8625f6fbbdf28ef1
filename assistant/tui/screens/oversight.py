"""The oversight report as a screen: bar charts (textual-plotext) of cases by outcome, by month,
special-case routes and authorisations by role, the reasons and changed answers as text, and a
filter by unit and period. Opened by ``cr-assistant oversight view`` or the palette command
"Oversight report"; Escape closes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Select, Static
from textual_plotext import PlotextPlot

from assistant.errors import InputError
from assistant.record.query import OversightQuery
from assistant.record.report import Count, OversightReport

# Bars are labelled by id: titles are sentences, listed under the charts instead.
_LABEL_WIDTH = 28
ALL_UNITS = "all units"


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_WIDTH else text[: _LABEL_WIDTH - 1] + "…"


class BarChart(PlotextPlot):
    """One horizontal bar chart of counts, with a title."""

    DEFAULT_CSS = "BarChart { height: 12; min-width: 40; }"

    def __init__(self, title: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = title

    def show(self, rows: Sequence[Count], by_id: bool = True) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(self.title if rows else f"{self.title}: none")
        if rows:
            labels = [_short(row.id if by_id else row.label) for row in rows]
            plt.bar(labels, [row.count for row in rows], orientation="horizontal", width=0.4)
            # Whole numbers of cases on the axis (plotext would show 0.25, 0.50 ...).
            top = max(row.count for row in rows)
            step = max(1, -(-top // 5))
            ticks = [float(tick) for tick in range(0, top + step, step)]
            plt.xticks(ticks, [str(int(tick)) for tick in ticks])
            plt.xlim(0, ticks[-1])
        self.styles.height = max(8, 2 * len(rows) + 5)
        self.refresh()


class OversightScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = """
    OversightScreen #filters { height: auto; padding: 0 1; }
    OversightScreen #filters Input { width: 16; }
    OversightScreen #filters Select { width: 30; }
    OversightScreen #summary { padding: 0 1; }
    OversightScreen .details { padding: 0 1 1 1; }
    """

    def __init__(self, query: OversightQuery) -> None:
        super().__init__()
        self.query_source = query

    def compose(self) -> ComposeResult:
        yield Header()
        units = [(ALL_UNITS, ALL_UNITS), *((unit, unit) for unit in self.query_source.units())]
        with Horizontal(id="filters"):
            yield Select(units, value=ALL_UNITS, allow_blank=False, id="unit")
            yield Input(placeholder="from YYYY-MM-DD", id="from")
            yield Input(placeholder="to YYYY-MM-DD", id="to")
            yield Button("Show", id="show", variant="primary")
        with VerticalScroll():
            yield Static(id="summary")
            yield BarChart("Cases by outcome", id="by_outcome")
            yield BarChart("Cases by month", id="by_month")
            yield BarChart("Cases by unit", id="by_unit")
            yield BarChart("Special-case routes", id="special_cases")
            yield BarChart("Authorisations by role (cases)", id="authorisations")
            yield Static(id="details", classes="details", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        query = self.query_source
        if query.start:
            self.query_one("#from", Input).value = query.start.isoformat()
        if query.end:
            self.query_one("#to", Input).value = query.end.isoformat()
        if query.unit_name and query.unit_name in query.units():
            self.query_one("#unit", Select).value = query.unit_name
        self.refresh_report()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "show":
            self.refresh_report()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.refresh_report()

    def filters(self) -> tuple[dt.date | None, dt.date | None, str | None]:
        """The period and unit chosen; InputError (one line) for a date that is not one."""
        dates = []
        for name in ("from", "to"):
            text = self.query_one(f"#{name}", Input).value.strip()
            try:
                dates.append(dt.date.fromisoformat(text) if text else None)
            except ValueError:
                raise InputError(f"'{text[:20]}' is not a date: write it as YYYY-MM-DD") from None
        unit = self.query_one("#unit", Select).value
        start, end = dates
        if start and end and start > end:
            raise InputError(f"'from' {start} is after 'to' {end}: swap them")
        return start, end, None if unit == ALL_UNITS else str(unit)

    def refresh_report(self) -> None:
        summary = self.query_one("#summary", Static)
        try:
            start, end, unit = self.filters()
            report = self.query_source.report(start, end, unit)
        except InputError as error:
            summary.update(f"✘ {error.problems[0]}")
            return
        self.show(report)

    def show(self, report: OversightReport) -> None:
        scope = (
            f"{report.period_from or 'the first record'} to {report.period_to or 'today'}, "
            f"{report.unit or ALL_UNITS}"
        )
        lines = f"Decision records, {scope}: {report.cases} case(s)"
        if report.altered:
            lines += f"\n⚠ {report.altered} record(s) no longer match their digest"
        self.query_one("#summary", Static).update(lines)
        self.query_one("#by_outcome", BarChart).show(report.by_outcome)
        self.query_one("#by_month", BarChart).show(report.by_month)
        self.query_one("#by_unit", BarChart).show(report.by_unit, by_id=False)
        self.query_one("#special_cases", BarChart).show(report.special_cases_counts())
        self.query_one("#authorisations", BarChart).show(report.authorisations)
        self.query_one("#details", Static).update("\n".join(details(report)))

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1 and not isinstance(self.app, OversightApp):
            self.app.pop_screen()
        else:
            self.app.exit(0)


def details(report: OversightReport) -> list[str]:
    """What the charts label by id, in words: outcomes, routes and their reasons, readings and
    the answers changed that changed the outcome."""
    lines = ["Outcomes:"]
    lines += [f"  {row.count:>4}  {row.id}: {row.label}" for row in report.by_outcome] or ["  none"]
    lines += ["", "Special-case routes and who authorised them:"]
    for case in report.special_cases:
        lines.append(f"  {case.count:>4}  {case.id}: {case.label} ({', '.join(case.cite)})")
        lines += [f"          {reason.label} x{reason.count}" for reason in case.reasons]
    if not report.special_cases:
        lines.append("  none")
    lines += ["", "Readings relied on:"]
    lines += [f"  {row.count:>4}  {row.label}" for row in report.readings] or ["  none"]
    lines += ["", "Answers changed that changed the outcome:"]
    lines += [
        f"  {item.recorded_at}  {item.unit}: {item.question_id} changed, "
        f"{item.outcome_before} -> {item.outcome_after}"
        for item in report.changed
    ] or ["  none"]
    return lines


class OversightApp(App[int]):
    """``cr-assistant oversight view``: the screen on its own."""

    TITLE = "CR assistant: oversight"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+c", "quit", "Quit", show=False)]

    def __init__(self, query: OversightQuery) -> None:
        super().__init__()
        self.query_source = query

    def on_mount(self) -> None:
        self.push_screen(OversightScreen(self.query_source))


def run_oversight_view(query: OversightQuery) -> int:
    app = OversightApp(query)
    app.run()
    return app.return_code or 0


def open_oversight(app: Any) -> None:
    """The palette command: the report over this run's database (the settings' otherwise)."""
    try:
        query = OversightQuery.open(app.catalogue, getattr(app.recorder, "target", None))
    except InputError as error:
        app.notify(error.problems[0], severity="error")
        return
    app.push_screen(OversightScreen(query))
