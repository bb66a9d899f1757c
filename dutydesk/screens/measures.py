"""The test's measures on screen: today, this week, the last 30 days or every day.

Figures as text, and bar charts drawn in characters so they read without colour.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from dutydesk.domain import vocab
from dutydesk.domain.clock import day_label
from dutydesk.domain.measures import Measures, compute
from dutydesk.domain.records import COUNTED
from dutydesk.domain.report import bars, by_field_rows, outcome_labels, table
from dutydesk.domain.vocab import Lists
from dutydesk.domain.voices import latest_experiences
from dutydesk.paths import immediate_target_minutes
from dutydesk.widgets.base import duty
from dutydesk.widgets.literal import block
from dutydesk.widgets.work import load

PERIODS = {"today": 0, "week": 6, "month": 29}
RUN_DAYS = 20  # the run charts' days: the last recorded ones
RUN_MEASURES = {  # measure key: its label here (30 columns at most)
    "calls": "Calls received",
    "immediate_median_minutes": "IMMEDIATE to the AT (median)",
    "decisions": "Decisions made",
    "median_minutes_to_decision": "Time to decision (median)",
    "missed_working_day": "Missed one working day",
    "undecided_at_end": "Undecided at the end",
    "beyond_social_care": "Needs met beyond social care",
    "feedback_awaiting": "Decided, referrer not told",
}
RUN_LABEL = 30


class MeasuresScreen(Screen[None]):
    PALETTE_NAME = "measures"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Queue", id="measures-back", tooltip="back to the queue"),
        Binding("t", "period('today')", "Today", id="measures-today", tooltip="today's measures"),
        Binding("w", "period('week')", "7 days", id="measures-week", tooltip="the last 7 days"),
        Binding("l", "period('month')", "30 days", id="measures-month", tooltip="the last 30 days"),
        Binding("a", "period('all')", "All days", id="measures-all", tooltip="every day recorded"),
    ]
    HELP = "Definitions of every measure: docs/measures.md. Charts: one █ per share of the largest."

    def __init__(self) -> None:
        super().__init__()
        self.period = "today"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="measures"):
            yield Static(id="figures")
            yield Static(id="runs")
            yield Static(id="charts")
            yield Static(id="words")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.show_runs()
        self.query_one("#measures", VerticalScroll).focus()

    def show_runs(self) -> None:
        """The last RUN_DAYS recorded days, whatever the period shown: read once (in a
        thread; if it cannot be read, the figures above say so already)."""
        app = duty(self)
        store, last, now, lists = app.store, app.require_session().day, app.now(), app.lists

        def read() -> tuple[Measures, set[date]] | None:
            days = [d for d in store.session_days() if d <= last][-RUN_DAYS:]
            if len(days) < 2:
                return None
            tests = {d for t in store.trials() for d in t.test_days}
            records = store.period_records(days[0], last)
            return compute(records, now, immediate_target_minutes(lists), lists=lists), tests

        def show(result: tuple[Measures, set[date]] | None) -> None:
            if result is not None:
                self.query_one("#runs", Static).update(runs(*result))

        load(self, read, show, group="runs")

    def action_period(self, period: str) -> None:
        self.period = period
        self.show()

    def show(self) -> None:
        """The period's measures, read and worked out in a thread, then shown."""
        app = duty(self)
        store, last, now, period = app.store, app.require_session().day, app.now(), self.period
        lists = app.lists

        def read() -> tuple[date, Measures]:
            if period == "all":
                days = store.session_days()
                first = days[0] if days else last
            else:
                first = last - timedelta(days=PERIODS[period])
            records = store.period_records(first, last)
            return first, compute(records, now, immediate_target_minutes(lists), lists=lists)

        def show(read: tuple[date, Measures]) -> None:
            first, result = read
            when = day_label(last) if first == last else f"{day_label(first)} to {day_label(last)}"
            self.sub_title = f"measures: {when}"
            self.query_one("#figures", Static).update(figures(result, when, lists))
            self.query_one("#charts", Static).update(charts(result, lists))
            self.query_one("#words", Static).update(words(result, lists))

        def failed(error: Exception) -> None:
            self.notify(str(error), title="Could not read the measures", severity="error")

        load(self, read, show, failed=failed)

    def action_back(self) -> None:
        self.app.pop_screen()


