"""Open actions listed by id, then read a window at a time (the open actions screen's
reads): the windows together are the whole list, in its order. Fixtures:
tests/store/conftest.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dutydesk.domain.records import Action, SessionInfo
from dutydesk.storage import Store
from tests.store.helpers import HEALTH, MASH, Clock, call

MONDAY = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


def some_actions(store: Store, session: SessionInfo) -> list[Action]:
    """23 actions: due on a few shared moments (ties broken by id) and undated ones mixed
    in, some done, one ticked done then opened again."""
    rid = store.add_call(session.id, call(), MASH).referral_id
    other = store.add_call(session.id, call("Bea Example"), MASH).referral_id
    made = []
    for n in range(23):
        due = None if n % 4 == 1 else MONDAY + timedelta(days=(n * 5) % 7)
        made.append(
            store.add_action(
                rid if n % 2 else other, session.id, f"Task {n}", "health", "", due, "", MASH
            )
        )
    for done in made[3::5]:
        store.set_action_done(done.id, session.id, True, HEALTH)
    store.set_action_done(made[3].id, session.id, False, HEALTH)
    return made


def test_the_windows_together_are_the_whole_list_in_order(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    made = some_actions(store, session)
    done = {a.id for a in made[8::5]}
    far = datetime.max.replace(tzinfo=UTC)
    expected = sorted((a for a in made if a.id not in done), key=lambda a: (a.due_at or far, a.id))
    whole = store.open_actions()
    assert [a.id for a in whole] == [a.id for a in expected]
    assert whole == expected  # every field as saved, and not done
    assert any(a.due_at is None for a in whole) and whole[-1].due_at is None

    ids = [ident for ident, _late in store.open_action_keys(store.now())]
    assert ids == [a.id for a in whole]
    for size in (1, 4, 7, 200):
        read: list[Action] = []
        for start in range(0, len(ids), size):
            window = store.actions_of(ids[start : start + size])
            assert len(window) == len(ids[start : start + size])
            read.extend(window)
        assert read == whole
    assert store.actions_of([]) == []


def test_each_open_action_is_listed_with_whether_it_is_overdue(
    store: Store, session: SessionInfo, clock: Clock
) -> None:
    made = some_actions(store, session)
    now = store.now()  # Thursday 26 November, 09:00: Monday to Wednesday's are overdue
    whole = store.open_actions()
    overdue = [a for a in whole if a.overdue(now)]
    assert 0 < len(overdue) < len(whole) < len(made)
    keys = store.open_action_keys(now)
    assert keys == [(a.id, a.overdue(now)) for a in whole]
