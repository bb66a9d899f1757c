"""Backups are consistent even while desks save, private, and pruned; a restore checks the
backup first and keeps the current file aside; the console backs up at the end of the day."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens import end_session
from dutydesk.storage import Store, backup, open_store
from dutydesk.storage.integrity import check_file
from tests.conftest import MovableClock
from tests.pilot_helpers import start_room
from tests.reliability_helpers import MASH, raw, worked_referral

runner = CliRunner()
POSIX = os.name == "posix"


@pytest.fixture
def db(store: Store, tmp_path: Path) -> Path:
    worked_referral(store, "Aurelio Backupson")
    return tmp_path / "dutydesk.db"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def referral_names(path: Path) -> list[str]:
    with raw(path) as conn:
        return [r[0] for r in conn.execute("SELECT children_json FROM call_version ORDER BY id")]


def test_backup_goes_to_a_private_backups_folder(db: Path) -> None:
    result = runner.invoke(cli, ["backup", "--db", str(db)])
    assert result.exit_code == 0, result.output
    made = Path(result.output.split(f"Backed up {db} to ")[1].strip())
    assert made.parent == db.parent / "backups"
    assert made.name.startswith("dutydesk-") and made.suffix == ".db"
    assert check_file(made).ok
    assert referral_names(made) == referral_names(db)
    assert not made.with_name(made.name + "-wal").exists()  # one self-contained file
    if POSIX:
        assert mode(made) == 0o600 and mode(made.parent) == 0o700


def test_backup_to_a_file_of_your_choice(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "usb" / "copy.db"
    assert runner.invoke(cli, ["backup", "--to", str(target), "--db", str(db)]).exit_code == 0
    assert check_file(target).ok
    again = runner.invoke(cli, ["backup", "--to", str(target), "--db", str(db)])
    assert again.exit_code == 2 and "already exists" in again.output  # never overwritten


def test_only_the_newest_backups_are_kept(db: Path, clock: MovableClock) -> None:
    made = []
    for _ in range(5):
        made.append(backup.make_backup(db, clock(), keep=3))
        clock.advance(minutes=1)
    # Another database's backups in the same folder are not this one's to prune.
    other = db.parent / "backups" / "dutydesk-test-2020-01-01-000000.db"
    other.write_bytes(b"")
    assert sorted((db.parent / "backups").iterdir()) == sorted([other, *made[2:]])


def test_two_backups_in_the_same_second_keep_the_newer(db: Path, clock: MovableClock) -> None:
    first = backup.make_backup(db, clock(), keep=1)
    second = backup.make_backup(db, clock(), keep=1)
    assert first != second and not first.exists() and second.exists()


def test_a_backup_taken_while_a_desk_is_saving_is_consistent(
    store: Store, db: Path, clock: MovableClock
) -> None:
    session = store.session_for(store.today())
    assert session is not None
    stop = threading.Event()
    saved: list[int] = []

    def keep_saving() -> None:
        while not stop.is_set():
            call = CallDetails("routine", (Child(f"Busy {len(saved)}"),), worry_seen="Busy.")
            saved.append(store.add_call(session.id, call, MASH).referral_id)

    writer = threading.Thread(target=keep_saving)
    writer.start()
    try:
        copies = []
        for round_ in range(5):
            # Each backup is taken after the desk has saved more (however slow the machine).
            deadline = time.monotonic() + 10
            while len(saved) <= round_ and time.monotonic() < deadline:
                time.sleep(0.01)
            copies.append(backup.make_backup(db, clock(), keep=10))
            clock.advance(seconds=1)
    finally:
        stop.set()
        writer.join()
    assert len(saved) >= 5  # the desk really was saving throughout
    for copy in copies:
        report = check_file(copy)
        assert report.ok, report.problems  # whole calls only, chain unbroken


# -- restore ------------------------------------------------------------------------------


def test_restore_checks_the_backup_and_keeps_the_current_file(
    store: Store, db: Path, clock: MovableClock
) -> None:
    saved = backup.make_backup(db, clock())
    worked_referral(store, "Later Childname")  # after the backup
    store.close()
    before = referral_names(db)
    result = runner.invoke(cli, ["restore", str(saved), "--yes", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert referral_names(db) == referral_names(saved)
    kept = Path(result.output.split("kept at ")[1].split()[0])
    assert "before-restore" in kept.name and referral_names(kept) == before
    report = check_file(db)
    assert report.ok, report.problems
    with raw(db) as conn:
        assert conn.execute("SELECT kind, detail FROM event ORDER BY id DESC").fetchone() == (
            "restored from backup",
            saved.name,
        )


def test_restore_asks_first(db: Path, clock: MovableClock) -> None:
    saved = backup.make_backup(db, clock())
    before = db.read_bytes()
    result = runner.invoke(cli, ["restore", str(saved), "--db", str(db)], input="n\n")
    assert result.exit_code == 1 and "Replace" in result.output
    assert db.read_bytes() == before


def spoil_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 512):  # every page after the first
        data[offset : offset + 16] = os.urandom(16)
    path.write_bytes(bytes(data))


def spoil_event(path: Path) -> None:
    with raw(path) as conn:
        conn.execute("DROP TRIGGER event_no_update")
        conn.execute("UPDATE event SET actor_name = 'Not Who It Was' WHERE id = 2")


def spoil_version(path: Path) -> None:
    with raw(path) as conn:
        conn.execute("PRAGMA user_version=99")


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (spoil_bytes, "damaged"),
        (spoil_event, "hash chain breaks at event 2"),
        (spoil_version, "newer dutydesk"),
    ],
    ids=["damaged", "edited", "newer"],
)
def test_restore_refuses_a_bad_backup(
    db: Path, clock: MovableClock, spoil: object, why: str
) -> None:
    saved = backup.make_backup(db, clock())
    spoil(saved)  # type: ignore[operator]
    before = db.read_bytes()
    result = runner.invoke(cli, ["restore", str(saved), "--yes", "--db", str(db)])
    assert result.exit_code == 2
    assert "cannot be restored" in result.output and why in result.output
    assert db.read_bytes() == before and "Traceback" not in result.output


def test_a_schema_1_backup_is_restored_and_upgraded(tmp_path: Path, db: Path) -> None:
    old = tmp_path / "old-backup.db"
    with sqlite3.connect(old) as conn:
        sql = (Path(__file__).parent / "fixtures" / "schema_v1.sql").read_text("utf-8")
        conn.executescript(sql)
    result = runner.invoke(cli, ["restore", str(old), "--yes", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert check_file(db).ok
    store = open_store(db)
    assert store.referral(1).call.children[0].name == "Zephyrine Oldrecord"
    store.close()


# -- the console backs up when the session ends --------------------------------------------


async def test_ending_the_session_makes_a_backup(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("e")
        await pilot.press("ctrl+s")
        await pilot.pause()
    made = list((tmp_path / "backups").glob("dutydesk-*.db"))
    assert len(made) == 1 and check_file(made[0]).ok


async def test_a_failed_backup_is_a_warning_not_a_crash(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(_store: Store) -> None:
        raise backup.BackupError("No backup was made: The disk is full.")

    monkeypatch.setattr(end_session, "backup_store", no_space)
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("e")
        await pilot.press("ctrl+s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("No backup was made" in m for m in messages)
        assert any("Session ended" in m for m in messages)
    assert store.session_for(store.today()).ended_at is not None  # type: ignore[union-attr]


def test_backups_follow_dutydesk_backups(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: MovableClock
) -> None:
    monkeypatch.setenv("DUTYDESK_BACKUPS", str(tmp_path / "elsewhere"))
    made = backup.make_backup(db, clock() + timedelta(0))
    assert made.parent == tmp_path / "elsewhere"
