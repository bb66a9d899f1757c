"""The queue's rows are kept between reads (`storage/queue_cache.py`): every change must
still show, made at this desk or at another, as a Store opened afresh (nothing kept) reads
it; repeat-contact flags too, which can change with another referral's call."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest

from dutydesk.domain.day import QueueRow
from dutydesk.domain.records import Child, SessionInfo
from dutydesk.storage import Store, open_store
from tests.store.helpers import HEALTH, MASH, Clock, call, decide, next_day

DOB = date(2018, 5, 4)
AMIRA = call(children=(Child("Amira Khan", dob=DOB),))


@pytest.fixture
def other_desk(db_target: str, clock: Clock) -> Iterator[Store]:
    opened = open_store(db_target, clock)
    yield opened
    opened.close()


def flags(store: Store, session: SessionInfo) -> dict[str, bool]:
    return {row.ref: row.repeat for row in store.queue(session)}


def queue_afresh(db_target: str, clock: Clock, session: SessionInfo) -> list[QueueRow]:
    """The queue as a Store opened now reads it: nothing kept from before."""
    store = open_store(db_target, clock)
    try:
        return store.queue(session)
    finally:
        store.close()


def afresh(db_target: str, clock: Clock, session: SessionInfo) -> dict[str, bool]:
    return {row.ref: row.repeat for row in queue_afresh(db_target, clock, session)}


def test_what_another_desk_saves_shows_in_the_rows_kept_here(
    store: Store, other_desk: Store, session: SessionInfo, clock: Clock, db_target: str
) -> None:
    first = store.add_call(session.id, AMIRA, MASH)
    second = store.add_call(session.id, call(name="Bo Unreal"), MASH)
    before = store.queue(session)
    clock.advance(minutes=30)
    other_desk.add_view(first.referral_id, session.id, "health", "Known to us.", "", HEALTH)
    decide(other_desk, first.referral_id, session.id, "early_help")
    other_desk.pass_on(second.referral_id, session.id, HEALTH)
    other_desk.add_feedback(first.referral_id, session.id, "phone", None, "", HEALTH)

    after = store.queue(session)
    assert after != before
    assert after == queue_afresh(db_target, clock, session)
    by_ref = {row.ref: row for row in after}
    assert by_ref[first.ref].agencies == ("health",) and by_ref[first.ref].told_at
    assert by_ref[second.ref].passed_at is not None


def test_the_next_day_reads_its_own_rows(
    store: Store, session: SessionInfo, clock: Clock, db_target: str
) -> None:
    first = store.add_call(session.id, AMIRA, MASH)
    assert store.queue(session)[0].carried_from is None
    tomorrow = next_day(store, clock)

    assert [row.carried_from for row in store.queue(tomorrow)] == [session.day]
    assert store.queue(tomorrow) == queue_afresh(db_target, clock, tomorrow)
    assert first.ref in {row.ref for row in store.queue(tomorrow)}


def test_a_new_call_is_flagged_as_soon_as_it_is_saved(
    store: Store, session: SessionInfo, clock: Clock, db_target: str
) -> None:
    first = store.add_call(session.id, AMIRA, MASH)
    assert flags(store, session) == {first.ref: False}
    clock.advance(hours=1)
    store.add_view(first.referral_id, session.id, "health", "Known to us.", "", HEALTH)
    again = store.add_call(session.id, AMIRA, MASH)
    decide(store, first.referral_id, session.id, "early_help")

    assert again.repeat
    assert flags(store, session) == {first.ref: False, again.ref: True}
    assert flags(store, session) == afresh(db_target, clock, session)


def test_a_call_received_earlier_but_saved_later_flags_the_later_one(
    store: Store, session: SessionInfo, clock: Clock, db_target: str
) -> None:
    clock.advance(hours=2)
    later = store.add_call(session.id, AMIRA, MASH)
    assert flags(store, session) == {later.ref: False}
    # A call taken by phone two hours before, typed in now: the earlier contact.
    earlier = store.add_call(session.id, AMIRA, MASH, received_at=clock.moment - timedelta(hours=2))

    assert flags(store, session) == {later.ref: True, earlier.ref: False}
    assert flags(store, session) == afresh(db_target, clock, session)


def test_an_amended_call_or_a_confirmed_match_changes_the_flag(
    store: Store, session: SessionInfo, clock: Clock, db_target: str
) -> None:
    unlike = replace(AMIRA, children=(Child("Bea Unreal", dob=date(2016, 1, 2)),))
    first = store.add_call(session.id, unlike, MASH)
    clock.advance(hours=1)
    second = store.add_call(session.id, AMIRA, MASH)
    assert flags(store, session) == {first.ref: False, second.ref: False}

    # The earlier call corrected to the same child: the later one becomes a repeat.
    store.amend_call(first.referral_id, session.id, AMIRA, MASH, expected_version=1)
    assert flags(store, session) == {first.ref: False, second.ref: True}

    clock.advance(hours=1)
    third = store.add_call(session.id, unlike, MASH)
    assert flags(store, session)[third.ref] is False
    store.confirm_match(third.referral_id, first.referral_id, session.id, MASH)
    assert flags(store, session)[third.ref] is True
    assert flags(store, session) == afresh(db_target, clock, session)


def test_a_call_saved_at_another_desk_is_seen_here(
    store: Store, other_desk: Store, session: SessionInfo, clock: Clock, db_target: str
) -> None:
    clock.advance(hours=2)
    here = store.add_call(session.id, AMIRA, MASH)
    assert flags(store, session) == {here.ref: False}
    there = other_desk.add_call(
        session.id, AMIRA, HEALTH, received_at=clock.moment - timedelta(hours=1)
    )

    assert flags(store, session) == {here.ref: True, there.ref: False}
    assert flags(store, session) == afresh(db_target, clock, session)
