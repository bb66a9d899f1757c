"""Change detection and conflicting saves between two desks on one database (both engines).

Each desk is its own Store (its own engine and connections), as two consoles are.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from dutydesk.domain.records import SessionInfo
from dutydesk.storage import (
    ConflictError,
    DatabaseError,
    DecisionConflict,
    PassedOnConflict,
    Store,
    changes,
    open_store,
)
from dutydesk.storage.drafts import DraftKey
from tests.store.helpers import HEALTH, MASH, SOCIAL, Clock, call, decide, sql


def sqlite_only(target: str) -> None:
    """PRAGMA data_version is SQLite's; on PostgreSQL the token is the event id alone."""
    if "://" in target:
        pytest.skip("SQLite's data_version pre-check")


@pytest.fixture
def other(db_target: str, clock: Clock, store: Store) -> Iterator[Store]:
    """A second desk on the same database (opened after `store` made it)."""
    opened = open_store(db_target, clock)
    yield opened
    opened.close()


def test_the_token_moves_with_every_save_at_either_desk(
    store: Store, other: Store, session: SessionInfo
) -> None:
    seen = store.change_token()
    assert store.change_token() == seen == other.change_token()  # nothing changed
    rid = other.add_call(session.id, call(), MASH).referral_id
    moved = store.change_token()
    assert moved != seen
    assert store.change_token() == moved
    store.add_view(rid, session.id, "health", "Known to health visiting", "", HEALTH)
    assert other.change_token() != moved  # this desk's own save moves it too
    assert store.change_token() == other.change_token() == store.last_event_id()
    decide(other, rid, session.id, "advice")
    assert store.change_token() == store.last_event_id()


def test_a_draft_being_typed_is_not_a_change(
    store: Store, other: Store, session: SessionInfo
) -> None:
    seen = store.change_token()
    other.save_draft(DraftKey(session.id, "call"), "desk-b", {"worry_seen": "typing"}, MASH)
    assert store.change_token() == seen


def test_nothing_changed_costs_one_pragma_and_no_query(
    db_target: str, store: Store, other: Store, session: SessionInfo
) -> None:
    sqlite_only(db_target)
    store.change_token()
    statements: list[str] = []
    store._watch.driver_connection.set_trace_callback(statements.append)
    for _ in range(3):
        store.change_token()
    assert statements == ["PRAGMA data_version"] * 3
    other.add_call(session.id, call(), MASH)
    statements.clear()
    store.change_token()
    assert statements == ["PRAGMA data_version", changes.LAST_EVENT]


def test_a_broken_watch_says_so_plainly_and_recovers(
    db_target: str, store: Store, other: Store, session: SessionInfo
) -> None:
    sqlite_only(db_target)
    seen = store.change_token()
    store._watch.driver_connection.close()  # as if the connection went away
    with pytest.raises(DatabaseError, match="database"):
        store.change_token()
    other.add_call(session.id, call(), MASH)
    assert store.change_token() == seen + 1


def test_a_conflicting_decision_is_refused_with_the_one_made_meanwhile(
    store: Store, other: Store, session: SessionInfo, clock: Clock
) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    decide(other, rid, session.id, "early_help", by=SOCIAL)  # the other desk first
    clock.advance(minutes=5)
    with pytest.raises(DecisionConflict) as refused:
        decide(store, rid, session.id, "nfa", by=HEALTH)  # opened on no decision
    current = refused.value.current
    assert current is not None and isinstance(refused.value, ConflictError)
    assert (current.version, current.outcome) == (1, "early_help")
    assert current.recorded_by == "Kit Example"
    assert current.reasons == "Reasons for early_help."
    # Amending on top of what was seen is accepted, and both are kept.
    decide(store, rid, session.id, "nfa", 1, "Health knows more.", by=HEALTH)
    assert [d.outcome for d in store.referral(rid).decisions] == ["early_help", "nfa"]


def test_two_desks_deciding_at_the_same_moment_keep_one_and_refuse_one(
    db_target: str, store: Store, session: SessionInfo, clock: Clock
) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    desks = [open_store(db_target, clock) for _ in range(4)]
    start = threading.Barrier(len(desks))
    results: list[str] = []

    def save(desk: Store, outcome: str) -> None:
        start.wait()
        try:
            decide(desk, rid, session.id, outcome)
            results.append("saved " + outcome)
        except DecisionConflict as error:
            assert error.current is not None
            results.append("refused, saw " + error.current.outcome)

    threads = [
        threading.Thread(target=save, args=(desk, outcome))
        for desk, outcome in zip(desks, ["advice", "nfa", "partner", "assessment"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for desk in desks:
        desk.close()
    saved = [r for r in results if r.startswith("saved")]
    assert len(results) == 4 and len(saved) == 1
    winner = saved[0].removeprefix("saved ")
    assert results.count("refused, saw " + winner) == 3
    assert sql(store, "SELECT outcome FROM decision WHERE referral_id = ?", rid) == [(winner,)]


def test_passing_on_twice_tells_the_second_and_keeps_the_first(
    store: Store, other: Store, session: SessionInfo, clock: Clock
) -> None:
    rid = store.add_call(session.id, call(urgency="immediate"), MASH).referral_id
    first = other.pass_on(rid, session.id, SOCIAL, first=True)
    clock.advance(minutes=10)
    with pytest.raises(PassedOnConflict) as refused:
        store.pass_on(rid, session.id, HEALTH, first=True)
    assert (refused.value.passed_at, refused.value.recorded_by) == (first, "Kit Example")
    assert store.referral(rid).passed_at == first
    assert sql(store, "SELECT count(*) FROM handoff") == [(1,)]


def test_an_in_memory_database_still_sees_its_own_saves(clock: Clock) -> None:
    from tests.store.helpers import PEOPLE

    memory = open_store("sqlite://", clock)
    try:
        session = memory.start_session(memory.today(), PEOPLE, MASH)
        seen = memory.change_token()
        memory.add_call(session.id, call(), MASH)
        assert memory.change_token() == seen + 1
    finally:
        memory.close()
