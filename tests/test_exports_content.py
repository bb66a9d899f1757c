"""The day's CSV export, row by row: which referrals, and what each column says, through
decisions, amends, views, actions and a clock change. The `day` and `export_store`
fixtures are in tests/conftest.py; the day they export is built in tests/export_helpers.py.

All names, places and numbers here are invented.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pendulum

from dutydesk.domain.records import CallDetails, Child
from dutydesk.exports.daily import export_day
from dutydesk.storage.store import Store
from tests.export_helpers import MASH, TODAY, Day, by_ref, read, set_time


def test_one_row_per_handled_referral_with_carried_over(day: Day, tmp_path: Path) -> None:
    rows = read(export_day(day.store, TODAY, tmp_path)[1])
    refs = [row["ref"] for row in rows]
    assert sorted(refs) == sorted([day.carried, day.a, day.b, day.c])
    assert day.decided_yesterday not in refs
    carried = by_ref(rows)[day.carried]
    assert carried["carried_over"] == "yes"
    assert carried["session_day"] == "2026-11-25"
    assert carried["status"] == "waiting"
    assert carried["child_ages"] == "14y"
    assert by_ref(rows)[day.a]["carried_over"] == "no"


def test_referral_columns(day: Day, tmp_path: Path) -> None:
    rows = by_ref(read(export_day(day.store, TODAY, tmp_path)[1]))
    a = rows[day.a]
    assert a["received_at"] == "2026-11-26T08:30:00+00:00"
    assert a["received_local"] == "2026-11-26 08:30:00"
    assert a["urgency"] == "IMMEDIATE"
    assert a["children_count"] == "2"
    assert a["child_ages"] == "7y; unborn"
    assert a["needs"] == "Physical abuse or injury; Education and attendance"
    assert a["referrer_organisation"] == "'+Larkfield Federation"
    assert (a["family_knows"], a["consent"]) == ("yes", "no")
    assert a["agencies_contributed"] == "Health; Police"
    assert a["views_count"] == "2"
    assert a["status"] == "passed to Assessment Team"
    assert (a["outcome"], a["outcome_code"]) == ("Social care assessment", "assessment")
    assert a["reasons"] == "'- injury unexplained, family agree"
    assert a["agreed_by"] == "Health; Police; Social work"
    assert a["decided_at"] == "2026-11-26T10:00:00+00:00"
    assert a["minutes_to_decision"] == "90"
    assert a["passed_to_assessment_team_at"] == "2026-11-26T10:15:00+00:00"
    assert a["minutes_to_assessment_team"] == "105"
    assert (a["actions_count"], a["actions_done"]) == ("1", "0")
    assert (a["decision_version"], a["decision_amended"]) == ("1", "no")
    c = rows[day.c]
    assert (c["status"], c["outcome"], c["minutes_to_decision"]) == ("in discussion", "", "")


def test_amended_decision(day: Day, tmp_path: Path) -> None:
    b = by_ref(read(export_day(day.store, TODAY, tmp_path)[1]))[day.b]
    assert b["decision_amended"] == "yes"
    assert b["decision_version"] == "2"
    assert b["outcome"] == "Support by a partner agency"
    assert b["first_outcome"] == "Early help"
    assert b["amend_reasons"] == "Family prefer the school nurse"
    assert b["reasons"] == "School nurse is the right support"
    assert b["decided_at"] == "2026-11-26T10:00:00+00:00"
    assert b["last_amended_at"] == "2026-11-26T10:30:00+00:00"
    assert b["minutes_to_decision"] == "60"
    assert (b["actions_count"], b["actions_done"]) == ("1", "1")


def test_session_row(day: Day, tmp_path: Path) -> None:
    session = read(export_day(day.store, TODAY, tmp_path)[0])
    assert len(session) == 1
    row = session[0]
    assert row["day"] == "2026-11-26"
    assert row["started_at"] == "2026-11-26T08:00:00+00:00"
    assert row["ended_at"] == ""
    assert row["attendees"] == (
        "Health (Named nurse); Police (Detective sergeant); Social work (Advanced practitioner)"
    )
    assert row["attendee_count"] == "3"
    assert (row["calls"], row["carried_over"], row["decisions"]) == ("3", "1", "2")
    assert row["decisions_amended"] == "1"
    assert row["still_waiting"] == "2"
    assert row["passed_to_assessment_team"] == "1"
    assert (row["actions_created"], row["actions_done"]) == ("2", "1")


def test_views_and_actions(day: Day, tmp_path: Path) -> None:
    paths = export_day(day.store, TODAY, tmp_path)
    views = read(paths[2])
    assert [(v["ref"], v["agency_code"]) for v in views] == [
        (day.a, "health"),
        (day.a, "police"),
        (day.c, "health"),
    ]
    assert views[0]["agency"] == "Health"
    assert views[0]["author_role"] == "Named nurse"
    assert views[0]["recorded_at"] == "2026-11-26T09:50:00+00:00"
    actions = by_ref(read(paths[3]))
    assert len(actions) == 2
    overdue, done = actions[day.a], actions[day.b]
    assert (overdue["owner_agency"], overdue["owner_agency_code"]) == ("Police", "police")
    assert overdue["need"] == "Physical abuse or injury"
    assert overdue["due_at"] == "2026-11-26T10:30:00+00:00"
    assert (overdue["done"], overdue["done_at"], overdue["overdue"]) == ("no", "", "yes")
    assert (done["done"], done["done_at"], done["overdue"]) == (
        "yes",
        "2026-11-26T10:30:00+00:00",
        "no",
    )
    assert done["owner_agency"] == "Education"
    assert int(overdue["action_id"]) > 0


def test_clock_change_times(export_store: Store, tmp_path: Path) -> None:
    change = date(2026, 10, 25)  # BST ends at 01:00 UTC
    set_time(export_store, pendulum.datetime(2026, 10, 25, 0, 10))
    session = export_store.start_session(change, [("health", "Wren Halloway", "Nurse")], MASH)
    early = export_store.add_call(
        session.id,
        CallDetails(urgency="immediate", children=(Child("Ada Vell"),), worry_told="a"),
        MASH,
        received_at=pendulum.datetime(2026, 10, 25, 0, 30),
    )
    late = export_store.add_call(
        session.id,
        CallDetails(urgency="today", children=(Child("Bo Vell"),), worry_told="b"),
        MASH,
        received_at=pendulum.datetime(2026, 10, 25, 1, 30),
    )
    set_time(export_store, pendulum.datetime(2026, 10, 25, 2, 0))
    export_store.decide(
        early.referral_id, session.id, "advice", "Advice", ["health"], MASH, expected_version=0
    )
    rows = by_ref(read(export_day(export_store, change, tmp_path)[1]))
    assert rows[early.ref]["received_at"] == "2026-10-25T01:30:00+01:00"
    assert rows[late.ref]["received_at"] == "2026-10-25T01:30:00+00:00"
    # For Excel: London wall time, read as a date; the hour the clocks go back comes twice
    # there, and the *_at column (with its offset) tells the two apart.
    assert rows[early.ref]["received_local"] == "2026-10-25 01:30:00"
    assert rows[late.ref]["received_local"] == "2026-10-25 01:30:00"
    assert rows[early.ref]["decided_local"] == "2026-10-25 02:00:00"
    assert rows[late.ref]["decided_local"] == ""  # not decided: empty, as its *_at
    assert rows[early.ref]["minutes_to_decision"] == "90"  # real minutes, not wall-clock
    session_row = read(export_day(export_store, change, tmp_path)[0])[0]
    assert session_row["started_at"] == "2026-10-25T01:10:00+01:00"
    assert session_row["started_local"] == "2026-10-25 01:10:00"
