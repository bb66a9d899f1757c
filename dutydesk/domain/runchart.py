"""Run charts and XmR charts for a measure day by day, with the run rules in words.

Pure functions over (day, value, is it a test day) points: no storage, no screen. The
rules are those NHS improvement teams use for small numbers ("Making Data Count"):

- **the baseline median**: the median of the baseline days' values (of every day's, when
  no day is a baseline day);
- **a shift**: 6 or more consecutive points all above, or all below, the baseline median.
  A point on the median neither adds to a shift nor breaks it;
- **a trend**: 5 or more consecutive points each higher (or each lower) than the one
  before. A point equal to the one before neither adds to a trend nor breaks it;
- **an astronomical point**: with process limits (below), a point outside them; without,
  a point further beyond the baseline's range than that range is wide (e.g. 30 where the
  baseline ran from 8 to 14), judged only with 5 or more baseline points that differ;
- **XmR (process behaviour) limits** where there are 15 or more baseline points that
  vary: the baseline's mean ± 2.66 × its mean moving range (the average gap between
  consecutive baseline days), the lower limit no lower than 0 when no value is below 0
  (and the upper no higher than a ceiling given: 100 for a percentage).

A day with no figure (no decision, so no median time to decision) is left out: it neither
adds to nor breaks a run. Each chart says in words what it shows (`RunChart.sentence`).
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

SHIFT_POINTS = 6
TREND_POINTS = 5
XMR_POINTS = 15
ASTRONOMICAL_BASELINE = 5  # baseline points needed to judge an astronomical point by range
XMR_FACTOR = 2.66  # 3 / d2, d2 = 1.128 for moving ranges of two

Kind = Literal["shift", "trend", "astronomical"]


@dataclass(frozen=True)
class Point:
    day: date
    value: float | None
    test: bool = False
    imported: bool = False  # a baseline day from the case system, before dutydesk


@dataclass(frozen=True)
class Signal:
    """A run rule met by the points at `indices` (positions in `RunChart.points`)."""

    kind: Kind
    direction: str  # "above"/"below" (a shift or an astronomical point), "rising"/"falling"
    indices: tuple[int, ...]

    def days(self, points: Sequence[Point]) -> tuple[date, ...]:
        return tuple(points[i].day for i in self.indices)

    def test_points(self, points: Sequence[Point]) -> int:
        return sum(1 for i in self.indices if points[i].test)


@dataclass(frozen=True)
class Limits:
    """Process limits from the baseline (an XmR chart)."""

    mean: float
    lower: float
    upper: float
    moving_range: float  # the mean moving range
    points: int  # baseline points they were computed from


@dataclass(frozen=True)
class RunChart:
    title: str
    points: tuple[Point, ...]  # in date order, every day (values may be None)
    median: float | None  # the baseline median (None: no point has a value)
    median_of: str  # "baseline" or "all" (no baseline day had a value)
    signals: tuple[Signal, ...]
    limits: Limits | None
    sentence: str

    @property
    def valued(self) -> list[tuple[int, Point]]:
        return [(i, p) for i, p in enumerate(self.points) if p.value is not None]


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def shifts(values: Sequence[float | None], centre: float) -> list[tuple[str, tuple[int, ...]]]:
    """Runs of SHIFT_POINTS or more values on one side of `centre` (positions counted)."""
    found: list[tuple[str, tuple[int, ...]]] = []
    side, run = "", list[int]()
    for i, value in enumerate(values):
        if value is None or value == centre:
            continue  # neither adds nor breaks
        here = "above" if value > centre else "below"
        if here != side:
            if len(run) >= SHIFT_POINTS:
                found.append((side, tuple(run)))
            side, run = here, []
        run.append(i)
    if len(run) >= SHIFT_POINTS:
        found.append((side, tuple(run)))
    return found


def trends(values: Sequence[float | None]) -> list[tuple[str, tuple[int, ...]]]:
    """Runs of TREND_POINTS or more values each above (or below) the one before; a value
    equal to the one before is skipped (neither adds nor breaks); the point where the
    direction turns (the last of equal ones) ends one run and starts the next."""
    found: list[tuple[str, tuple[int, ...]]] = []
    direction, run = "", list[int]()
    last: float | None = None
    anchor = 0  # the latest position holding `last` (where a new run starts from)
    for i, value in enumerate(values):
        if value is None:
            continue
        if value == last:
            anchor = i
            continue
        if last is None:
            run, last, anchor = [i], value, i
            continue
        here = "rising" if value > last else "falling"
        if here != direction:
            if len(run) >= TREND_POINTS:
                found.append((direction, tuple(run)))
            direction, run = here, [anchor]
        run.append(i)
        last, anchor = value, i
    if len(run) >= TREND_POINTS:
        found.append((direction, tuple(run)))
    return found


def xmr_limits(
    values: Sequence[float], floor_at_zero: bool = True, ceiling: float | None = None
) -> Limits | None:
    """Mean ± 2.66 × mean moving range of `values` (in order), from XMR_POINTS or more
    that vary (limits of no width would make every other value a signal); the upper
    limit no higher than `ceiling` (100 for a percentage)."""
    if len(values) < XMR_POINTS:
        return None
    mean = statistics.fmean(values)
    moving = statistics.fmean(abs(b - a) for a, b in itertools.pairwise(values))
    if moving == 0:
        return None
    lower = mean - XMR_FACTOR * moving
    if floor_at_zero and min(values) >= 0:
        lower = max(lower, 0.0)
    upper = mean + XMR_FACTOR * moving
    if ceiling is not None:
        upper = min(upper, ceiling)
    return Limits(mean, lower, upper, moving, len(values))


def astronomical(
    values: Sequence[float | None], baseline: Sequence[float], limits: Limits | None
) -> list[tuple[str, tuple[int, ...]]]:
    """Each point outside the limits; without limits, beyond the baseline's range by more
    than its width (judged with ASTRONOMICAL_BASELINE or more baseline points that differ)."""
    if limits is not None:
        low, high = limits.lower, limits.upper
    else:
        if len(baseline) < ASTRONOMICAL_BASELINE or max(baseline) == min(baseline):
            return []
        width = max(baseline) - min(baseline)
        low, high = min(baseline) - width, max(baseline) + width
    found: list[tuple[str, tuple[int, ...]]] = []
    for i, value in enumerate(values):
        if value is not None and (value > high or value < low):
            found.append(("above" if value > high else "below", (i,)))
    return found


def build(
    title: str,
    points: Sequence[Point],
    show: Callable[[float], str] = lambda v: f"{v:g}",
    ceiling: float | None = None,
) -> RunChart:
    """The chart of `points` (sorted by day here), its signals and its sentence; `show`
    writes a value in words ("2h 05m", "7")."""
    ordered = tuple(sorted(points, key=lambda p: p.day))
    values = [p.value for p in ordered]
    baseline = [p.value for p in ordered if not p.test and p.value is not None]
    every = [v for v in values if v is not None]
    centre = median(baseline)
    median_of = "baseline"
    if centre is None:
        centre, median_of = median(every), "all"
    limits = xmr_limits(baseline, ceiling=ceiling)
    signals: list[Signal] = []
    if centre is not None and len(every) > 1:
        signals += [Signal("shift", d, run) for d, run in shifts(values, centre)]
        signals += [Signal("trend", d, run) for d, run in trends(values)]
        signals += [
            Signal("astronomical", d, run) for d, run in astronomical(values, baseline, limits)
        ]
    chart = RunChart(title, ordered, centre, median_of, tuple(signals), limits, "")
    return RunChart(title, ordered, centre, median_of, tuple(signals), limits, words(chart, show))


def _days(count: int, what: str) -> str:
    return f"{count} {what}" + ("" if count == 1 else "s")


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _span(days: Sequence[date]) -> str:
    return _day(days[0]) if len(days) == 1 else f"{_day(days[0])} to {_day(days[-1])}"


def words(chart: RunChart, show: Callable[[float], str]) -> str:
    """What the chart shows, in sentences: the test days against the baseline median, then
    each signal, then the process limits."""
    valued = chart.valued
    if not valued:
        return "No day in the range has a figure for this measure: nothing to chart."
    if len(valued) == 1:
        ((_i, only),) = valued
        assert only.value is not None
        return (
            f"Only one day has a figure ({_day(only.day)}: {show(only.value)}): "
            "one point is not a chart."
        )
    assert chart.median is not None
    points = chart.points
    tests = [p for _i, p in valued if p.test]
    baseline = [p for _i, p in valued if not p.test]
    shifts_with_test = [s for s in chart.signals if s.kind == "shift" and s.test_points(points)]
    out: list[str] = []
    centre = show(chart.median)
    if chart.median_of == "all":
        what = "all days" if not tests else "all days (no baseline day has a figure)"
        out.append(f"Median of {what}: {centre}.")
    if tests and chart.median_of == "baseline":
        below = sum(1 for p in tests if p.value is not None and p.value < chart.median)
        above = sum(1 for p in tests if p.value is not None and p.value > chart.median)
        on = len(tests) - below - above
        side, count = ("below", below) if below >= above else ("above", above)
        if count:
            head = f"{count} of {len(tests)} test days {side} the baseline median"
            head += ": a shift." if shifts_with_test else ": no shift."
        else:
            head = f"All {_days(len(tests), 'test day')} on the baseline median."
        out.append(head)
        more = f"Baseline median {centre}, from {_days(len(baseline), 'baseline day')}"
        out.append(more + (f"; {_days(on, 'test day')} on it." if on and count else "."))
    elif not tests:
        out.append(f"No test days: {len(valued)} days, median {centre}.")
    for signal in chart.signals:
        days = signal.days(points)
        mine = signal.test_points(points)
        who = (
            "all test days"
            if mine == len(days)
            else ("baseline days" if not mine else f"{mine} of them test days")
        )
        if signal.kind == "shift":
            if signal in shifts_with_test and mine == len(days) and len(tests) == mine:
                continue  # the head sentence says it
            out.append(
                f"A shift: {len(days)} days in a row {signal.direction} the median, "
                f"{_span(days)} ({who})."
            )
        elif signal.kind == "trend":
            out.append(
                f"A trend: {len(days)} days in a row {signal.direction}, {_span(days)} ({who})."
            )
        else:
            (i,) = signal.indices
            value = points[i].value
            assert value is not None
            where = "the process limits" if chart.limits else "what the baseline days show"
            kind = "test day" if points[i].test else "baseline day"
            out.append(
                f"An astronomical point: {_day(days[0])} ({kind}), {show(value)}, far "
                f"{signal.direction} {where}."
            )
    if not chart.signals and len(valued) > 1:
        out.append("No shift, trend or astronomical point: nothing beyond everyday variation.")
    if chart.limits is not None:
        lim = chart.limits
        out.append(
            f"Process limits from {lim.points} baseline days: {show(lim.lower)} to "
            f"{show(lim.upper)} (mean {show(lim.mean)})."
        )
    elif len(baseline) >= XMR_POINTS:
        out.append("The baseline days did not vary from one to the next: no process limits.")
    else:
        out.append(
            f"Fewer than {XMR_POINTS} baseline days with a figure ({len(baseline)}): "
            "no process limits, a run chart only."
        )
    return " ".join(out)


BLOCKS = "▁▂▃▄▅▆▇█"
MARKS = {"shift": "s", "trend": "t", "astronomical": "!"}


def spark(chart: RunChart) -> tuple[str, str]:
    """The chart in characters, a day each: its value as a block ▁ (lowest) to █
    (highest), `·` for a day without a figure; and under it, a line marking each day in a
    signal (`s` a shift, `t` a trend, `!` an astronomical point) and each test day (`T`)
    not in one. Heights, letters and shapes: nothing told by colour."""
    values = [p.value for p in chart.points]
    present = [v for v in values if v is not None]
    if not present:
        return "·" * len(values), " " * len(values)
    low, high = min(present), max(present)
    top = len(BLOCKS) - 1
    line = "".join(
        "·"
        if v is None
        else BLOCKS[round(top * (v - low) / (high - low)) if high > low else top // 2]
        for v in values
    )
    marks = [("T" if p.test else " ") for p in chart.points]
    for signal in chart.signals:  # built shifts, trends, then astronomical: the last wins
        for i in signal.indices:
            marks[i] = MARKS[signal.kind]
    return line, "".join(marks)
