"""Five actions all on one of five referrals is not "1 per referral": the measures say how
many referrals have actions, the actions per referral with actions, and their spread."""

from __future__ import annotations

from dutydesk.domain.measures import compute
from dutydesk.domain.records import CallDetails, Child
from dutydesk.domain.report import records, table
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room


def five_actions_on_one(store: Store) -> None:
    session = start_room(store)
    ids = [
        store.add_call(session.id, CallDetails("today", (Child(f"Al Pretend{n}"),), "x"), MASH)
        for n in range(5)
    ]
    for n in range(5):
        store.add_action(ids[0].referral_id, session.id, f"Step {n}", "health", "", None, "", MASH)


def test_actions_per_referral_with_actions_and_the_spread(store: Store) -> None:
    five_actions_on_one(store)
    day = store.today()
    result = compute(store.period_records(day, day), store.now(), lists=store.lists)
    total = result.total
    assert (total.referrals, total.actions, total.actions_per_referral) == (5, 5, 1.0)
    assert total.referrals_with_actions == 1
    assert total.actions_per_referral_with_actions == 5.0
    assert (total.fewest_actions_on_a_referral, total.most_actions_on_a_referral) == (5, 5)
    _header, rows = table(result, store.lists)
    shown = dict(rows)
    assert shown["  referrals with actions"] == ["1 (20%)"]
    assert shown["  per referral with actions"] == ["5 (5 to 5)"]
    assert shown["  per referral, all referrals"] == ["1"]
    assert "  per referral" not in shown  # the figure that read as "one each"
    (raw,) = records(result, store.lists)[-1:]
    assert raw["referrals_with_actions"] == "1"
    assert raw["actions_per_referral_with_actions"] == "5.00"
    assert raw["actions_per_referral"] == "1.00"  # the CSV's key is unchanged


def test_no_actions_shows_dashes(store: Store) -> None:
    start_room(store)
    day = store.today()
    result = compute(store.period_records(day, day), store.now(), lists=store.lists)
    shown = dict(table(result, store.lists)[1])
    assert shown["  per referral with actions"] == ["-"]
    assert shown["  referrals with actions"] == ["-"]
