"""The measures day by day over a range, test days against baseline days, as run charts.

The figures are `measures.compute`'s (the same as `dutydesk measures` and measures.csv):
each measure here is one number read off a day's `Summary`. Test days are named; the
baseline is every other recorded day in the range. Pure functions: no storage, no screen.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from dutydesk.domain.baseline import BaselineDay
from dutydesk.domain.measures import Measures, Summary
from dutydesk.domain.runchart import Point, RunChart, build


def _share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class Measure:
    key: str  # stable: the workbook's sheet and the HTML's ids
    title: str
    unit: str  # "count", "minutes", "percent", "rating" or "ratio"
    value: Callable[[Summary], float | None]
    better: str = ""  # "lower", "higher" or "" (neither: a count of demand)

    def show(self, value: float | None) -> str:
        return show(self.unit, value)


def show(unit: str, value: float | None) -> str:
    """A value in words as the report writes it: 7, 2h 05m, 45%, 4.2."""
    if value is None:
        return "-"
    if unit == "minutes":
        hours, mins = divmod(round(value), 60)
        return f"{hours}h {mins:02d}m" if hours else f"{mins}m"
    if unit == "percent":
        return f"{value:.0f}%"
    if unit in ("rating", "ratio"):
        return f"{value:.1f}"
    return f"{value:.1f}" if not float(value).is_integer() else f"{value:.0f}"


MEASURES: tuple[Measure, ...] = (
    Measure("calls", "Calls received", "count", lambda s: s.calls),
    Measure("referrals", "Referrals (calls less advice calls)", "count", lambda s: s.referrals),
    Measure("advice_calls", "Advice calls", "count", lambda s: s.advice_calls),
    Measure("repeat_contacts", "Repeat contacts (12 months)", "count", lambda s: s.repeat_contacts),
    Measure("immediate", "IMMEDIATE referrals", "count", lambda s: s.immediate),
    Measure(
        "immediate_median_minutes",
        "Median time for IMMEDIATE referrals to reach the Assessment Team",
        "minutes",
        lambda s: s.immediate_median_minutes,
        "lower",
    ),
    Measure(
        "immediate_over_target",
        "IMMEDIATE referrals over the target time",
        "count",
        lambda s: s.immediate_over_target,
        "lower",
    ),
    Measure("decisions", "Decisions made", "count", lambda s: s.decisions),
    Measure(
        "undecided_at_end",
        "Undecided at the end of the session",
        "count",
        lambda s: s.undecided_at_end,
        "lower",
    ),
    Measure(
        "median_minutes_to_decision",
        "Median time to decision",
        "minutes",
        lambda s: s.median_minutes_to_decision,
        "lower",
    ),
    Measure(
        "missed_working_day",
        "Referrals that missed one working day",
        "count",
        lambda s: s.missed_working_day,
        "lower",
    ),
    Measure(
        "actions_per_referral",
        "Actions planned per referral",
        "ratio",
        lambda s: s.actions_per_referral,
    ),
    Measure(
        "actions_with_person",
        "Actions with a named person",
        "percent",
        lambda s: _share(s.actions_with_person, s.actions),
        "higher",
    ),
    Measure(
        "actions_with_due",
        "Actions with a due date",
        "percent",
        lambda s: _share(s.actions_with_due, s.actions),
        "higher",
    ),
    Measure(
        "actions_with_need",
        "Actions with a linked need",
        "percent",
        lambda s: _share(s.actions_with_need, s.actions),
        "higher",
    ),
    Measure(
        "beyond_social_care",
        "Referrals with needs met beyond social care",
        "percent",
        lambda s: _share(s.beyond_social_care, s.referrals),
        "higher",
    ),
    Measure("views", "Agency views recorded", "count", lambda s: s.views, "higher"),
    Measure(
        "feedback_awaiting",
        "Decided referrals whose referrer was not told yet",
        "count",
        lambda s: s.feedback_awaiting,
        "lower",
    ),
    Measure(
        "satisfaction_mean",
        "Referrer satisfaction (mean, 1-5)",
        "rating",
        lambda s: s.satisfaction_mean,
        "higher",
    ),
    Measure(
        "experience_mean",
        "Duty team experience (mean, 1-5)",
        "rating",
        lambda s: s.experience_mean,
        "higher",
    ),
)


@dataclass(frozen=True)
class Series:
    measure: Measure
    chart: RunChart

    @property
    def points(self) -> tuple[Point, ...]:
        return self.chart.points


def recorded_days(measures: Measures) -> list[date]:
    return [date.fromisoformat(s.label) for s in measures.days]


def daily_series(
    measures: Measures,
    test_days: Collection[date],
    chosen: Sequence[Measure] = MEASURES,
    imported: Sequence[BaselineDay] = (),
) -> list[Series]:
    """Each measure's value on each recorded day of `measures`, marked test or baseline,
    and on each `imported` baseline day (the case system's figures, where it has the
    measure), as a run chart with its sentence."""
    days = recorded_days(measures)
    tests = set(test_days)
    out = []
    for measure in chosen:
        points = [
            Point(day, _float(measure.value(summary)), day in tests)
            for day, summary in zip(days, measures.days, strict=True)
        ]
        points += [
            Point(b.day, _float(b.value(measure.key)), False, imported=True) for b in imported
        ]
        ceiling = 100.0 if measure.unit == "percent" else None
        out.append(Series(measure, build(measure.title, points, measure.show, ceiling)))
    return out


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


class BadTestDays(ValueError):
    """The test days asked for cannot be used: the message says why, in words."""


def choose_test_days(
    recorded: Collection[date],
    first: date,
    last: date,
    listed: Sequence[date] = (),
    start: date | None = None,
    end: date | None = None,
) -> set[date]:
    """The test days among the `recorded` days from `first` to `last`: the `listed` days
    (each must have been recorded), or the recorded days from `start` to `end`."""
    if listed and (start or end):
        raise BadTestDays("give test days as a list or as a range, not both.")
    if listed:
        outside = [d for d in listed if not first <= d <= last]
        if outside:
            raise BadTestDays(
                f"test day {outside[0]} is outside the report's range {first} to {last}."
            )
        missing = sorted(set(listed) - set(recorded))
        if missing:
            shown = ", ".join(d.isoformat() for d in missing)
            raise BadTestDays(f"no duty session was recorded on test day(s) {shown}.")
        return set(listed)
    if start is None and end is None:
        return set()
    start, end = start or end, end or start
    assert start is not None and end is not None
    if end < start:
        raise BadTestDays("--test-to is before --test-from.")
    if start < first or end > last:
        raise BadTestDays(
            f"the test days {start} to {end} are not all inside the report's range "
            f"{first} to {last}."
        )
    chosen = {d for d in recorded if start <= d <= end}
    if not chosen:
        raise BadTestDays(f"no duty session was recorded from {start} to {end}.")
    return chosen
