"""The measures day by day (domain/series.py): hand-built days, and the demo's days read
as the export reads them, whose figures must be measures.csv's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pendulum
import pytest

from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.measures import Measures, Summary, compute
from dutydesk.domain.report import records
from dutydesk.domain.series import (
    MEASURES,
    BadTestDays,
    choose_test_days,
    daily_series,
    show,
)
from dutydesk.storage import open_store
from dutydesk.storage.period import Source

NOW = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")
D = [date(2026, 10, day) for day in (12, 13, 14, 15, 16, 19, 20)]  # Mon..Fri, Mon, Tue


def measures_of(days: list[Summary]) -> Measures:
    return Measures(
        first=D[0],
        last=D[-1],
        now=NOW,
        target_minutes=240,
        referrals=[],
        days=days,
        total=Summary("all days"),
        amendments=[],
        needs_by_category={},
        views_by_agency={},
        decision_times={},
        feedback=[],
        experiences=[],
    )


def test_each_measure_is_read_off_each_day_and_marked_test_or_baseline() -> None:
    days = [
        Summary(d.isoformat(), calls=c, advice_calls=1, actions=a, actions_with_person=p)
        for d, c, a, p in zip(
            D, [10, 12, 11, 13, 12, 8, 7], [4, 4, 0, 2, 4, 5, 4], [2] * 7, strict=True
        )
    ]
    days[3].median_minutes_to_decision = 95.5
    series = {s.measure.key: s for s in daily_series(measures_of(days), {D[5], D[6]})}
    calls = series["calls"]
    assert [(p.day, p.value, p.test) for p in calls.points] == [
        (D[0], 10, False),
        (D[1], 12, False),
        (D[2], 11, False),
        (D[3], 13, False),
        (D[4], 12, False),
        (D[5], 8, True),
        (D[6], 7, True),
    ]
    assert [p.value for p in series["referrals"].points] == [9, 11, 10, 12, 11, 7, 6]
    # 2 of 4, 2 of 4, none planned (no figure), 2 of 2, 2 of 4, 2 of 5, 2 of 4.
    assert [p.value for p in series["actions_with_person"].points] == [
        50,
        50,
        None,
        100,
        50,
        40,
        50,
    ]
    assert [p.value for p in series["median_minutes_to_decision"].points] == [
        None,
        None,
        None,
        95.5,
        None,
        None,
        None,
    ]
    # Baseline 10 12 11 13 12: median 12; both test days below it.
    assert calls.chart.sentence.startswith(
        "2 of 2 test days below the baseline median: no shift. "
        "Baseline median 12, from 5 baseline days."
    )
    only = series["median_minutes_to_decision"].chart.sentence
    assert only == "Only one day has a figure (Thu 15 Oct: 1h 36m): one point is not a chart."


def test_values_are_written_in_their_units() -> None:
    assert show("minutes", 125) == "2h 05m"
    assert show("minutes", 45.4) == "45m"
    assert show("percent", 66.666) == "67%"
    assert show("rating", 4) == "4.0"
    assert show("count", 7.0) == "7"
    assert show("count", 7.5) == "7.5"
    assert show("count", None) == "-"


def test_the_series_are_measures_csvs_figures(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d.db", fixed_clock(NOW))
    seed_demo(store, days=9)
    source = Source.of(store)
    first, last = date(2026, 11, 16), date(2026, 11, 26)
    period = source.read(first, last)
    result = compute(period.records, source.now, lists=period.lists)
    rows = {row["period"]: row for row in records(result, period.lists)}
    series = {s.measure.key: s for s in daily_series(result, {date(2026, 11, 26)})}
    assert len(series["calls"].points) == 9
    for key in ("calls", "decisions", "undecided_at_end", "views", "missed_working_day"):
        for point in series[key].points:
            assert point.value == float(rows[point.day.isoformat()][key]), (key, point.day)
    for point in series["median_minutes_to_decision"].points:
        text = rows[point.day.isoformat()]["median_minutes_to_decision"]
        assert point.value == (float(text) if text else None)
    assert [p.test for p in series["calls"].points] == [False] * 8 + [True]
    assert {s.measure.key for s in series.values()} == {m.key for m in MEASURES}
    store.close()


RECORDED = [D[0], D[1], D[2], D[3], D[4], D[5], D[6]]


def test_test_days_as_a_list() -> None:
    assert choose_test_days(RECORDED, D[0], D[6], listed=[D[5], D[6]]) == {D[5], D[6]}


def test_test_days_as_a_range_take_the_recorded_days_in_it() -> None:
    # Fri 16 to Tue 20 October: the weekend has no session, so three days.
    assert choose_test_days(RECORDED, D[0], D[6], start=D[4], end=D[6]) == {D[4], D[5], D[6]}
    assert choose_test_days(RECORDED, D[0], D[6], start=D[6]) == {D[6]}
    assert choose_test_days(RECORDED, D[0], D[6]) == set()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"listed": [date(2026, 10, 17)]},
            "no duty session was recorded on test day(s) 2026-10-17",
        ),
        ({"listed": [date(2026, 10, 30)]}, "outside the report's range 2026-10-12 to 2026-10-20"),
        (
            {"start": date(2026, 10, 17), "end": date(2026, 10, 18)},
            "no duty session was recorded from",
        ),
        (
            {"start": date(2026, 10, 19), "end": date(2026, 10, 12)},
            "--test-to is before --test-from",
        ),
        ({"start": date(2026, 10, 19), "end": date(2026, 10, 23)}, "not all inside the report's"),
        ({"listed": [D[5]], "start": D[5]}, "as a list or as a range, not both"),
    ],
)
def test_test_days_that_cannot_be_used_are_refused_in_words(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(BadTestDays, match=message.replace("(", r"\(").replace(")", r"\)")):
        choose_test_days(RECORDED, D[0], D[6], **kwargs)  # type: ignore[arg-type]
