"""Saved records are append-only in the database itself, and the event log is hash-chained:
an edit behind the app's back is refused, and one that gets through is caught by `check`."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.storage import Store, append_only, chain
from dutydesk.storage.tables import EventRow
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
]


@pytest.fixture
def db(store: Store, tmp_path: Path) -> Path:
    from dutydesk.demo import load_directory

    worked = worked_referral(store)
    store.end_session(worked.session.id, MASH)
    load_directory(store)
    return tmp_path / "dutydesk.db"


def test_every_record_table_is_protected(db: Path) -> None:
    with raw(db) as conn:
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
    assert set(RECORD_TABLES) <= tables
    assert {t for t in tables if append_only.is_protected(t)} == set(RECORD_TABLES)
    assert append_only.missing_triggers(tables, triggers) == []


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_a_saved_row_cannot_be_changed_or_removed_from_outside(db: Path, table: str) -> None:
    conn = raw(db)
    (before,) = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    assert before > 0, "the fixture should have a row in every record table"
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f'UPDATE "{table}" SET id = id')
    # Outside dutydesk there is no purge flag at all: the trigger cannot even be asked.
    with pytest.raises(sqlite3.OperationalError, match="dutydesk_purging"):
        conn.execute(f'DELETE FROM "{table}"')
    assert conn.execute(f'SELECT count(*) FROM "{table}"').fetchone() == (before,)
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


def test_drafts_are_not_part_of_the_record(db: Path) -> None:
    with raw(db) as conn:
        triggers = [
            n for (n,) in conn.execute("SELECT tbl_name FROM sqlite_master WHERE type='trigger'")
        ]
    assert "draft" not in triggers


def test_every_event_is_chained_to_the_one_before(store: Store, db: Path) -> None:
    with raw(db) as conn:
        rows = conn.execute(chain.EVENT_QUERY).fetchall()
    assert len(rows) > 8
    assert rows[0][-2] == chain.GENESIS
    for before, after in itertools.pairwise(rows):
        assert after[-2] == before[-1]
    report = chain.verify(rows)
    assert report.ok and report.events == len(rows) and report.last_hash == rows[-1][-1]


def test_check_says_ok_on_a_good_database(db: Path) -> None:
    result = runner.invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "OK:" in result.output and "hash chain intact" in result.output


def edit_behind_the_apps_back(db: Path, sql: str) -> None:
    with raw(db) as conn:
        conn.execute("DROP TRIGGER event_no_update")
        conn.execute("DROP TRIGGER event_no_delete")
        conn.execute(sql)
        # Put the triggers back as they were: only the chain can tell now.
        for statement in append_only.trigger_sql("event"):
            conn.execute(statement)


@pytest.mark.parametrize(
    ("sql", "why"),
    [
        ("UPDATE event SET detail = 'Police' WHERE id = 5", "content was changed"),
        ("UPDATE event SET actor_name = 'Someone Else' WHERE id = 5", "content was changed"),
        ("UPDATE event SET at = '2026-11-26 08:00:00.000000' WHERE id = 5", "content was changed"),
        ("DELETE FROM event WHERE id = 4", "between 3 and it"),
    ],
)
def test_check_names_the_event_where_the_chain_breaks(db: Path, sql: str, why: str) -> None:
    edit_behind_the_apps_back(db, sql)
    result = runner.invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code == 1
    assert "breaks at event 5" in result.output and why in result.output
    assert "FAILED" in result.output and "Traceback" not in result.output


def test_check_notices_a_missing_trigger(db: Path) -> None:
    with raw(db) as conn:
        conn.execute("DROP TRIGGER decision_no_delete")
    result = runner.invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code == 1
    assert "triggers are missing or were changed on: decision" in result.output


def test_check_notices_a_trigger_made_harmless(db: Path) -> None:
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
    assert {"prev_hash", "hash"} <= set(EventRow.model_fields)


def test_the_flag_function_answers_no_outside_a_purge(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT dutydesk_purging()").scalar() == 0
        with append_only.purging(conn):
            assert conn.exec_driver_sql("SELECT dutydesk_purging()").scalar() == 1
