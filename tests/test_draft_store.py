"""The Store's drafts: one per desk and form, never in the record, quick to give up a lock."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from dutydesk.domain.records import CallDetails, Child
from dutydesk.storage import DatabaseError, Store
from dutydesk.storage.drafts import DraftKey
from dutydesk.storage.engine import BUSY_TIMEOUT_MS
from dutydesk.storage.server import WRITE_LOCK
from tests.engines import is_pg, outside
from tests.pilot_helpers import MASH, start_room
from tests.safety_helpers import count, events


@pytest.fixture
def store(engine_store: Store) -> Store:
    """On a SQLite file, then on PostgreSQL (`db_target`)."""
    return engine_store


@contextmanager
def held_lock(target: str) -> Iterator[None]:
    """Another desk holding the database's write lock (stuck mid-save)."""
    if is_pg(target):
        other = outside(target)
        other.autocommit = False
        other.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
    else:
        other = sqlite3.connect(target, timeout=0.1, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.rollback() if is_pg(target) else other.execute("ROLLBACK")
        other.close()


def test_two_desks_typing_the_same_form_keep_separate_drafts(store: Store) -> None:
    session = start_room(store)
    key = DraftKey(session.id, "call")
    store.save_draft(key, "desk-a", {"referrer_name": "Typed at desk A"}, MASH)
    store.save_draft(key, "desk-b", {"referrer_name": "Typed at desk B"}, MASH)
    store.save_draft(key, "desk-a", {"referrer_name": "Typed more at desk A"}, MASH)
    kept = {d.desk: d.fields["referrer_name"] for d in store.drafts(session.id)}
    assert kept == {"desk-a": "Typed more at desk A", "desk-b": "Typed at desk B"}
    store.discard_draft(key, "desk-a")  # desk A saved its call: desk B's typing stays
    assert [d.desk for d in store.drafts(session.id)] == ["desk-b"]


def test_drafts_are_keyed_by_form_and_referral(store: Store) -> None:
    session = start_room(store)
    row = store.add_call(session.id, CallDetails("today", (Child("Di Unreal"),), "seen"), MASH)
    store.save_draft(DraftKey(session.id, "view", row.referral_id), "d", {"knows": "x"}, MASH)
    store.save_draft(DraftKey(session.id, "decision", row.referral_id), "d", {"reasons": "y"}, MASH)
    store.save_draft(DraftKey(session.id, "call"), "d", {"referrer_name": "z"}, MASH)
    drafts = store.drafts(session.id)
    assert [(d.key.form, d.ref) for d in drafts] == [
        ("view", row.ref),
        ("decision", row.ref),
        ("call", ""),
    ]
    store.discard_draft(DraftKey(session.id, "view", row.referral_id), "d")
    assert [d.key.form for d in store.drafts(session.id)] == ["decision", "call"]


def test_values_come_back_exactly(store: Store) -> None:
    session = start_room(store)
    values: dict[str, str | list[str] | None] = {
        "worry_seen": "[bold]x[/] \u202eRTL ليلى 👩‍👧 line one\nline two\t$var",
        "urgency": None,
        "needs": ["education", "housing"],
    }
    store.save_draft(DraftKey(session.id, "call"), "d", values, MASH)
    (draft,) = store.drafts(session.id)
    assert draft.fields == values
    assert draft.actor == MASH


def test_drafts_stay_out_of_the_event_log(store: Store) -> None:
    session = start_room(store)
    before = count(store, "event")
    for n in range(5):
        store.save_draft(DraftKey(session.id, "call"), "d", {"referrer_name": f"Name {n}"}, MASH)
    store.discard_draft(DraftKey(session.id, "call"), "d")
    assert count(store, "event") == before


def test_restoring_takes_the_draft_over_and_says_so(store: Store) -> None:
    session = start_room(store)
    store.save_draft(DraftKey(session.id, "action", None), "crashed", {"what": "Visit"}, MASH)
    (left,) = store.drafts(session.id)
    taken = store.restore_draft(left.id, "new-desk", MASH)
    assert taken is not None and taken.desk == "new-desk" and taken.fields == {"what": "Visit"}
    assert store.restore_draft(999, "new-desk", MASH) is None
    store.refuse_draft(left.id, MASH)
    assert store.drafts(session.id) == []
    assert events(store)[-2:] == [("draft restored", "action"), ("draft discarded", "action")]


def test_a_draft_gives_up_quickly_when_another_desk_holds_the_lock(
    store: Store, db_target: str
) -> None:
    session = start_room(store)
    key = DraftKey(session.id, "call")
    with held_lock(db_target):
        started = time.monotonic()
        with pytest.raises(DatabaseError, match="busy at another desk"):
            store.save_draft(key, "d", {"referrer_name": "Waiting"}, MASH)
        assert time.monotonic() - started < 2  # not the ten seconds a save would wait
    store.save_draft(key, "d", {"referrer_name": "Kept"}, MASH)
    assert store.drafts(session.id)[0].fields == {"referrer_name": "Kept"}
    # The connection went back to the pool with the normal, patient timeout.
    with store.engine.connect() as conn:
        if is_pg(db_target):
            assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "10s"
        else:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
