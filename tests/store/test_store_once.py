"""Each form's save exactly once: a save carries the token its form was given when it
opened, and a second save of the same token (a double Enter, a key repeat, a retry after a
timeout) answers with the first record and writes nothing: no row, no event. On both
engines (fixtures: tests/store/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dutydesk.domain.records import SessionInfo, Sharing
from dutydesk.storage import ConflictError, Store
from tests.store.helpers import HEALTH, MASH, SOCIAL, Clock, call, sql


def counts(store: Store) -> dict[str, int]:
    tables = [
        "referral",
        "call_version",
        "agency_view",
        "decision",
        "handoff",
        "action",
        "feedback",
        "feedback_told",
        "team_experience",
        "event",
        "submission",
    ]
    return {t: sql(store, f'SELECT count(*) FROM "{t}"')[0][0] for t in tables}


def twice(store: Store, clock: Clock, save: Callable[[], Any]) -> tuple[Any, Any, dict[str, int]]:
    """Save, then save again with the same token a minute later: both answers, and how
    many rows the second save added to each table."""
    first = save()
    before = counts(store)
    clock.advance(minutes=1)
    again = save()
    after = counts(store)
    return first, again, {t: after[t] - before[t] for t in after if after[t] != before[t]}


def test_a_call_is_saved_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    before = counts(store)["referral"]
    first, again, added = twice(
        store, clock, lambda: store.add_call(session.id, call(), MASH, token="call-1")
    )
    assert added == {}
    assert again == first
    assert counts(store)["referral"] == before + 1
    assert sql(store, "SELECT token, table_name, record_id FROM submission") == [
        ("call-1", "referral", first.referral_id)
    ]


def test_a_call_amended_is_saved_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    changed = call(worry_seen="Bruise on arm; a second one seen today.")
    first, again, added = twice(
        store,
        clock,
        lambda: store.amend_call(
            rid, session.id, changed, MASH, expected_version=1, token="amend-1"
        ),
    )
    assert (first, again, added) == (2, 2, {})
    assert [v for (v,) in sql(store, "SELECT version FROM call_version ORDER BY id")] == [1, 2]


def test_a_view_is_saved_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    sharing = Sharing("given", "", "", "")
    first, again, added = twice(
        store,
        clock,
        lambda: store.add_view(
            rid, session.id, "health", "Known to us.", "A visit.", HEALTH, sharing, token="view-1"
        ),
    )
    assert added == {}
    assert again == first
    assert [v.knows for v in store.referral(rid).views] == ["Known to us."]


def test_a_decision_is_saved_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id

    def decide() -> Any:
        return store.decide(
            rid,
            session.id,
            "partner",
            "Reasons.",
            ["health"],
            SOCIAL,
            expected_version=0,
            referrer_response="agreed",
            token="decision-1",
        )

    # The second save would be refused as a conflict (version 1 now), were it not the same.
    first, again, added = twice(store, clock, decide)
    assert added == {}
    assert again == first
    assert [d.version for d in store.referral(rid).decisions] == [1]


def test_a_pass_on_is_saved_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    # `first=True` refuses a hand-off already recorded at another desk, but not its own.
    first, again, added = twice(
        store, clock, lambda: store.pass_on(rid, session.id, MASH, first=True, token="pass-1")
    )
    assert added == {}
    assert again == first
    with pytest.raises(ConflictError):
        store.pass_on(rid, session.id, MASH, first=True, token="pass-2")


def test_an_action_is_saved_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    first, again, added = twice(
        store,
        clock,
        lambda: store.add_action(
            rid, session.id, "Visit", "early_help", "Lou", None, "", MASH, token="action-1"
        ),
    )
    assert added == {}
    assert again == first
    assert [a.what for a in store.referral(rid).actions] == ["Visit"]
    # Another form's save of the same words is another action.
    store.add_action(rid, session.id, "Visit", "early_help", "Lou", None, "", MASH, token="x")
    assert len(store.referral(rid).actions) == 2


def test_feedback_is_saved_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    rid = store.add_call(session.id, call(), MASH).referral_id
    first, again, added = twice(
        store,
        clock,
        lambda: store.add_feedback(
            rid,
            session.id,
            "phone",
            4,
            "Helpful",
            MASH,
            told_by="Sam",
            text="We will visit.",
            token="feedback-1",
        ),
    )
    assert added == {}
    assert again == first
    assert len(store.feedback_for(rid)) == 1


def test_an_experience_is_saved_once(store: Store, session: SessionInfo, clock: Clock) -> None:
    first, again, added = twice(
        store,
        clock,
        lambda: store.add_experience(
            session.id, "health", 4, "Quick", "More time", HEALTH, token="experience-1"
        ),
    )
    assert added == {}
    assert again == first
    assert len(store.experiences(session.id)) == 1


def test_no_token_saves_each_time(store: Store, session: SessionInfo) -> None:
    """Seeding, imports and the CLI give no token: each call of theirs is a save."""
    rid = store.add_call(session.id, call(), MASH).referral_id
    for _ in range(2):
        store.add_action(rid, session.id, "Visit", "health", "", None, "", MASH)
    assert len(store.referral(rid).actions) == 2
    assert counts(store)["submission"] == 0


def test_a_token_belongs_to_one_kind_of_record(store: Store, session: SessionInfo) -> None:
    rid = store.add_call(session.id, call(), MASH, token="mine").referral_id
    with pytest.raises(ConflictError, match="already saved"):
        store.add_action(rid, session.id, "Visit", "health", "", None, "", MASH, token="mine")
    assert store.referral(rid).actions == ()
