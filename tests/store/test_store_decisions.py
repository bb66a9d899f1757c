"""The record on a real SQLite file: decisions and their amendments, passing on, actions,
the event log and the day's summary. Fixtures: tests/store/conftest.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dutydesk.domain import vocab
from dutydesk.domain.records import SessionInfo
from dutydesk.domain.text import FieldError
from dutydesk.storage import ConflictError, Store
from tests.store.helpers import HEALTH, MASH, PEOPLE, SOCIAL, Clock, call, decide, next_day, sql


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
    assert current.recorded_by == "Kit Example"
    assert current.outcome in store.lists.to_assessment_team
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
    store.start_session(thursday.day, [("social_work", "Kit Example", "AP")], MASH)
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


def test_an_action_reopened_the_same_day_is_not_counted_done(
    store: Store, session: SessionInfo
) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    action = store.add_action(rid, session.id, "Visit", "health", "", None, "", HEALTH)
    store.set_action_done(action.id, session.id, True, HEALTH)
    store.set_action_done(action.id, session.id, False, HEALTH)  # ticked by mistake
    assert [a.id for a in store.open_actions()] == [action.id]
    assert store.day_summary(session).actions_done == 0
