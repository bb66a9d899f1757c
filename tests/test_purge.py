"""Retention: `purge --older-than` removes old referrals for good (not a byte of them left in
the database or its WAL), keeps everything newer, and says in the event log what it did.
On SQLite and on PostgreSQL (`db_target`), except what is about SQLite's files."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.commands.admin import cutoff
from dutydesk.storage import open_store
from dutydesk.storage.server import shown
from tests.conftest import MovableClock
from tests.engines import check, is_pg, rows
from tests.reliability_helpers import file_bytes, raw, worked_referral

runner = CliRunner()
OLD_CHILD = "Xanthippe Purgemarker"
OLD_WORRY = "Zzyzx-old-worry-3141"
NEW_CHILD = "Keepsake Recentchild"


def fill(target: str) -> str:
    """Two years ago: a worked referral and a draft left behind; ten days ago: another."""
    clock = MovableClock(datetime.now(UTC) - timedelta(days=730))
    store = open_store(target, clock)
    old = worked_referral(store, OLD_CHILD, worry=f"{OLD_CHILD}: {OLD_WORRY}")
    with store.engine.begin() as conn:  # a form typed that day and never saved
        conn.execute(
            text(
                "INSERT INTO draft (actor_name, actor_agency, actor_role, session_id, form,"
                " referral_id, desk, fields_json, updated_at)"
                " VALUES ('Rowan Fictive', 'mash', '', :sid, 'call', NULL, 'desk-1', :f, :at)"
            ),
            {"sid": old.session.id, "f": f'{{"child": "{OLD_CHILD} draft"}}', "at": "2020-01-01"},
        )
    clock.set(datetime.now(UTC) - timedelta(days=10))
    worked_referral(store, NEW_CHILD)
    store.close()
    return target


@pytest.fixture
def db(db_target: str) -> str:
    return fill(db_target)


def test_purge_leaves_no_trace_of_old_referrals_in_the_files(tmp_path: Path) -> None:
    db = Path(fill(str(tmp_path / "dutydesk.db")))
    assert OLD_WORRY.encode() in file_bytes(db)  # it is there to be found, before
    # Another desk has the file open (idle), so closing the purge's own connection does
    # not tidy the WAL away: the purge has to scrub the file itself.
    desk = raw(db)
    assert desk.execute("SELECT count(*) FROM referral").fetchone() == (2,)
    result = runner.invoke(cli, ["purge", "--older-than", "1y", "--yes", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"Removed from {db}: 1 referrals" in result.output and "linger" not in result.output
    on_disk = file_bytes(db)
    desk.close()
    for trace in (OLD_CHILD, OLD_WORRY):  # in the call, the view, the draft...
        assert trace.encode() not in on_disk, trace
    assert NEW_CHILD.encode() in on_disk  # the recent referral is untouched
    store = open_store(db)
    assert [d.call.children[0].name for d in store.referral_details([1, 2])] == [NEW_CHILD]
    store.close()


def test_purge_is_recorded_without_content_and_the_chain_holds(db: str) -> None:
    result = runner.invoke(cli, ["purge", "--older-than", "1y", "--yes", "--db", db])
    assert result.exit_code == 0, result.output
    kind, detail, role = rows(
        db, "SELECT kind, detail, actor_role FROM event WHERE kind = 'purge'"
    )[0]
    old_events = rows(db, "SELECT count(*) FROM event WHERE referral_id = 1")[0]
    drafts = rows(db, "SELECT count(*) FROM draft")[0]
    texts = rows(db, f"SELECT count(*) FROM call_version WHERE worry_seen LIKE '%{OLD_WORRY}%'")
    assert texts == [(0,)]
    assert [n for (n,) in rows(db, "SELECT worry_seen FROM call_version")] != []
    if is_pg(db):
        assert "The server's backups" in result.output
    assert kind == "purge" and role == "IT: dutydesk purge"
    if not is_pg(db):  # the scrub finished, and the log says so
        assert rows(db, "SELECT count(*) FROM event WHERE kind = 'purge completed'") == [(1,)]
    assert detail.startswith("1 referrals from sessions ") and "referral 1" in detail
    assert "call_version 1" in detail and "draft 1" in detail
    # The save that made the old action goes with it; the recent one's stays.
    assert "submission 1" in detail
    assert rows(db, "SELECT table_name, record_id FROM submission") == [("action", 2)]
    assert OLD_CHILD not in detail
    assert old_events[0] > 0  # who did what, when, is still in the log
    assert drafts == (0,)
    report = check(db)
    assert report.ok, report.problems


def test_purge_asks_first(db: str) -> None:
    result = runner.invoke(cli, ["purge", "--older-than", "1y", "--db", db], input="n\n")
    # A server's URL is named without its password.
    named = shown(db) if is_pg(db) else db
    assert result.exit_code == 1 and f"Remove them from {named}?" in result.output
    assert rows(db, "SELECT count(*) FROM referral") == [(2,)]
    assert rows(db, "SELECT count(*) FROM event WHERE kind = 'purge'") == [(0,)]


def test_nothing_old_enough_is_said_plainly(db: str) -> None:
    result = runner.invoke(cli, ["purge", "--older-than", "3y", "--yes", "--db", db])
    assert result.exit_code == 0 and "Nothing to remove" in result.output


def test_a_period_it_cannot_read_is_refused(db: str) -> None:
    result = runner.invoke(cli, ["purge", "--older-than", "soon", "--yes", "--db", db])
    assert result.exit_code == 2 and "is not a period" in result.output


@pytest.mark.parametrize(
    ("period", "first_kept"),
    [("1y", date(2025, 11, 26)), ("6m", date(2026, 5, 26)), ("90d", date(2026, 8, 28))],
)
def test_periods_count_back_from_today(period: str, first_kept: date) -> None:
    assert cutoff(date(2026, 11, 26), period) == first_kept


@pytest.mark.parametrize("period", ["0d", "1w", "y", "-1y", ""])
def test_periods_that_are_refused(period: str) -> None:
    with pytest.raises(ValueError):
        cutoff(date(2026, 11, 26), period)


def test_the_audit_trail_keeps_purged_referrals_events(db: str) -> None:
    runner.invoke(cli, ["purge", "--older-than", "1y", "--yes", "--db", db])
    old_day = (datetime.now(UTC) - timedelta(days=730)).date()
    result = runner.invoke(cli, ["audit", "--date", old_day.isoformat(), "--db", db])
    assert result.exit_code == 0
    assert "call added" in result.output and OLD_CHILD not in result.output


def test_a_purge_with_another_desk_reading_fails_until_it_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another desk in the middle of a read keeps the WAL from being checkpointed: the
    removed text stays in the file, and purge says so and exits 1, however often it is
    run, until that desk has let go; then the same command finishes the job."""
    from dutydesk.storage import engine as engines

    monkeypatch.setattr(engines, "BUSY_TIMEOUT_MS", 200)  # a real wait, quickly
    db = Path(fill(str(tmp_path / "dutydesk.db")))
    desk = raw(db)
    desk.execute("BEGIN")
    assert desk.execute("SELECT count(*) FROM referral").fetchone() == (2,)  # reading
    args = ["purge", "--older-than", "1y", "--yes", "--db", str(db)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 1, first.output
    assert "Removed from" in first.output and "NOT COMPLETE" in first.output
    assert OLD_WORRY.encode() in file_bytes(db)  # what the command owns up to
    again = runner.invoke(cli, args)  # nothing left to remove, but the job is not done
    assert again.exit_code == 1 and "NOT COMPLETE" in again.output
    desk.execute("COMMIT")
    desk.close()
    done = runner.invoke(cli, args)
    assert done.exit_code == 0, done.output
    assert "The earlier purge" in done.output and "is complete" in done.output
    assert OLD_WORRY.encode() not in file_bytes(db) and OLD_CHILD.encode() not in file_bytes(db)
    assert runner.invoke(cli, args).output.count("complete") == 0  # nothing owed any more
    assert check(str(db)).ok
