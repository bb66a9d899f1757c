"""Advice calls, feedback in full, earlier contacts and online-form imports in the Store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from dutydesk.domain import vocab
from dutydesk.domain.matching import LIKELY, POSSIBLE
from dutydesk.domain.records import CallDetails, Child, SessionInfo
from dutydesk.domain.text import FieldError
from dutydesk.storage import Store
from tests.store.helpers import MASH, Clock, call, decide, next_day, sql

DOB = date(2018, 5, 4)


def advice(**changes: object) -> CallDetails:
    details = CallDetails(
        urgency="",
        children=(),
        kind=vocab.ADVICE,
        advice="Talk to the family first; call back if the bruising happens again.",
        referrer_name="Jo Example",
        referrer_org="Example Primary School",
    )
    return replace(details, **changes)  # type: ignore[arg-type]


def test_an_advice_call_needs_only_the_advice(store: Store, session: SessionInfo) -> None:
    row = store.add_call(session.id, advice(), MASH)
    assert row.kind == vocab.ADVICE and row.status == vocab.ADVICE_GIVEN and not row.open
    assert row.urgency == "routine"
    with pytest.raises(FieldError, match="advice given is needed"):
        store.add_call(session.id, advice(advice="  "), MASH)


def test_an_advice_call_does_not_carry_over(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    store.add_call(session.id, advice(), MASH)
    waiting = store.add_call(session.id, call(), MASH)
    tomorrow = next_day(store, clock)
    assert [r.ref for r in store.queue(tomorrow)] == [waiting.ref]


def test_advice_made_a_referral_keeps_the_advice(store: Store, session: SessionInfo) -> None:
    row = store.add_call(session.id, advice(), MASH)
    detail = store.referral(row.referral_id)
    made = replace(
        detail.call,
        kind=vocab.REFERRAL,
        advice="",
        children=(Child("Amira Khan", age="7"),),
        worry_seen="Bruising again.",
    )
    version = store.amend_call(row.referral_id, session.id, made, MASH, expected_version=1)
    after = store.referral(row.referral_id)
    assert version == 2 and after.call.kind == vocab.REFERRAL
    assert after.call.advice == detail.call.advice  # kept
    assert after.status == vocab.WAITING
    kinds = sql(store, "SELECT version, kind FROM call_contact ORDER BY version")
    assert kinds == [(1, "advice"), (2, "referral")]
    events = [k for (k,) in sql(store, "SELECT kind FROM event")]
    assert "advice call made a referral" in events


def test_feedback_records_when_who_and_what(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    row = store.add_call(session.id, call(), MASH)
    assert store.queue(session)[0].awaiting_feedback is False
    decide(store, row.referral_id, session.id, "early_help")
    assert store.queue(session)[0].awaiting_feedback is True
    told = clock.moment - timedelta(minutes=5)
    store.add_feedback(
        row.referral_id,
        session.id,
        "email",
        4,
        "Glad to know",
        MASH,
        told_at=told,
        told_by="Sam Test",
        text="Early help will contact the family.",
    )
    feedback = store.feedback_for(row.referral_id)[0]
    assert (feedback.told_at, feedback.told_by, feedback.text) == (
        told,
        "Sam Test",
        "Early help will contact the family.",
    )
    assert store.queue(session)[0].awaiting_feedback is False
    with pytest.raises(FieldError, match="still to come"):
        store.add_feedback(
            row.referral_id,
            session.id,
            "phone",
            None,
            "",
            MASH,
            told_at=clock.moment + timedelta(hours=1),
        )


def test_earlier_contacts_likely_possible_and_confirmed(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    first = store.add_call(session.id, call(children=(Child("Amira Khan", dob=DOB),)), MASH)
    decide(store, first.referral_id, session.id, "early_help")
    store.add_action(first.referral_id, session.id, "Visit", "early_help", "", None, "", MASH)
    other = store.add_call(session.id, call(children=(Child("Amira Kahn", dob=DOB),)), MASH)
    tomorrow = next_day(store, clock)
    again = store.add_call(tomorrow.id, call(children=(Child("  amira   KHAN", dob=DOB),)), MASH)
    found = {e.ref: e for e in store.earlier_contacts(again.referral_id)}
    assert found[first.ref].strength == LIKELY
    assert found[first.ref].outcome == "Early help"
    assert [a.what for a in found[first.ref].open_actions] == ["Visit"]
    assert found[other.ref].strength == POSSIBLE  # same DOB, similar surname
    queue = {r.ref: r for r in store.queue(tomorrow)}
    assert queue[again.ref].repeat
    assert store.referral(again.referral_id).repeat_of == (first.ref,)
    # The possible one counts once someone confirms it; nothing is merged.
    store.confirm_match(again.referral_id, other.referral_id, tomorrow.id, MASH)
    store.confirm_match(again.referral_id, other.referral_id, tomorrow.id, MASH)  # once only
    confirmed = {e.ref: e for e in store.earlier_contacts(again.referral_id)}[other.ref]
    assert confirmed.confirmed_by == "Sam Test" and confirmed.confirmed_at is not None
    assert set(store.referral(again.referral_id).repeat_of) == {first.ref, other.ref}
    assert sql(store, "SELECT count(*) FROM contact_link") == [(1,)]
    assert sql(store, "SELECT count(*) FROM referral") == [(3,)]


def test_same_name_and_age_is_possible_and_a_quoted_ref_is_likely(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    first = store.add_call(session.id, call(children=(Child("Bo Unreal", age="7"),)), MASH)
    different = store.add_call(session.id, call(children=(Child("Cy Unreal", age="9"),)), MASH)
    tomorrow = next_day(store, clock)
    again = store.add_call(
        tomorrow.id,
        call(children=(Child("Bo Unreal", age="8"),), earlier_ref=different.ref),
        MASH,
    )
    found = {e.ref: (e.strength, e.why) for e in store.earlier_contacts(again.referral_id)}
    assert found[first.ref] == (POSSIBLE, "same name, same age")
    assert found[different.ref] == (LIKELY, "the call quotes its reference")
    assert not store.queue(session)[0].repeat  # earlier contacts are not repeats of later


def test_a_contact_over_12_months_ago_is_not_a_repeat(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    store.add_call(session.id, call(children=(Child("Di Unreal", dob=DOB),)), MASH)
    clock.advance(days=400)
    later = store.start_session(store.today(), [("mash", "Sam Test", "")], MASH)
    row = store.add_call(later.id, call(children=(Child("Di Unreal", dob=DOB),)), MASH)
    assert len(store.earlier_contacts(row.referral_id)) == 1  # still shown
    assert not store.queue(later)[-1].repeat


def test_an_import_is_all_or_nothing(store: Store, session: SessionInfo) -> None:
    good = call(name="Ed Unreal")
    bad = call(name="", children=())
    with pytest.raises(FieldError, match="row 2"):
        store.import_calls(session.id, [(good, None), (bad, None)], MASH)
    assert store.queue(session) == []
    refs = store.import_calls(session.id, [(good, None), (call(name="Fi Unreal"), None)], MASH)
    rows = store.queue(session)
    assert sorted(r.ref for r in rows) == refs and {r.source for r in rows} == {"online form"}


def test_the_measures_count_advice_repeats_online_form_and_feedback(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    from dutydesk.domain import report
    from dutydesk.domain.measures import compute

    first = store.add_call(session.id, call(children=(Child("Gil Unreal", dob=DOB),)), MASH)
    decide(store, first.referral_id, session.id, "early_help")
    store.add_feedback(first.referral_id, session.id, "phone", 5, "", MASH)
    store.add_call(session.id, advice(), MASH)
    tomorrow = next_day(store, clock)
    again = store.add_call(tomorrow.id, call(children=(Child("Gil Unreal", dob=DOB),)), MASH)
    decide(store, again.referral_id, tomorrow.id, "nfa")
    store.import_calls(tomorrow.id, [(call(name="Hal Unreal"), None)], MASH)
    measures = compute(
        store.period_records(session.day, tomorrow.day), store.now(), lists=store.lists
    )
    day1, day2 = measures.days
    assert (day1.calls, day1.advice_calls, day1.referrals) == (2, 1, 1)
    assert (day1.feedback_given, day1.feedback_awaiting, day1.missed_working_day) == (1, 0, 0)
    assert day1.undecided_at_end == 0  # an advice call waits for nobody
    assert (day2.calls, day2.repeat_contacts, day2.online_form) == (2, 1, 1)
    assert (day2.feedback_given, day2.feedback_awaiting) == (0, 1)
    total = measures.total
    assert (total.advice_calls, total.repeat_contacts, total.online_form) == (1, 1, 1)
    row = report.records(measures, store.lists)[-1]
    assert (row["advice_calls"], row["repeat_contacts"], row["feedback_awaiting"]) == (
        "1",
        "1",
        "1",
    )
    summary = store.day_summary(session)
    assert (summary.advice_calls, summary.still_waiting) == (1, 0)


def test_the_retention_purge_takes_an_old_contacts_links_keys_and_feedback(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    old = store.add_call(session.id, call(children=(Child("Ivo Unreal", dob=DOB),)), MASH)
    decide(store, old.referral_id, session.id, "nfa")
    store.add_feedback(old.referral_id, session.id, "phone", 4, "", MASH, text="Told: no action")
    clock.advance(days=200)
    later = store.start_session(store.today(), [("mash", "Sam Test", "")], MASH)
    new = store.add_call(later.id, call(children=(Child("Ivo Unreal", age="8"),)), MASH)
    store.confirm_match(new.referral_id, old.referral_id, later.id, MASH)
    clock.advance(days=300)  # the old one is 500 days old, the new one 300
    result = store.purge(store.today() - timedelta(days=365), MASH)
    assert result.plan.rows["referral"] == 1
    assert sql(store, "SELECT count(*) FROM contact_link") == [(0,)]
    assert sql(store, "SELECT count(*) FROM feedback_told") == [(0,)]
    assert sql(store, "SELECT referral_id FROM child_key") == [(new.referral_id,)]
    assert store.earlier_contacts(new.referral_id) == []


def test_an_import_that_fails_half_way_adds_nothing(
    store: Store, session: SessionInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutydesk.storage.engine import DatabaseError

    real = store._insert_call
    calls: list[int] = []

    def second_fails(*args: object, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("The disk is full.")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_insert_call", second_fails)
    with pytest.raises(DatabaseError):
        store.import_calls(session.id, [(call(name="Jo Unreal"), None)] * 3, MASH)
    assert store.queue(session) == []
    assert sql(store, "SELECT count(*) FROM call_version") == [(0,)]
