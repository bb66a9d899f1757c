"""Time on screen and in exports: UTC inside, London on the wall."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dutydesk.domain.clock import (
    day_label,
    duration,
    excel_local,
    fixed_clock,
    hhmm,
    iso_local,
    london_datetime,
    london_day,
    to_utc,
    when,
)


def test_late_evening_in_summer_belongs_to_the_next_london_day() -> None:
    assert london_day(datetime(2026, 7, 14, 23, 30, tzinfo=UTC)) == date(2026, 7, 15)


def test_late_evening_in_winter_is_still_the_same_day() -> None:
    assert london_day(datetime(2026, 12, 14, 23, 30, tzinfo=UTC)) == date(2026, 12, 14)


@pytest.mark.parametrize(
    ("delta", "shown"),
    [
        (timedelta(seconds=0), "0m"),
        (timedelta(seconds=59), "0m"),
        (timedelta(minutes=45), "45m"),
        (timedelta(minutes=59, seconds=59), "59m"),
        (timedelta(hours=1), "1h 00m"),
        (timedelta(hours=2, minutes=5), "2h 05m"),
        (timedelta(hours=23, minutes=59), "23h 59m"),
        (timedelta(days=1), "1d 0h"),
        (timedelta(days=3, hours=4, minutes=50), "3d 4h"),
        (timedelta(minutes=-5), "0m"),
        (timedelta(days=-2), "0m"),
    ],
)
def test_duration_is_short_and_readable(delta: timedelta, shown: str) -> None:
    assert duration(delta) == shown


def test_when_shows_only_the_time_for_today() -> None:
    moment = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)
    assert when(moment, today=date(2026, 11, 26)) == "14:05"


def test_when_shows_the_day_for_other_days() -> None:
    moment = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
    assert when(moment, today=date(2026, 11, 26)) == "Tue 24 Nov 14:05"


def test_when_compares_london_days() -> None:
    # 23:30 UTC on 14 July is 00:30 on 15 July in London: "today" on the 15th.
    moment = datetime(2026, 7, 14, 23, 30, tzinfo=UTC)
    assert when(moment, today=date(2026, 7, 15)) == "00:30"
    assert when(moment, today=date(2026, 7, 14)) == "Wed 15 Jul 00:30"


def test_when_without_today_always_names_the_day() -> None:
    assert when(datetime(2026, 11, 26, 9, 0, tzinfo=UTC)) == "Thu 26 Nov 09:00"


def test_nothing_shows_as_blank() -> None:
    assert when(None) == ""
    assert hhmm(None) == ""
    assert iso_local(None) == ""


def test_hhmm_is_london_wall_time() -> None:
    assert hhmm(datetime(2026, 7, 1, 8, 0, tzinfo=UTC)) == "09:00"
    assert hhmm(datetime(2026, 12, 1, 8, 0, tzinfo=UTC)) == "08:00"


def test_the_repeated_hour_when_the_clocks_go_back() -> None:
    # 25 October 2026: 01:30 London happens twice, first in BST then in GMT.
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert hhmm(first) == "01:30"
    assert hhmm(second) == "01:30"
    # Exports keep them apart by their offset.
    assert iso_local(first) == "2026-10-25T01:30:00+01:00"
    assert iso_local(second) == "2026-10-25T01:30:00+00:00"
    # For spreadsheets: the wall time Excel reads as a date, the same for both.
    assert excel_local(first) == excel_local(second) == "2026-10-25 01:30:00"
    assert excel_local(None) == ""


def test_iso_local_carries_the_offset_of_the_season() -> None:
    assert iso_local(datetime(2026, 7, 1, 8, 0, 5, tzinfo=UTC)) == "2026-07-01T09:00:05+01:00"
    assert iso_local(datetime(2026, 12, 1, 8, 0, 5, 999, tzinfo=UTC)) == (
        "2026-12-01T08:00:05+00:00"
    )


def test_london_datetime_turns_wall_time_into_utc() -> None:
    assert london_datetime(date(2026, 7, 1), 9, 30) == datetime(2026, 7, 1, 8, 30, tzinfo=UTC)
    assert london_datetime(date(2026, 12, 1), 9, 30) == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_day_label() -> None:
    assert day_label(date(2026, 11, 26)) == "Thu 26 Nov 2026"


def test_fixed_clock_always_says_the_same_moment_in_utc() -> None:
    clock = fixed_clock(datetime(2026, 7, 1, 10, 0, tzinfo=UTC))
    assert clock() == clock() == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert clock().utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_utc(datetime(2026, 7, 1, 10, 0))


def test_export_times_are_pendulums_london_times_across_the_clock_changes() -> None:
    """iso_local and london_day convert with the standard library (faster, for exports):
    the same text and day as pendulum's Europe/London, every 7 minutes around both changes
    (and a naive moment is taken as UTC, as pendulum takes it)."""
    import pendulum

    from dutydesk.domain.clock import LONDON

    for start in (datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 10, 24, tzinfo=UTC)):
        for step in range(0, 3 * 24 * 60, 7):
            moment = start + timedelta(minutes=step, seconds=step % 60)
            local = pendulum.instance(moment).in_timezone(LONDON)
            assert iso_local(moment) == local.isoformat(timespec="seconds")
            assert london_day(moment) == local.date()
    naive = datetime(2026, 7, 1, 12)
    assert iso_local(naive) == "2026-07-01T13:00:00+01:00"
