"""The record on a real SQLite file: sessions, calls, refs and the queue, including what
carries over from one day to the next. Fixtures: tests/store/conftest.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pendulum
import pytest

from dutydesk.domain import vocab
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child, SessionInfo
from dutydesk.domain.text import FieldError
from dutydesk.storage import ConflictError, Store, open_store
from tests.store.helpers import HEALTH, MASH, PEOPLE, Clock, call, decide, next_day, sql


def test_resuming_the_day_keeps_one_session_and_adds_new_people_once(store: Store) -> None:
    first = store.start_session(store.today(), PEOPLE, MASH)
    again = store.start_session(store.today(), [("police", "Ray Example", "DC"), *PEOPLE], MASH)
    assert again.id == first.id
    assert [(a.agency, a.name) for a in again.attendees] == [
        ("mash", "Sam Test"),
        ("health", "Ola Example"),
        ("police", "Ray Example"),
    ]
    assert store.session_days() == [date(2026, 11, 26)]


def test_a_session_needs_someone_in_the_room(store: Store) -> None:
    with pytest.raises(FieldError, match="At least one person"):
        store.start_session(store.today(), [("mash", "  ", "")], MASH)
    with pytest.raises(FieldError, match="Unknown agency"):
        store.start_session(store.today(), [("fire", "Al Example", "")], MASH)
    assert store.session_days() == []


def test_refs_are_the_day_and_a_count(store: Store, session: SessionInfo, clock: Clock) -> None:
    refs = [store.add_call(session.id, call(), MASH).ref for _ in range(3)]
    assert refs == ["261126-01", "261126-02", "261126-03"]
    friday = next_day(store, clock)
    assert store.add_call(friday.id, call(), MASH).ref == "261127-01"


def test_an_incomplete_call_is_not_saved(store: Store, session: SessionInfo) -> None:
    with pytest.raises(FieldError, match="What the worry is"):
        store.add_call(session.id, call(worry_seen=""), MASH)
    assert store.queue(session) == []


def test_queue_puts_the_most_urgent_and_oldest_first(store: Store, session: SessionInfo) -> None:
    def add(name: str, urgency: str, hour: int, minute: int = 0) -> int:
        received = datetime(2026, 11, 26, hour, minute, tzinfo=UTC)
        return store.add_call(session.id, call(name, urgency), MASH, received).referral_id

    add("Rosa Routine", "routine", 8)
    decided = add("Dan Decided", "immediate", 8, 30)
    add("Ivy Later", "immediate", 10)
    add("Tom Today", "today", 8, 15)
    add("Ian Early", "immediate", 9, 30)
    decide(store, decided, session.id, "advice")
    rows = store.queue(session)
    assert [r.child for r in rows] == ["IE 7y", "IL 7y", "TT 7y", "RR 7y", "DD 7y"]
    assert [r.status for r in rows] == [vocab.WAITING] * 4 + [vocab.DECIDED]


def test_undecided_referrals_carry_over_to_the_next_day(store: Store, clock: Clock) -> None:
    thursday = store.start_session(store.today(), PEOPLE, MASH)
    waiting = store.add_call(thursday.id, call("Will Wait"), MASH).referral_id
    done = store.add_call(thursday.id, call("Dee Done"), MASH).referral_id
    decide(store, done, thursday.id, "nfa")

    friday = next_day(store, clock)
    rows = {r.referral_id: r for r in store.queue(friday)}
    assert list(rows) == [waiting]
    assert rows[waiting].carried_from == date(2026, 11, 26)

    decide(store, waiting, friday.id, "early_help")
    rows = {r.referral_id: r for r in store.queue(friday)}
    assert list(rows) == [waiting]
    assert rows[waiting].status == vocab.DECIDED
    assert rows[waiting].outcome == "Early help"


def test_a_past_day_keeps_what_was_carried_into_it(store: Store, clock: Clock) -> None:
    thursday = store.start_session(store.today(), PEOPLE, MASH)
    waiting = store.add_call(thursday.id, call("Will Wait"), MASH).referral_id
    friday = next_day(store, clock)
    assert store.day_summary(friday).carried_over == 1
    saturday = next_day(store, clock)
    decide(store, waiting, saturday.id, "advice")
    # Friday's figures do not change because the referral was decided on Saturday.
    assert [r.referral_id for r in store.queue(friday)] == [waiting]
    assert store.day_summary(friday).carried_over == 1


def test_amending_a_call_keeps_the_first_version(store: Store, session: SessionInfo) -> None:
    row = store.add_call(session.id, call(), MASH)
    version = store.amend_call(
        row.referral_id, session.id, call(urgency="immediate"), HEALTH, expected_version=1
    )
    assert version == 2
    detail = store.referral(row.referral_id)
    assert detail.call_version == 2 and detail.call.urgency == "immediate"
    stored = sql(
        store,
        "SELECT version, urgency, actor_name FROM call_version WHERE referral_id = ? "
        "ORDER BY version",
        row.referral_id,
    )
    assert stored == [(1, "today", "Sam Test"), (2, "immediate", "Ola Example")]


def test_amending_a_call_changed_at_another_desk_is_refused(
    store: Store, session: SessionInfo
) -> None:
    row = store.add_call(session.id, call(), MASH)
    store.amend_call(row.referral_id, session.id, call(urgency="routine"), HEALTH, 1)
    with pytest.raises(ConflictError, match="another desk"):
        store.amend_call(row.referral_id, session.id, call(urgency="immediate"), MASH, 1)
    assert store.referral(row.referral_id).call.urgency == "routine"


def test_control_codes_are_stripped_but_text_kept_exactly(
    store: Store, session: SessionInfo
) -> None:
    typed = call(
        "\x1b[31mAmira\x1b[0m Khan",
        worry_seen="[bold]Bruise[/bold] on arm\x07\r\nsays she fell \x1b]0;owned\x07",
        referrer_org="  [@click=app.quit]School[/]  ",
    )
    rid = store.add_call(session.id, typed, MASH).referral_id
    stored = sql(
        store,
        "SELECT worry_seen, referrer_org, children_json FROM call_version WHERE referral_id = ?",
        rid,
    )
    worry, org, children = stored[0]
    assert worry == "[bold]Bruise[/bold] on arm\nsays she fell"
    assert org == "[@click=app.quit]School[/]"
    assert '"Amira Khan"' in children and "\x1b" not in children
    assert store.referral(rid).call.children[0].name == "Amira Khan"


def test_a_call_entered_next_morning_counts_in_the_day_it_was_added(
    store: Store, clock: Clock
) -> None:
    friday = next_day(store, clock)
    evening_before = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)
    row = store.add_call(friday.id, call(), MASH, received_at=evening_before)
    assert row.ref == "261127-01" and row.carried_from is None
    summary = store.day_summary(friday)
    assert (summary.calls, summary.carried_over, summary.still_waiting) == (1, 0, 1)


def test_a_referral_passed_on_without_a_decision_does_not_carry_over(tmp_path: Path) -> None:
    actor = Actor("Priya Sample", "mash", "MASH officer")
    monday = open_store(tmp_path / "p.db", fixed_clock(pendulum.datetime(2026, 11, 23, 10)))
    session = monday.start_session(monday.today(), [("mash", "Priya Sample", "")], actor)
    row = monday.add_call(session.id, CallDetails("immediate", (Child("Cy Notreal"),), "x"), actor)
    monday.pass_on(row.referral_id, session.id, actor)
    tuesday = open_store(tmp_path / "p.db", fixed_clock(pendulum.datetime(2026, 11, 24, 10)))
    today = tuesday.start_session(tuesday.today(), [("mash", "Priya Sample", "")], actor)
    assert tuesday.queue(today) == []
    assert tuesday.day_summary(today).carried_over == 0


def test_an_age_that_is_really_a_name_is_refused(tmp_path: Path) -> None:
    actor = Actor("Priya Sample", "mash", "")
    store = open_store(tmp_path / "a.db", fixed_clock(pendulum.datetime(2026, 11, 23, 10)))
    session = store.start_session(store.today(), [("mash", "Priya Sample", "")], actor)
    long_age = "Jo Madeupname lives with her nan at the corner flat"
    with pytest.raises(FieldError, match="Child 1: age: could not read"):
        store.add_call(session.id, CallDetails("today", (Child("Jo", age=long_age),), "x"), actor)
