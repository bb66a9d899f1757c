"""Saved records are append-only in the database itself, and the event log is hash-chained:
an edit behind the app's back is refused, and one that gets through is caught by `check`.
Each test runs on a SQLite file and on PostgreSQL (`db_target`) unless it is about SQLite."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.domain.baseline import BaselineDay
from dutydesk.storage import Store, append_only, chain, open_store
from dutydesk.storage.tables import EVENT
from tests.engines import driver_errors, fresh_database, is_pg, outside, rows, run
from tests.reliability_helpers import MASH, raw, worked_referral

runner = CliRunner()
RECORD_TABLES = [
    "duty_session",
    "attendee",
    "session_end",
    "referral",
    "call_version",
    "agency_view",
    "decision",
    "handoff",
    "action",
    "action_status",
    "event",
    "feedback",
    "team_experience",
    "service_import",
    "service",
    "call_contact",
    "child_key",
    "contact_link",
    "feedback_told",
    "submission",
    "trial",
    "trial_day",
    "baseline_day",
    "retrospective",
    "plan_review",
]


@pytest.fixture
def store(engine_store: Store) -> Store:
    return engine_store


@pytest.fixture
def db(store: Store, db_target: str) -> str:
    from dutydesk.demo import load_directory

    worked = worked_referral(store)
    again = worked_referral(store)  # the same child called about again: a confirmed match
    store.confirm_match(again.referral_id, worked.referral_id, worked.session.id, MASH)
    store.end_session(worked.session.id, MASH)
    load_directory(store)
    day = worked.session.day
    store.add_trial("Front door test 1", [day], MASH)
    before = day - timedelta(days=30)  # a day before dutydesk
    store.import_baseline([BaselineDay(before, 3, 2, 40.0, 1, 30.0, 2)], "baseline.csv", MASH)
    store.add_retrospective(day, 1, ("Fictional.", "", "", "Pat"), MASH)
    store.add_plan_review(worked.referral_id, [("timed", "Timed", "yes", "")], MASH)
    return db_target


def tables_and_missing_triggers(db: str) -> tuple[set[str], list[str]]:
    if is_pg(db):
        tables = {
            str(n)
            for (n,) in rows(
                db,
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()",
            )
        }
        triggers = [tuple(r) for r in rows(db, append_only.SERVER_TRIGGER_QUERY)]
        functions = {str(n): str(src) for n, src in rows(db, append_only.SERVER_FUNCTION_QUERY)}
        return tables, append_only.missing_server_triggers(tables, triggers, functions)  # type: ignore[arg-type]
    with raw(Path(db)) as conn:
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
    return tables, append_only.missing_triggers(tables, found)


def test_every_record_table_is_protected(db: str) -> None:
    tables, missing = tables_and_missing_triggers(db)
    assert set(RECORD_TABLES) <= tables
    assert {t for t in tables if append_only.is_protected(t)} == set(RECORD_TABLES)
    assert missing == []


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_a_saved_row_cannot_be_changed_or_removed_from_outside(db: str, table: str) -> None:
    conn = outside(db)
    (before,) = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    assert before > 0, "the fixture should have a row in every record table"
    with pytest.raises(driver_errors(), match="append-only"):
        conn.execute(f'UPDATE "{table}" SET id = id')
    # Outside dutydesk: on SQLite there is no purge flag at all, the trigger cannot even be
    # asked; on PostgreSQL the setting is not made, so the trigger refuses.
    with pytest.raises(driver_errors(), match="dutydesk_purging" if not is_pg(db) else "append"):
        conn.execute(f'DELETE FROM "{table}"')
    if is_pg(db):  # TRUNCATE skips row triggers: it has its own
        with pytest.raises(driver_errors(), match="append-only"):
            conn.execute(f'TRUNCATE "{table}" CASCADE')
    assert tuple(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()) == (before,)
    conn.close()


@pytest.mark.parametrize("table", ["referral", "event", "decision"])
def test_the_app_itself_cannot_change_or_remove_a_saved_row(
    store: Store, db: Path, table: str
) -> None:
    with store.engine.connect() as conn:
        with pytest.raises(IntegrityError, match="append-only"):
            conn.exec_driver_sql(f'UPDATE "{table}" SET id = id')
        conn.rollback()
        with pytest.raises(IntegrityError, match="append-only"):
            conn.exec_driver_sql(f'DELETE FROM "{table}"')


def test_the_purge_flag_opens_one_connection_for_one_block(store: Store, db: Path) -> None:
    with store.engine.connect() as purger, store.engine.connect() as other:
        with append_only.purging(purger):
            purger.exec_driver_sql("DELETE FROM handoff")  # allowed here, and only here
            purger.rollback()
            with pytest.raises(IntegrityError, match="append-only"):
                other.exec_driver_sql("DELETE FROM handoff")
            other.rollback()
        with pytest.raises(IntegrityError, match="append-only"):
            purger.exec_driver_sql("DELETE FROM handoff")  # the block is over
        purger.rollback()
    # A connection the pool hands out again has not kept the flag either.
    with store.engine.connect() as again, pytest.raises(IntegrityError):
        again.exec_driver_sql("DELETE FROM handoff")


def test_drafts_are_not_part_of_the_record(db: str) -> None:
    query = (
        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal"
        if is_pg(db)
        else "SELECT tbl_name FROM sqlite_master WHERE type='trigger'"
    )
    triggers = [n for (n,) in rows(db, query)]
    assert "draft" not in triggers and "referral" in triggers


def test_every_event_is_chained_to_the_one_before(store: Store, db: str) -> None:
    events = rows(db, chain.SEALED_EVENT_QUERY)
    assert len(events) > 8
    assert events[0][-4] == chain.GENESIS
    for before, after in itertools.pairwise(events):
        assert after[-4] == before[-3]
    report = chain.verify(events)
    assert report.ok and report.events == len(events) and report.last_hash == events[-1][-3]


def test_check_says_ok_on_a_good_database(db: str) -> None:
    result = runner.invoke(cli, ["check", "--db", db])
    assert result.exit_code == 0, result.output
    assert "OK:" in result.output and "hash chain intact" in result.output


def drop_trigger(db: str, name: str, table: str) -> str:
    return f'DROP TRIGGER "{name}" ON "{table}"' if is_pg(db) else f'DROP TRIGGER "{name}"'


def edit_behind_the_apps_back(db: str, sql: str) -> None:
    conn = outside(db)
    dialect = "postgresql" if is_pg(db) else "sqlite"
    names = ("event_no_update", "event_no_delete", "event_no_truncate")[: 3 if is_pg(db) else 2]
    for name in names:
        conn.execute(drop_trigger(db, name, "event"))
    conn.execute(sql)
    # Put the triggers back as they were: only the chain can tell now.
    for statement in append_only.trigger_sql("event", dialect):
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize(
    ("sql", "why"),
    [
        ("UPDATE event SET detail = 'Police' WHERE id = 5", "content was changed"),
        ("UPDATE event SET actor_name = 'Someone Else' WHERE id = 5", "content was changed"),
        ("UPDATE event SET at = '2026-11-26 08:00:00.000000' WHERE id = 5", "content was changed"),
        ("DELETE FROM event WHERE id = 4", "between 3 and it"),
    ],
)
def test_check_names_the_event_where_the_chain_breaks(db: str, sql: str, why: str) -> None:
    edit_behind_the_apps_back(db, sql)
    result = runner.invoke(cli, ["check", "--db", db])
    assert result.exit_code == 1
    assert "breaks at event 5" in result.output and why in result.output
    assert "FAILED" in result.output and "Traceback" not in result.output


def test_check_notices_a_missing_trigger(db: str) -> None:
    run(db, drop_trigger(db, "decision_no_delete", "decision"))
    result = runner.invoke(cli, ["check", "--db", db])
    assert result.exit_code == 1
    assert "triggers are missing or were changed on: decision" in result.output


@pytest.mark.pg
def test_check_notices_a_trigger_function_made_harmless_on_postgresql() -> None:
    with fresh_database() as url:
        opened = open_store(url)
        worked_referral(opened)
        opened.close()
        run(
            url,
            "CREATE OR REPLACE FUNCTION dutydesk_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
        )
        result = runner.invoke(cli, ["check", "--db", url])
    assert result.exit_code == 1
    assert "triggers are missing or were changed on" in result.output
    assert "referral" in result.output and "event" in result.output


def test_check_notices_a_trigger_made_harmless(tmp_path: Path) -> None:
    db = tmp_path / "dutydesk.db"
    opened = open_store(db)
    worked_referral(opened)
    opened.close()
    with raw(db) as conn:
        conn.execute("DROP TRIGGER referral_no_update")
        conn.execute(
            "CREATE TRIGGER referral_no_update BEFORE UPDATE ON referral BEGIN SELECT 1; END"
        )
    result = runner.invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code == 1 and "referral" in result.output


def test_check_refuses_a_damaged_file_plainly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all " * 300)
    result = runner.invoke(cli, ["check", "--db", str(bad)])
    assert result.exit_code == 1
    assert "not a dutydesk database or is damaged" in result.output
    assert "Traceback" not in result.output


def test_the_event_row_holds_its_hashes() -> None:
    assert {"prev_hash", "hash"} <= set(EVENT.c.keys())


def test_the_flag_function_answers_no_outside_a_purge(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT dutydesk_purging()").scalar() == 0
        with append_only.purging(conn):
            assert conn.exec_driver_sql("SELECT dutydesk_purging()").scalar() == 1
