"""Run charts: the NHS run rules and XmR limits on series worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dutydesk.domain.runchart import Point, build, shifts, trends, xmr_limits

START = date(2026, 10, 1)  # a Thursday


def series(baseline: list[float | None], test: list[float | None] = ()) -> list[Point]:  # type: ignore[assignment]
    values = [(v, False) for v in baseline] + [(v, True) for v in test]
    return [Point(START + timedelta(days=i), v, t) for i, (v, t) in enumerate(values)]


# -- shifts ----------------------------------------------------------------------------------


def test_six_on_one_side_is_a_shift_five_is_not() -> None:
    assert shifts([1, 1, 1, 1, 1, 1], 5) == [("below", (0, 1, 2, 3, 4, 5))]
    assert shifts([1, 1, 1, 1, 1, 9], 5) == []


def test_a_point_on_the_median_neither_breaks_nor_counts() -> None:
    # 3 below, one on the median, 3 below: six counted, the median point skipped.
    assert shifts([1, 2, 3, 5, 4, 3, 2], 5) == [("below", (0, 1, 2, 4, 5, 6))]
    # 3 below, 2 on the median, 2 below: five counted, not a shift.
    assert shifts([1, 2, 3, 5, 5, 3, 2], 5) == []


def test_a_point_on_the_other_side_breaks_a_shift() -> None:
    assert shifts([6, 7, 8, 4, 6, 7, 8], 5) == []
    assert shifts([6, 7, 8, 9, 6, 7, 1, 1, 1, 1, 1, 1], 5) == [
        ("above", (0, 1, 2, 3, 4, 5)),
        ("below", (6, 7, 8, 9, 10, 11)),
    ]


def test_a_day_without_a_figure_neither_breaks_nor_counts() -> None:
    assert shifts([1, None, 1, 1, 1, 1, 1], 5) == [("below", (0, 2, 3, 4, 5, 6))]


# -- trends ----------------------------------------------------------------------------------


def test_five_rising_is_a_trend_four_is_not() -> None:
    assert trends([1, 2, 3, 4, 5]) == [("rising", (0, 1, 2, 3, 4))]
    assert trends([1, 2, 3, 4]) == []
    assert trends([9, 7, 5, 3, 1, 2]) == [("falling", (0, 1, 2, 3, 4))]


def test_a_repeated_value_neither_adds_nor_breaks() -> None:
    # 1 2 2 3 4: four counted (the second 2 is skipped): not a trend.
    assert trends([1, 2, 2, 3, 4]) == []
    # 1 2 2 3 4 5: five counted: a trend over positions 0, 1, 3, 4, 5.
    assert trends([1, 2, 2, 3, 4, 5]) == [("rising", (0, 1, 3, 4, 5))]


def test_the_turning_point_ends_one_trend_and_starts_the_next() -> None:
    # up over 0..4, then down from 4 over 4..8: both runs share position 4.
    assert trends([1, 2, 3, 4, 5, 4, 3, 2, 1]) == [
        ("rising", (0, 1, 2, 3, 4)),
        ("falling", (4, 5, 6, 7, 8)),
    ]


def test_zigzag_has_no_trend() -> None:
    assert trends([1, 3, 2, 4, 3, 5, 4, 6]) == []


# -- XmR -------------------------------------------------------------------------------------


def test_xmr_limits_by_hand() -> None:
    # 15 values alternating 10, 12: mean = (8 x 10 + 7 x 12) / 15 = 164 / 15 = 10.9333...,
    # every moving range 2, so the limits are mean ± 2.66 x 2 = ± 5.32.
    values = [10.0 if i % 2 == 0 else 12.0 for i in range(15)]
    limits = xmr_limits(values)
    assert limits is not None
    assert limits.mean == pytest.approx(164 / 15)
    assert limits.moving_range == pytest.approx(2)
    assert limits.upper == pytest.approx(164 / 15 + 5.32)
    assert limits.lower == pytest.approx(164 / 15 - 5.32)
    assert xmr_limits(values[:14]) is None  # fewer than 15: no limits


def test_the_lower_limit_stops_at_zero_for_counts() -> None:
    # 0, 4 alternating: mean 28/15 (1.87), moving range 4, lower = 1.87 - 10.64 < 0 -> 0.
    limits = xmr_limits([0.0 if i % 2 == 0 else 4.0 for i in range(15)])
    assert limits is not None and limits.lower == 0.0


# -- the chart and its words -----------------------------------------------------------------


def test_seven_test_days_below_the_baseline_median_is_a_shift() -> None:
    # Baseline 10 12 11 13 12 14 (median 12); test days all 8 or 9.
    chart = build("Calls", series([10, 12, 11, 13, 12, 14], [9, 8, 9, 8, 9, 8, 9]))
    assert chart.median == 12
    assert chart.limits is None
    kinds = {(s.kind, s.direction) for s in chart.signals}
    assert ("shift", "below") in kinds
    assert chart.sentence.startswith(
        "7 of 7 test days below the baseline median: a shift. "
        "Baseline median 12, from 6 baseline days."
    )
    assert "no process limits, a run chart only" in chart.sentence


def test_no_shift_said_in_words() -> None:
    chart = build("Calls", series([10, 12, 11, 13, 12, 14], [11, 13, 11]))
    assert chart.sentence.startswith(
        "2 of 3 test days below the baseline median: no shift. "
        "Baseline median 12, from 6 baseline days."
    )
    assert "No shift, trend or astronomical point" in chart.sentence


def test_test_days_on_the_median_are_counted_apart() -> None:
    chart = build("Calls", series([10, 12, 11, 13, 12, 14], [12, 12, 9]))
    assert "1 of 3 test days below the baseline median: no shift." in chart.sentence
    assert "Baseline median 12, from 6 baseline days; 2 test days on it." in chart.sentence


def test_a_trend_is_named_with_its_days() -> None:
    # Thu 1 Oct .. ; the trend is the last five points, Mon 5 Oct to Fri 9 Oct.
    chart = build("Waiting", series([5, 5, 5, 5], [6, 7, 8, 9, 10]), show=lambda v: f"{v:g}")
    trend = [s for s in chart.signals if s.kind == "trend"]
    assert len(trend) == 1
    assert "A trend: 6 days in a row rising, Sun 4 Oct to Fri 9 Oct (5 of them test days)." in (
        chart.sentence
    )


def test_an_astronomical_point_without_limits() -> None:
    # Baseline 8..14 (width 6): beyond 20 or below 2 is astronomical; 30 is.
    chart = build("Calls", series([8, 10, 14, 9, 12], [30]))
    (point,) = [s for s in chart.signals if s.kind == "astronomical"]
    assert point.indices == (5,)
    assert "An astronomical point: Tue 6 Oct (test day), 30, far above what the baseline" in (
        chart.sentence
    )
    # 19 is within the baseline's range plus its width: not astronomical.
    assert not [
        s
        for s in build("Calls", series([8, 10, 14, 9, 12], [19])).signals
        if s.kind == "astronomical"
    ]


def test_with_fifteen_baseline_days_the_limits_judge_astronomical_points() -> None:
    baseline = [10.0 if i % 2 == 0 else 12.0 for i in range(15)]
    chart = build("Calls", series(baseline, [17, 16]))  # upper limit 10.93 + 5.32 = 16.25
    assert chart.limits is not None
    outside = [s.indices for s in chart.signals if s.kind == "astronomical"]
    assert outside == [(15,)]
    assert "Process limits from 15 baseline days: 5.61333 to 16.2533" in chart.sentence
    assert "far above the process limits" in chart.sentence


def test_one_point_is_said_not_drawn() -> None:
    chart = build("Median time", series([None, None, 40.0, None]))
    assert chart.signals == ()
    assert chart.sentence == "Only one day has a figure (Sat 3 Oct: 40): one point is not a chart."


def test_no_figures_at_all() -> None:
    chart = build("Median time", series([None, None]))
    assert chart.median is None
    assert chart.sentence.startswith("No day in the range has a figure")


def test_without_test_days_the_median_is_of_every_day() -> None:
    chart = build("Calls", series([3, 1, 2]))
    assert chart.median == 2
    assert chart.sentence.startswith("No test days: 3 days, median 2.")


def test_without_baseline_days_the_median_is_of_every_day() -> None:
    chart = build("Calls", series([], [3, 1, 2]))
    assert chart.median == 2 and chart.median_of == "all"
    assert chart.sentence.startswith("Median of all days (no baseline day has a figure): 2.")


def test_points_are_put_in_date_order() -> None:
    points = series([1, 2, 3, 4, 5])
    chart = build("Calls", list(reversed(points)))
    assert [p.day for p in chart.points] == [p.day for p in points]
    assert [s.direction for s in chart.signals if s.kind == "trend"] == ["rising"]


def test_a_run_starts_from_the_last_of_equal_points() -> None:
    assert trends([5, 5, 5, 6, 7, 8, 9]) == [("rising", (2, 3, 4, 5, 6))]
    assert trends([1, 2, 3, 4, 5, 5, 4, 3, 2, 1]) == [
        ("rising", (0, 1, 2, 3, 4)),
        ("falling", (5, 6, 7, 8, 9)),
    ]


def test_a_baseline_that_never_varies_has_no_limits_and_no_astronomical_points() -> None:
    chart = build("Over target", series([0.0] * 20, [0, 1, 0]))
    assert chart.limits is None
    assert not [s for s in chart.signals if s.kind == "astronomical"]
    assert "1 of 3 test days above the baseline median: no shift." in chart.sentence
    assert "Baseline median 0, from 20 baseline days; 2 test days on it." in chart.sentence
    assert "The baseline days did not vary from one to the next: no process limits." in (
        chart.sentence
    )


def test_all_test_days_on_the_median() -> None:
    chart = build("Share", series([100.0] * 3 + [90.0] + [100.0] * 2, [100, 100]))
    assert chart.sentence.startswith(
        "All 2 test days on the baseline median. Baseline median 100, from 6 baseline days."
    )


def test_a_ceiling_caps_the_upper_limit() -> None:
    values = [80.0 if i % 2 == 0 else 100.0 for i in range(15)]
    limits = xmr_limits(values, ceiling=100)
    assert limits is not None and limits.upper == 100


def test_a_chart_in_characters() -> None:
    from dutydesk.domain.runchart import spark

    chart = build("Calls", series([8, 10, 14, 9, 12, None], [30]))
    line, marks = spark(chart)
    # 8..30 over 7 steps: 8 -> ▁, 10 -> ▂ (0.64), 14 -> ▃ (1.9), 9 -> ▁, 12 -> ▂ (1.27), 30 -> █
    assert line == "▁▂▃▁▂·█"
    assert marks == "      !"
    flat = build("Over target", series([0.0] * 6, [0.0]))
    assert spark(flat) == ("▄▄▄▄▄▄▄", "      T")
