"""The measures on a hand-built fortnight whose answers were worked out by hand.

Friday 23 October 2026 (BST) and Monday 26 October 2026 (GMT): the clocks go back in
between, and two referrals cross the weekend.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pendulum
import pytest

from dutydesk.domain.measures import compute
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.domain.workdays import bank_holidays, decision_due, is_working_day
from dutydesk.storage import Store, open_store
from tests.conftest import MovableClock

MASH = Actor("Priya Sample", "mash", "MASH officer")
POLICE = Actor("DC Sam Ortiz-Example", "police", "DC")
HEALTH = Actor("Hana Testwell", "health", "Health visitor")
ROOM = [("mash", MASH.name, ""), ("police", POLICE.name, ""), ("health", HEALTH.name, "")]


def london(day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(2026, 10, day, hour, minute, tz="Europe/London")


def call(urgency: str, name: str) -> CallDetails:
    return CallDetails(urgency, (Child(name, age="8"),), "seen", needs=("neglect",))


@pytest.fixture
def fortnight(tmp_path: Path) -> tuple[Store, MovableClock]:
    clock = MovableClock(london(23, 8, 30))
    store = open_store(tmp_path / "m.db", clock)
    fri = store.start_session(date(2026, 10, 23), ROOM, MASH)
    r1 = store.add_call(fri.id, call("immediate", "Ana One"), MASH, london(23, 9))
    r2 = store.add_call(fri.id, call("immediate", "Ben Two"), MASH, london(23, 10))
    r4 = store.add_call(fri.id, call("routine", "Dee Four"), MASH, london(23, 11))
    r3 = store.add_call(fri.id, call("today", "Cal Three"), MASH, london(23, 16, 50))
    clock.set(london(23, 9, 20))
    store.add_view(r1.referral_id, fri.id, "police", "known", "", POLICE)
    store.add_view(r1.referral_id, fri.id, "health", "known", "", HEALTH)
    clock.set(london(23, 9, 45))
    store.decide(r1.referral_id, fri.id, "strategy", "risk", [], MASH, expected_version=0)
    store.pass_on(r1.referral_id, fri.id, MASH, at=london(23, 10, 30))
    store.add_action(
        r1.referral_id,
        fri.id,
        "Check records",
        "police",
        "DC Sam",
        london(23, 12),
        "physical_abuse",
        MASH,
    )
    clock.set(london(23, 11))
    store.decide(r2.referral_id, fri.id, "assessment", "needs", [], MASH, expected_version=0)
    store.pass_on(r2.referral_id, fri.id, MASH, at=london(23, 15, 30))
    done = store.add_action(
        r2.referral_id, fri.id, "Visit", "social_work", "Ade", london(26, 12), "neglect", MASH
    )
    store.add_action(r2.referral_id, fri.id, "Offer group", "early_help", "", None, "", MASH)
    store.set_action_done(done.id, fri.id, True, MASH)
    store.add_feedback(r1.referral_id, fri.id, "phone", 4, "Clear and quick", MASH)
    store.add_experience(fri.id, "police", 4, "Quick decisions", "More room", POLICE)
    store.add_experience(fri.id, "health", 5, "Heard", "", HEALTH)
    clock.set(london(23, 17))
    store.end_session(fri.id, MASH)

    clock.set(london(26, 8, 30))
    mon = store.start_session(date(2026, 10, 26), ROOM, MASH)
    r5 = store.add_call(mon.id, call("routine", "Eve Five"), MASH, london(26, 9))
    clock.set(london(26, 9, 30))
    store.decide(r5.referral_id, mon.id, "early_help", "family", [], MASH, expected_version=0)
    clock.set(london(26, 10))
    store.decide(
        r5.referral_id,
        mon.id,
        "partner",
        "school",
        [],
        MASH,
        expected_version=1,
        amend_reason="School offered its own worker",
    )
    store.add_feedback(r5.referral_id, mon.id, "email", 2, "", MASH)
    clock.set(london(26, 11, 30))
    store.decide(r4.referral_id, mon.id, "partner", "housing", [], MASH, expected_version=0)
    store.add_feedback(r4.referral_id, mon.id, "letter", None, "", MASH)
    store.add_call(mon.id, call("today", "Fay Six"), MASH, london(26, 13))
    clock.set(london(26, 16, 40))
    store.decide(r3.referral_id, mon.id, "advice", "advice given", [], MASH, expected_version=0)
    store.add_experience(mon.id, "police", 3, "", "Start earlier", POLICE)
    clock.set(london(26, 17, 30))
    return store, clock


def test_each_day_and_the_period(fortnight: tuple[Store, MovableClock]) -> None:
    store, _clock = fortnight
    result = compute(
        store.period_records(date(2026, 10, 23), date(2026, 10, 26)), store.now(), lists=store.lists
    )
    fri, mon = result.days
    assert (fri.label, mon.label) == ("2026-10-23", "2026-10-26")

    assert (fri.calls, fri.immediate, fri.immediate_passed_on) == (4, 2, 2)
    assert fri.immediate_median_minutes == 210  # 90 and 330 minutes
    assert fri.immediate_p90_minutes == 330
    assert fri.immediate_over_target == 1  # 330 > 240
    assert fri.decisions == 4
    assert fri.undecided_at_end == 2  # the 11:00 and 16:50 calls, at 17:00 on Friday
    # 45, 60, 4370 (16:50 BST Fri to 16:40 GMT Mon) and 4410 (11:00 BST to 11:30 GMT)
    assert fri.median_minutes_to_decision == 2215
    assert fri.missed_working_day == 1  # 11:00 Friday, decided 11:30 Monday
    assert (fri.actions, fri.actions_with_person, fri.actions_with_due) == (3, 2, 2)
    assert (fri.actions_with_need, fri.actions_done, fri.actions_open) == (2, 1, 2)
    assert fri.actions_overdue == 1  # due Friday noon, still open
    assert fri.beyond_social_care == 3  # police action, early help action, partner outcome
    assert (fri.satisfaction_count, fri.satisfaction_mean) == (1, 4)
    assert (fri.experience_count, fri.experience_mean) == (2, 4.5)
    assert fri.views == 2

    assert (mon.calls, mon.decisions, mon.amended) == (2, 1, 1)
    assert mon.undecided_at_end == 1  # the 13:00 call (Monday's session is not ended)
    assert mon.median_minutes_to_decision == 30
    assert mon.missed_working_day == 0  # the 13:00 call is due 13:00 Tuesday
    assert (mon.satisfaction_mean, mon.experience_mean) == (2, 3)

    total = result.total
    assert (total.calls, total.decisions, total.undecided_at_end) == (6, 5, 3)
    assert total.satisfaction_mean == 3
    assert total.decisions_by_outcome == {
        "Strategy discussion": 1,
        "Social care assessment": 1,
        "Support by a partner agency": 2,
        "Advice and signposting": 1,
    }
    assert result.decision_times == {
        "under 1 hour": 2,
        "1 to 2 hours": 1,
        "2 to 4 hours": 0,
        "4 to 8 hours": 0,
        "8 to 24 hours": 0,
        "over a day": 2,
        "not decided": 1,
    }
    assert result.amendments == [
        ("261026-01", "Early help", "Support by a partner agency", "School offered its own worker")
    ]
    assert result.views_by_agency == {"Police": 1, "Health": 1}
    assert result.needs_by_category == {"Neglect and basic care": 6}


def test_a_different_target_changes_the_count(fortnight: tuple[Store, MovableClock]) -> None:
    store, _clock = fortnight
    records = store.period_records(date(2026, 10, 23), date(2026, 10, 23))
    assert (
        compute(records, store.now(), target_minutes=60, lists=store.lists)
        .days[0]
        .immediate_over_target
        == 2
    )
    assert (
        compute(records, store.now(), target_minutes=400, lists=store.lists)
        .days[0]
        .immediate_over_target
        == 0
    )


def test_english_bank_holidays() -> None:
    assert sorted(bank_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    ]
    assert date(2027, 12, 27) in bank_holidays(2027)  # Christmas on a Saturday
    assert date(2022, 9, 19) in bank_holidays(2022)  # a one-off: the state funeral
    assert {date(2022, 6, 2), date(2022, 6, 3)} <= bank_holidays(2022)  # the Jubilee
    assert date(2022, 5, 30) not in bank_holidays(2022)  # spring's, moved to 2 June
    assert date(2023, 5, 8) in bank_holidays(2023)  # the coronation
    assert {date(2027, 3, 26), date(2027, 3, 29)} <= bank_holidays(2027)  # Easter
    assert date(2020, 5, 8) in bank_holidays(2020) and date(2020, 5, 4) not in bank_holidays(2020)
    assert not is_working_day(date(2026, 12, 26))


def test_bank_holidays_without_every_other_country() -> None:
    """England's days as `holidays.country_holidays` gives them, without importing the
    package's 250 other countries first (half its cost, on every export and start)."""
    code = (
        "import sys, holidays\n"
        "from dutydesk.domain.workdays import bank_holidays\n"
        "ours = {year: bank_holidays(year) for year in range(1995, 2031)}\n"
        "assert 'holidays.countries.afghanistan' not in sys.modules\n"
        "for year, days in ours.items():\n"
        "    theirs = holidays.country_holidays('GB', subdiv='ENG', years=year)\n"
        "    assert days == {d for d in theirs if d.weekday() < 5}, year\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Friday 16:50 is due Monday 16:50.
        (pendulum.datetime(2026, 11, 27, 16, 50, tz="Europe/London"), "2026-11-30T16:50:00+00:00"),
        # Across the clock change: 16:50 BST Friday, due 16:50 GMT Monday.
        (pendulum.datetime(2026, 10, 23, 16, 50, tz="Europe/London"), "2026-10-26T16:50:00+00:00"),
        # Before the bank holiday Monday: due Tuesday.
        (pendulum.datetime(2026, 8, 28, 10, 0, tz="Europe/London"), "2026-09-01T10:00:00+01:00"),
        # A Saturday call: due at the same time on Monday.
        (pendulum.datetime(2026, 11, 28, 10, 0, tz="Europe/London"), "2026-11-30T10:00:00+00:00"),
    ],
)
def test_one_working_day(received: pendulum.DateTime, due: str) -> None:
    assert pendulum.instance(decision_due(received)).in_timezone("Europe/London").isoformat() == due


def test_one_working_day_as_pendulum_reckoned_it() -> None:
    """decision_due (standard library zones) gives what it gave through pendulum: the
    London wall time to the second on the next working day, every 97 minutes of 2026-27."""
    from datetime import UTC, datetime, timedelta

    from dutydesk.domain.clock import london_datetime, to_london
    from dutydesk.domain.workdays import next_working_day

    moment = datetime(2026, 1, 1, 0, 0, 7, 123456, tzinfo=UTC)
    while moment.year < 2028:
        local = to_london(moment)
        due = london_datetime(next_working_day(local.date()), local.hour, local.minute)
        assert decision_due(moment) == due + timedelta(seconds=local.second)
        moment += timedelta(minutes=97, seconds=13)
