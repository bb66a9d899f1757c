"""Seeding in a batch writes exactly what the Store's writes one at a time would, only much
faster: the same Store code, in one transaction, many rows to a statement."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pendulum
import pytest
from typer.testing import CliRunner

from dutydesk import demo
from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain import vocab
from dutydesk.domain.clock import fixed_clock, london_datetime
from dutydesk.domain.records import CallDetails, Child
from dutydesk.domain.text import FieldError
from dutydesk.storage import engine, preflight, queue
from dutydesk.storage.integrity import check_file
from dutydesk.storage.store import open_store
from dutydesk.storage.tables import metadata
from tests.store.helpers import call

MONDAY = pendulum.datetime(2026, 11, 30, 11, 0, tz="Europe/London")
# Every table the schema has (alembic's own excepted): a new one is compared too.
TABLES = tuple(name for name in sorted(metadata.tables) if name != "alembic_version")
# Written by seeding, so each must have rows (the rest may be empty in both).
SEEDED = (
    "duty_session",
    "attendee",
    "session_end",
    "referral",
    "call_version",
    "call_contact",
    "child_key",
    "agency_view",
    "decision",
    "handoff",
    "action",
    "action_status",
    "feedback",
    "feedback_told",
    "service_import",
    "service",
    "event",
)


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def seed(path: Path, *, batch: bool, referrals: int | None = None, days: int = 4) -> None:
    store = open_store(path, fixed_clock(MONDAY))
    seed_demo(store, days=days, referrals=referrals, batch=batch)
    store.close()


def test_seeding_in_a_batch_writes_the_same_rows_as_one_at_a_time(tmp_path: Path) -> None:
    seed(tmp_path / "store.db", batch=False)
    seed(tmp_path / "bulk.db", batch=True)

    by_store, in_bulk = dump(tmp_path / "store.db"), dump(tmp_path / "bulk.db")

    assert len(by_store["referral"]) > 40
    assert len(by_store["event"]) > 400
    assert set(SEEDED) <= set(TABLES)
    for name in SEEDED:
        assert by_store[name], name
    for name in TABLES:
        assert in_bulk[name] == by_store[name], name
    # Advice calls, online-form contacts and referrer responses are seeded in both.
    assert any(row[3] == "advice" for row in in_bulk["call_contact"])
    assert any(row[6] == "online form" for row in in_bulk["call_contact"])


def test_a_busy_history_is_the_same_too(tmp_path: Path) -> None:
    # More calls a day than there are scenarios: refs go past -99, scenarios repeat.
    seed(tmp_path / "store.db", batch=False, referrals=140, days=2)
    seed(tmp_path / "bulk.db", batch=True, referrals=140, days=2)

    by_store, in_bulk = dump(tmp_path / "store.db"), dump(tmp_path / "bulk.db")

    assert len(in_bulk["referral"]) == 140
    assert in_bulk == by_store


def test_a_batch_committed_in_parts_is_the_same_and_keeps_the_chain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "DAYS_A_COMMIT", 1)  # the ids and the chain read afresh each day
    seed(tmp_path / "parts.db", batch=True)
    seed(tmp_path / "store.db", batch=False)

    report = check_file(tmp_path / "parts.db")
    assert report.ok, report.problems
    assert dump(tmp_path / "parts.db") == dump(tmp_path / "store.db")


def test_a_batch_reads_what_it_wrote_and_keeps_nothing_if_it_fails(tmp_path: Path) -> None:
    seed(tmp_path / "d.db", batch=True, days=2)
    store = open_store(tmp_path / "d.db", fixed_clock(MONDAY))
    session = store.session_for(store.today())
    assert session is not None
    actor = session.attendees[0].actor()
    before = dump(tmp_path / "d.db")

    with pytest.raises(FieldError), store.batch():
        made = store.record_call(session.id, call("Nia Example"), actor, store.now())
        store.add_view(made, session.id, "health", "Known to us.", "", actor)
        # The batch's reads see its rows before they are committed.
        assert store.referral(made).views[0].knows == "Known to us."
        assert made in {row.referral_id for row in store.handled_rows(session)}
        store.set_action_done(10**6, session.id, True, actor)  # no such action: all undone

    assert dump(tmp_path / "d.db") == before
    with store.batch():  # ids and the chain go on from the file as it is
        again = store.record_call(session.id, call("Nia Example"), actor, store.now())
    store.close()
    assert again == made
    report = check_file(tmp_path / "d.db")
    assert report.ok, report.problems


def test_seed_demo_referrals_option(tmp_path: Path) -> None:
    db = tmp_path / "d.db"

    result = CliRunner().invoke(cli, ["seed-demo", "--db", str(db), "--referrals", "300"])
    check = CliRunner().invoke(cli, ["check", "--db", str(db)])

    assert result.exit_code == 0, result.output
    assert check.exit_code == 0, check.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM referral").fetchone()[0] == 300
        days = conn.execute("SELECT count(*) FROM duty_session").fetchone()[0]
    assert days == 1 + -(-(300 - 14 - 6) // 13)
    assert f"Wrote {days} day(s)" in result.output


def test_carry_over_read_on_the_indexes_matches_its_definition(tmp_path: Path) -> None:
    """`undecided_before` finds candidates on the indexes; it must give what a plain reading
    of the rule gives, on every day (decisions and hand-offs on later days included, and
    advice calls, which wait for nobody until one is made a referral)."""
    seed(tmp_path / "d.db", batch=True, referrals=200, days=8)
    store = open_store(tmp_path / "d.db", fixed_clock(MONDAY))
    session = store.session_for(store.today())
    assert session is not None
    actor = session.attendees[0].actor()
    # Yesterday's open referral: passed on today, then decided today.
    open_ids = [r.referral_id for r in store.queue(session) if r.carried_from]
    assert open_ids
    store.pass_on(open_ids[0], session.id, actor)
    store.decide(open_ids[0], session.id, "nfa", "Checked", ["mash"], actor, expected_version=0)
    # Two advice calls on an earlier day; one is made a referral today, so it waits again.
    earlier = store.session_for(store.session_days()[-3])
    assert earlier is not None
    advice = CallDetails(
        urgency="routine",
        children=(),
        worry_told="Asked what to do about a child often late to school",
        referrer_name="Robin Ashdown",
        kind=vocab.ADVICE,
        advice="Talk to the school's DSL first",
    )
    stays = store.add_call(
        earlier.id, advice, actor, london_datetime(earlier.day, 10, 0)
    ).referral_id
    made = store.add_call(
        earlier.id, advice, actor, london_datetime(earlier.day, 10, 0)
    ).referral_id
    store.amend_call(
        made,
        session.id,
        replace(advice, kind="referral", children=(Child("Sam Ashdown", age="9"),)),
        actor,
        expected_version=1,
    )
    with sqlite3.connect(tmp_path / "d.db") as conn:
        days = [d for (d,) in conn.execute("SELECT day FROM duty_session ORDER BY day")]

        def by_definition(day: str) -> list[int]:
            rows = conn.execute(
                "SELECT r.id FROM referral r JOIN duty_session s ON s.id = r.session_id "
                "WHERE s.day < ? AND r.id NOT IN (SELECT d.referral_id FROM decision d "
                "JOIN duty_session ds ON ds.id = d.session_id WHERE ds.day < ?) "
                "AND r.id NOT IN (SELECT h.referral_id FROM handoff h "
                "JOIN duty_session hs ON hs.id = h.session_id WHERE hs.day < ?) "
                "AND r.id NOT IN (SELECT c.referral_id FROM call_contact c "
                "WHERE c.kind = 'advice' AND c.version = (SELECT max(v.version) "
                "FROM call_version v WHERE v.referral_id = c.referral_id)) ORDER BY r.id",
                (day, day, day),
            )
            return [i for (i,) in rows]

        expected = {day: by_definition(day) for day in days}
    with store.engine.connect() as c:
        never = queue.never_closed(c)
        found = {
            day: queue.not_advice(c, queue.undecided_any_kind(c, date.fromisoformat(day), never))
            for day in days
        }
    assert found == expected
    assert any(expected.values())
    today = store.today().isoformat()
    assert made in found[today] and stays not in found[today]
    # The Store's queue (its cached carry-over) says the same.
    assert {r.referral_id for r in store.queue(session) if r.carried_from} == set(found[today])


def test_carry_over_is_read_again_when_another_desk_changes_an_earlier_day(
    tmp_path: Path,
) -> None:
    seed(tmp_path / "d.db", batch=True, days=3)
    here = open_store(tmp_path / "d.db", fixed_clock(MONDAY))
    there = open_store(tmp_path / "d.db", fixed_clock(MONDAY))
    today = here.session_for(here.today())
    assert today is not None
    carried = [r for r in here.queue(today) if r.carried_from]
    assert len(carried) == 1
    # A call saved today (here) keeps the carried referral on the queue...
    actor = today.attendees[0].actor()
    here.add_call(today.id, here.referral(carried[0].referral_id).call, actor)
    assert [r.ref for r in here.queue(today) if r.carried_from] == [carried[0].ref]
    # ...until a desk still on the earlier day decides it there.
    assert carried[0].carried_from is not None
    earlier = there.session_for(carried[0].carried_from)
    assert earlier is not None
    there.decide(
        carried[0].referral_id, earlier.id, "nfa", "Checked", ["mash"], actor, expected_version=0
    )
    assert [r.ref for r in here.queue(today) if r.carried_from] == []


def test_a_large_file_has_its_schema_checked_at_start_and_all_of_it_by_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(tmp_path / "d.db", batch=True, days=2)
    path = tmp_path / "d.db"
    assert engine.quick_check(path) == "PRAGMA quick_check"  # small: checked whole
    monkeypatch.setattr(preflight, "WHOLE_CHECK_BYTES", 0)  # the check is chosen there
    assert engine.quick_check(path) == "PRAGMA quick_check(sqlite_master)"
    store = open_store(path, fixed_clock(MONDAY))  # still opens, and reads
    assert store.history_count() > 0
    store.close()
    assert check_file(path).ok


def test_the_store_saves_after_seeding_in_a_batch_on_either_engine(db_target: str) -> None:
    # A transaction gives every row its id: PostgreSQL's id sequences must be moved past
    # them, or the next row saved without one collides (it did once: referral_pkey).
    store = open_store(db_target, fixed_clock(MONDAY))
    try:
        seed_demo(store, days=2, referrals=40, batch=True)
        session = store.session_for(store.today())
        assert session is not None
        before = {row.referral_id for row in store.queue(session)}
        actor = session.attendees[0].actor()
        saved = store.add_call(session.id, call("Nia Example"), actor)
        store.add_view(saved.referral_id, session.id, "health", "Known to us.", "", actor)
    finally:
        store.close()
    assert saved.referral_id not in before
    assert saved.referral_id > max(before)