def figures(result: Measures, when: str, lists: Lists) -> Content:
    header, rows = table(result, lists)
    if len(header) > 4:
        header, rows = header[-1:], [(label, values[-1:]) for label, values in rows]
    width = max(len(label) for label, _values in rows) + 2
    lines: list[tuple[str, str] | str] = [(f"Measures, {when}", "bold underline"), "\n"]
    lines.append(("".ljust(width) + "".join(h.rjust(12) for h in header) + "\n", "bold"))
    for label, values in rows:
        style = "" if label.startswith(" ") else "bold"
        lines += [(label.ljust(width), style), "".join(v.rjust(12) for v in values), "\n"]
    if not result.days:
        lines.append("No duty session in this period.\n")
    return block(*lines)


def runs(result: Measures, tests: Collection[date] = ()) -> Content:
    """A run chart in characters for each of RUN_MEASURES, the last days, `tests` (the days
    of the tests kept: `dutydesk test`) marked T (docs/report.md)."""
    from dutydesk.domain.runchart import spark
    from dutydesk.domain.series import MEASURES, daily_series

    chosen = [m for m in MEASURES if m.key in RUN_MEASURES]
    first = date.fromisoformat(result.days[0].label)
    last = date.fromisoformat(result.days[-1].label)
    parts: list[tuple[str, str] | str] = [
        "\n",
        (f"Day by day, {day_label(first)} to {day_label(last)}", "bold underline"),
        "\n",
        "▁ lowest to █ highest each day, · no figure. Under a day: T a test day,\n"
        "s in a shift, t in a trend, ! far out (the rules: docs/report.md).\n",
    ]
    for series in daily_series(result, tests, chosen):
        line, marks = spark(series.chart)
        median = series.measure.show(series.chart.median)
        label = RUN_MEASURES[series.measure.key]
        parts += [(label.ljust(RUN_LABEL), "bold"), f" {line}  median {median}\n"]
        if marks.strip():
            parts.append(f"{'':{RUN_LABEL}} {marks}\n")
    return block(*parts)


def charts(result: Measures, lists: Lists) -> Content:
    parts: list[tuple[str, str] | str] = []

    def chart(title: str, counts: dict[str, int]) -> None:
        parts.extend(["\n", (title, "bold underline"), "\n"])
        parts.append("\n".join(bars(counts, width=30, label_width=32)) + "\n")

    outcomes = {
        label: result.total.decisions_by_outcome.get(label, 0)
        for label in outcome_labels([result.total], lists)
    }
    chart("Decisions by outcome", outcomes)
    for chosen in COUNTED:
        counts = result.total.decisions_by[chosen.counted]
        chart(
            f"Decisions by {chosen.label.lower()}",
            {name: counts[key] for key, name in by_field_rows(result.total, chosen, lists).items()},
        )
    chart("Time from call to decision", result.decision_times)
    if len(result.days) > 1:
        chart("Calls a day", {day_label(date.fromisoformat(d.label)): d.calls for d in result.days})
    chart("Needs identified", dict(list(result.needs_by_category.items())[:10]))
    chart("Views by agency", result.views_by_agency)
    return block(*parts)


def words(result: Measures, lists: Lists) -> Content:
    parts: list[tuple[str, str] | str] = [
        "\n",
        ("Decisions amended, and why", "bold underline"),
        "\n",
    ]
    for ref, before, after, why in result.amendments or [("", "", "", "")]:
        if ref:
            parts += [(f"{ref} ", "bold"), f"{before} → {after}: ", why, "\n"]
        else:
            parts.append("None.\n")
    parts += ["\n", ("Experience of the duty team", "bold underline"), "\n"]
    counting = latest_experiences(result.experiences)  # each agency's latest of a day
    for item in result.experiences:
        agency = vocab.label(lists.agencies, item.agency)
        parts += [(f"{agency} {item.rating}/5", "bold"), f" {item.name}"]
        parts.append("\n" if item.id in counting else " (replaced)\n")
        if item.worked:
            parts += ["  Worked: ", item.worked, "\n"]
        if item.change:
            parts += ["  Change: ", item.change, "\n"]
    if not result.experiences:
        parts.append("None yet: each agency gives theirs when the session ends (E, then X).\n")
    return block(*parts)
