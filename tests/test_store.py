"""The record on a real SQLite file: sessions, the queue, corrections that keep history."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutydesk.domain import vocab
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child, Decision, SessionInfo
from dutydesk.domain.text import FieldError
from dutydesk.storage import ConflictError, Store, open_store

MASH = Actor("Sam Test", "mash", "MASH officer")
HEALTH = Actor("Ola Example", "health", "Health visitor")
SOCIAL = Actor("Kit Example", "social_work", "Advanced practitioner")
THURSDAY = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PEOPLE = [("mash", "Sam Test", "MASH officer"), ("health", "Ola Example", "Health visitor")]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **kwargs: float) -> None:
        self.moment += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock(THURSDAY)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def store(path: Path, clock: Clock) -> Iterator[Store]:
    opened = open_store(path, clock)
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store) -> SessionInfo:
    return store.start_session(store.today(), PEOPLE, MASH)


def call(name: str = "Amira Khan", urgency: str = "today", **changes: Any) -> CallDetails:
    details = CallDetails(
        urgency=urgency,
        children=(Child(name, age="7"),),
        worry_seen="Bruise on arm, says she fell.",
        referrer_name="Jo Example",
        referrer_org="Example Primary School",
    )
    return replace(details, **changes)


def sql(store: Store, query: str, *params: Any) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.exec_driver_sql(query, params).all())


def decide(
    store: Store,
    rid: int,
    sid: int,
    outcome: str,
    version: int = 0,
    why: str = "",
    by: Actor = SOCIAL,
) -> Decision:
    """Decide (version 0) or amend the decision at `version` for the reason `why`."""
    return store.decide(
        rid,
        sid,
        outcome,
        f"Reasons for {outcome}.",
        ["health"],
        by,
        expected_version=version,
        amend_reason=why,
    )


def next_day(store: Store, clock: Clock, people: list[Any] = PEOPLE) -> SessionInfo:
    clock.advance(days=1)
    return store.start_session(store.today(), people, MASH)


# -- sessions and calls ------------------------------------------------------------------


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


def test_a_decision_amended_keeps_both_and_needs_a_reason(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    decide(store, rid, session.id, "partner")
    with pytest.raises(FieldError, match="Reason for the change is needed"):
        decide(store, rid, session.id, "assessment", 1)
    clock.advance(minutes=20)
    decide(store, rid, session.id, "assessment", 1, "Police disclosed a prior incident.")
    decisions = store.referral(rid).decisions
    assert [(d.version, d.outcome) for d in decisions] == [(1, "partner"), (2, "assessment")]
    current = store.referral(rid).decision
    assert current is not None and current.outcome == "assessment"
    assert current.amend_reason == "Police disclosed a prior incident."
    assert current.recorded_by == "Kit Example" and current.to_assessment_team
    assert sql(store, "SELECT count(*) FROM decision WHERE referral_id = ?", rid) == [(2,)]


def test_a_decision_made_at_another_desk_is_not_overwritten(
    store: Store, session: SessionInfo
) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    decide(store, rid, session.id, "advice")
    with pytest.raises(ConflictError, match="another desk"):
        decide(store, rid, session.id, "nfa", by=HEALTH)
    with pytest.raises(ConflictError):
        decide(store, rid, session.id, "nfa", 2, "Typo", by=HEALTH)
    assert [d.outcome for d in store.referral(rid).decisions] == ["advice"]


def test_passing_on_is_recorded_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    rid = store.add_call(session.id, call(urgency="immediate"), MASH).referral_id
    first = store.pass_on(rid, session.id, SOCIAL)
    clock.advance(minutes=30)
    assert store.pass_on(rid, session.id, HEALTH) == first
    assert store.referral(rid).passed_at == first
    assert sql(store, "SELECT count(*) FROM handoff") == [(1,)]
    assert store.queue(session)[0].status == vocab.PASSED_ON


def test_actions_stay_open_across_days_until_done(store: Store, clock: Clock) -> None:
    thursday = store.start_session(store.today(), PEOPLE, MASH)
    rid = store.add_call(thursday.id, call(), MASH).referral_id
    due = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    later = store.add_action(
        rid, thursday.id, "Home visit", "health", "Ola Example", None, "neglect", HEALTH
    )
    soon = store.add_action(
        rid, thursday.id, "Call school", "education", "", due, "education", MASH
    )
    assert soon.need == "Education and attendance" and soon.ref == "261126-01"

    friday = next_day(store, clock)
    assert [a.id for a in store.open_actions()] == [soon.id, later.id]
    store.set_action_done(soon.id, friday.id, True, HEALTH)
    assert [a.id for a in store.open_actions()] == [later.id]
    assert store.referral(rid).actions[1].done_at == clock()
    store.set_action_done(soon.id, friday.id, False, HEALTH)
    assert [a.id for a in store.open_actions()] == [soon.id, later.id]
    assert not store.referral(rid).actions[1].done
    with pytest.raises(FieldError, match="no such action"):
        store.set_action_done(999, friday.id, True, HEALTH)


def test_every_change_is_logged_with_who_made_it(store: Store) -> None:
    thursday = store.start_session(store.today(), PEOPLE[:1], MASH)
    store.add_attendee(thursday.id, "social_work", "Kit Example", "AP", MASH)
    rid = store.add_call(thursday.id, call(), MASH).referral_id
    store.amend_call(rid, thursday.id, call(urgency="immediate"), MASH, 1)
    store.add_view(rid, thursday.id, "health", "Known to us.", "", HEALTH)
    decide(store, rid, thursday.id, "strategy")
    decide(store, rid, thursday.id, "assessment", 1, "Second look.")
    store.pass_on(rid, thursday.id, SOCIAL)
    action = store.add_action(rid, thursday.id, "Visit", "social_work", "", None, "", SOCIAL)
    store.set_action_done(action.id, thursday.id, True, SOCIAL)
    store.set_action_done(action.id, thursday.id, False, SOCIAL)
    store.end_session(thursday.id, MASH)

    events = sql(store, "SELECT kind, actor_name, actor_agency, at FROM event ORDER BY id")
    assert [e[0] for e in events] == [
        "session started",
        "attendee added",
        "attendee added",
        "call added",
        "call amended",
        "view added",
        "decision made",
        "decision amended",
        "passed to Assessment Team",
        "action added",
        "action done",
        "action reopened",
        "session ended",
    ]
    assert all(name and agency and at for _kind, name, agency, at in events)
    assert ("view added", "Ola Example", "health") in {e[:3] for e in events}
    assert ("decision made", "Kit Example", "social_work") in {e[:3] for e in events}


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


def test_day_summary_counts_the_day(store: Store, clock: Clock) -> None:
    thursday = store.start_session(store.today(), PEOPLE, MASH)
    carried = store.add_call(thursday.id, call("Carl Carried"), MASH).referral_id
    closed = store.add_call(thursday.id, call("Cleo Closed"), MASH).referral_id
    decide(store, closed, thursday.id, "nfa")

    friday = next_day(store, clock)
    advice, strategy, waiting = (
        store.add_call(friday.id, call(name), MASH).referral_id
        for name in ("Ava Advice", "Sol Strategy", "Wes Waiting")
    )
    decide(store, advice, friday.id, "advice")
    decide(store, strategy, friday.id, "assessment")
    decide(store, strategy, friday.id, "strategy", 1, "Police information.")
    store.pass_on(strategy, friday.id, SOCIAL)
    decide(store, carried, friday.id, "early_help")
    first = store.add_action(advice, friday.id, "Send leaflet", "mash", "", None, "", MASH)
    store.add_action(carried, friday.id, "Refer to EH", "early_help", "", None, "", MASH)
    store.set_action_done(first.id, friday.id, True, MASH)

    summary = store.day_summary(friday)
    assert summary.day == date(2026, 11, 27)
    assert summary.calls == 3
    assert summary.carried_over == 1
    assert summary.decisions_by_outcome == {
        "Advice and signposting": 1,
        "Strategy discussion": 1,
        "Early help": 1,
    }
    assert summary.amended == 1
    assert summary.actions_created == 2
    assert summary.actions_done == 1
    assert summary.still_waiting == 1
    assert summary.passed_on == 1
    assert waiting in {r.referral_id for r in store.queue(friday) if r.open}


def test_a_call_entered_next_morning_counts_in_the_day_it_was_added(
    store: Store, clock: Clock
) -> None:
    friday = next_day(store, clock)
    evening_before = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)
    row = store.add_call(friday.id, call(), MASH, received_at=evening_before)
    assert row.ref == "261127-01" and row.carried_from is None
    summary = store.day_summary(friday)
    assert (summary.calls, summary.carried_over, summary.still_waiting) == (1, 0, 1)


def test_an_action_reopened_the_same_day_is_not_counted_done(
    store: Store, session: SessionInfo
) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    action = store.add_action(rid, session.id, "Visit", "health", "", None, "", HEALTH)
    store.set_action_done(action.id, session.id, True, HEALTH)
    store.set_action_done(action.id, session.id, False, HEALTH)  # ticked by mistake
    assert [a.id for a in store.open_actions()] == [action.id]
    assert store.day_summary(session).actions_done == 0


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
    with pytest.raises(FieldError, match="Age"):
        store.add_call(session.id, CallDetails("today", (Child("Jo", age=long_age),), "x"), actor)
