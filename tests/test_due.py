"""Due dates as a duty team types them: read as London wall time, returned in UTC."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from dutydesk.domain.clock import to_london
from dutydesk.domain.due import HINT, DueError, parse_due, read_due

# Thursday 26 November 2026, 10:15 in London (GMT, so UTC too).
THURSDAY = datetime(2026, 11, 26, 10, 15, tzinfo=UTC)
FRIDAY = datetime(2026, 11, 27, 10, 15, tzinfo=UTC)
SATURDAY = datetime(2026, 11, 28, 10, 15, tzinfo=UTC)


def london(text: str, now: datetime = THURSDAY) -> tuple[str, str]:
    """The London day and wall time that `text` names, e.g. ('2026-11-26', '16:00')."""
    due = parse_due(text, now)
    assert due is not None
    assert due.utcoffset() is not None and due.utcoffset().total_seconds() == 0, "not UTC"
    local = to_london(due)
    return local.date().isoformat(), local.strftime("%H:%M")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today 16:00", ("2026-11-26", "16:00")),
        ("Today 16:00", ("2026-11-26", "16:00")),
        ("  today  ", ("2026-11-26", "17:00")),
        ("tomorrow", ("2026-11-27", "17:00")),
        ("tmrw 9am", ("2026-11-27", "09:00")),
        ("friday 10:30", ("2026-11-27", "10:30")),
        ("fri, 10:30", ("2026-11-27", "10:30")),
        ("mon", ("2026-11-30", "17:00")),
        ("thu", ("2026-11-26", "17:00")),
        ("+2d", ("2026-11-28", "17:00")),
        ("+2", ("2026-11-28", "17:00")),
        ("2026-12-01", ("2026-12-01", "17:00")),
        ("1/12", ("2026-12-01", "17:00")),
        ("01/12/2026", ("2026-12-01", "17:00")),
        ("1/12/26", ("2026-12-01", "17:00")),
        ("2026-12-01 9.30", ("2026-12-01", "09:30")),
        ("noon", ("2026-11-26", "12:00")),
        ("4pm", ("2026-11-26", "16:00")),
        ("4:30pm tomorrow", ("2026-11-27", "16:30")),
        ("12am", ("2026-11-26", "00:00")),
        ("12pm", ("2026-11-26", "12:00")),
    ],
)
def test_reads_what_people_type(text: str, expected: tuple[str, str]) -> None:
    assert london(text) == expected


def test_a_day_without_a_time_means_the_end_of_the_working_day() -> None:
    assert london("tomorrow")[1] == "17:00"


def test_a_time_without_a_day_means_today() -> None:
    assert london("16:00") == ("2026-11-26", "16:00")


def test_a_weekday_on_that_day_means_today() -> None:
    assert london("fri", FRIDAY) == ("2026-11-27", "17:00")


def test_a_weekday_that_has_passed_means_next_week() -> None:
    assert london("fri", SATURDAY) == ("2026-12-04", "17:00")


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_means_no_due_date(text: str) -> None:
    assert parse_due(text, THURSDAY) is None


@pytest.mark.parametrize("text", ["soon", "next week", "9", "fr", "today at 4pm", "25:00"])
def test_garbage_says_what_to_type(text: str) -> None:
    with pytest.raises(DueError) as raised:
        parse_due(text, THURSDAY)
    assert HINT in str(raised.value)
    assert "today 16:00" in str(raised.value)


@pytest.mark.parametrize("text", ["31/02", "2026-02-30", "31/11/2026"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(DueError, match="not a real date"):
        parse_due(text, THURSDAY)


@pytest.mark.parametrize("text", ["today tomorrow", "fri mon", "tomorrow 2026-12-01"])
def test_two_days_are_refused(text: str) -> None:
    with pytest.raises(DueError, match="two days"):
        parse_due(text, THURSDAY)


def test_two_times_are_refused() -> None:
    with pytest.raises(DueError, match="two times"):
        parse_due("today 9am 4pm", THURSDAY)


def test_today_is_the_london_day_not_the_utc_day() -> None:
    # 23:30 UTC on 31 July is already 1 August in London (BST).
    late = datetime(2026, 7, 31, 23, 30, tzinfo=UTC)
    due = parse_due("today 16:00", late)
    assert due == datetime(2026, 8, 1, 15, 0, tzinfo=UTC)


def test_summer_times_are_an_hour_behind_in_utc() -> None:
    due = parse_due("today 16:00", datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    assert due == datetime(2026, 7, 1, 15, 0, tzinfo=UTC)


def test_tomorrow_across_the_autumn_clock_change() -> None:
    # Saturday 24 October 2026 is BST; the clocks go back at 02:00 on Sunday 25th.
    now = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    assert parse_due("tomorrow 09:00", now) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert london("tomorrow 09:00", now) == ("2026-10-25", "09:00")


def test_monday_across_the_spring_clock_change() -> None:
    # Saturday 28 March 2026 is GMT; the clocks go forward at 01:00 on Sunday 29th.
    now = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    assert parse_due("mon 09:00", now) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert london("mon 09:00", now) == ("2026-03-30", "09:00")


def test_now_may_be_given_in_any_zone() -> None:
    paris = datetime(2026, 11, 26, 11, 15, tzinfo=timezone(timedelta(hours=1)))
    assert parse_due("today 16:00", paris) == parse_due("today 16:00", THURSDAY)


# -- an action's due date: which day, and working days (read_due) -------------------------

# Friday 4 December 2026, 10:00 in London (GMT).
FRIDAY_4_DEC = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


def preview(text: str, now: datetime = FRIDAY_4_DEC) -> str:
    due = read_due(text, now)
    assert due is not None
    return due.preview(now)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("tomorrow", "Due: tomorrow, Saturday 5 Dec 17:00. Saturday 5 Dec is not a working day "
         "(a weekend): add nwd for Monday 7 Dec, or keep it."),
        ("+2d", "Due: Sunday 6 Dec 17:00. Sunday 6 Dec is not a working day (a weekend): add "
         "nwd for Monday 7 Dec, or keep it."),
        ("25/12 10am", "Due: Friday 25 Dec 10:00. Friday 25 Dec is not a working day (a bank "
         "holiday): add nwd for Tuesday 29 Dec, or keep it."),
        ("tomorrow nwd", "Due: Monday 7 Dec 17:00, the next working day after Saturday 5 Dec."),
        ("nwd +2d 9am", "Due: Monday 7 Dec 09:00, the next working day after Sunday 6 Dec."),
        ("mon nwd", "Due: Monday 7 Dec 17:00."),  # a working day already: kept
        ("nwd", "Due: Monday 7 Dec 17:00."),  # alone: the next working day after today
        ("mon", "Due: Monday 7 Dec 17:00."),
    ],
)  # fmt: skip
def test_a_day_that_is_not_a_working_day_is_said_and_the_next_offered(
    text: str, shown: str
) -> None:
    assert preview(text) == shown


def test_the_offer_is_the_same_time_on_the_next_working_day() -> None:
    due = read_due("tomorrow 9:30", FRIDAY_4_DEC)
    assert due is not None and not due.working_day
    assert due.offer() == datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    assert read_due("tomorrow 9:30 nwd", FRIDAY_4_DEC) == replace(
        due, at=due.offer(), said="Monday 7 Dec 09:30", moved_from=date(2026, 12, 5)
    )


def test_nwd_is_only_for_due_dates() -> None:
    with pytest.raises(DueError, match="Could not read 'nwd'"):
        parse_due("tomorrow nwd", FRIDAY_4_DEC)


def test_fri_on_a_friday_says_which_friday() -> None:
    assert preview("fri") == "Due: today, Friday 4 Dec 17:00."
    assert preview("friday 16:00") == "Due: today, Friday 4 Dec 16:00."


def test_fri_on_a_friday_after_its_time_is_next_friday_and_says_why() -> None:
    at_five = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    assert preview("fri", at_five) == "Due: next Friday, 11 Dec 17:00 (17:00 today has passed)."
    assert preview("fri 9am") == "Due: next Friday, 11 Dec 09:00 (09:00 today has passed)."
    assert preview("fri 18:00", at_five) == "Due: today, Friday 4 Dec 18:00."
    # 'today' is today all the same: said to have passed, not moved.
    assert preview("today", at_five) == "Due: today, Friday 4 Dec 17:00 (already passed)."
    # What was past stays past for a moment already gone (when a referrer was told).
    assert parse_due("fri 9am", FRIDAY_4_DEC) == datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_the_weekday_rule_at_the_spring_clock_change() -> None:
    # Friday 27 March 2026, 17:30 GMT; the clocks go forward on Sunday 29th; Good Friday is
    # 3 April and Easter Monday 6 April.
    now = datetime(2026, 3, 27, 17, 30, tzinfo=UTC)
    due = read_due("fri", now)
    assert due is not None
    assert due.at == datetime(2026, 4, 3, 16, 0, tzinfo=UTC)  # 17:00 BST
    assert due.preview(now) == (
        "Due: next Friday, 3 Apr 17:00 (17:00 today has passed). Friday 3 Apr is not a working "
        "day (a bank holiday): add nwd for Tuesday 7 Apr, or keep it."
    )
    assert due.offer() == datetime(2026, 4, 7, 16, 0, tzinfo=UTC)
    plus_two = read_due("+2d", now)  # Sunday 29 March, the day the clocks change
    assert plus_two is not None and plus_two.at == datetime(2026, 3, 29, 16, 0, tzinfo=UTC)
    assert "Sunday 29 Mar is not a working day (a weekend): add nwd for Monday 30 Mar" in (
        plus_two.preview(now)
    )


@pytest.mark.parametrize(
    ("now", "tomorrow"),
    [
        # The hour around the autumn change: Sunday 25 October 2026, 01:00-02:00 happens twice.
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), "Monday 26 Oct"),  # 00:30 BST on Sunday
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Monday 26 Oct"),  # 01:30 BST
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "Monday 26 Oct"),  # 01:30 GMT
        (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), "Sunday 25 Oct"),  # 23:30 BST Saturday
    ],
)
def test_tomorrow_in_the_hour_the_clocks_go_back(now: datetime, tomorrow: str) -> None:
    shown = preview("tomorrow", now)
    assert shown.startswith(f"Due: tomorrow, {tomorrow} 17:00")
    due = read_due("sun", now)  # on the Sunday itself, 'sun' is today (17:00 is to come)
    assert due is not None
    if tomorrow == "Monday 26 Oct":
        assert due.at == datetime(2026, 10, 25, 17, 0, tzinfo=UTC)  # 17:00 GMT
        assert due.preview(now).startswith("Due: today, Sunday 25 Oct 17:00. Sunday 25 Oct is")
        assert "add nwd for Monday 26 Oct" in due.preview(now)
