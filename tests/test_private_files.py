"""Everything dutydesk writes is this user's only: files 0600, folders 0700, whatever the
umask (a usual 022 would make them readable by everyone on the computer)."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.feedback_form import FeedbackFormScreen
from dutydesk.settings import Settings, save_settings
from dutydesk.storage import Store, open_store
from tests.pilot_helpers import MASH, start_room

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
runner = CliRunner()


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def private(path: Path, top: Path) -> None:
    """`path` is 0600, and every folder from it up to (not including) `top` is 0700."""
    assert mode(path) == 0o600, (path, oct(mode(path)))
    for folder in path.parents:
        if folder == top:
            break
        assert mode(folder) == 0o700, (folder, oct(mode(folder)))


async def test_the_feedback_text_saved_with_ctrl_t_is_private(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    row = store.add_call(
        session.id,
        CallDetails("today", (Child("Kai Unreal"),), "x", referrer_name="Jo Example"),
        MASH,
    )
    store.decide(row.referral_id, session.id, "early_help", "why", [], MASH, expected_version=0)
    exports = tmp_path / "new" / "exports"
    app = DutyDeskApp(store, exports)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "f")
        assert isinstance(app.screen, FeedbackFormScreen)
        await pilot.press("ctrl+t")
        (saved,) = exports.glob("feedback-*.txt")
    private(saved, tmp_path)


def test_settings_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "config" / "dutydesk"
    assert save_settings(folder, Settings()) is None
    (saved,) = folder.iterdir()
    private(saved, tmp_path)


def test_the_lists_file_from_config_init_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUTYDESK_CONFIG", str(tmp_path / "config" / "dutydesk"))
    result = runner.invoke(cli, ["config", "init"])
    assert result.exit_code == 0, result.output
    private(tmp_path / "config" / "dutydesk" / "lists.toml", tmp_path)
    again = runner.invoke(cli, ["config", "init"])
    assert again.exit_code == 2 and "already exists" in again.output


def test_exports_and_backups_are_private(tmp_path: Path, store: Store) -> None:
    start_room(store)
    db = str(store.engine.url.database)
    store.close()
    out = tmp_path / "a" / "b" / "exports"
    day = store.today().isoformat()
    result = runner.invoke(cli, ["export", "--db", db, "--date", day, "--out", str(out)])
    assert result.exit_code == 0, result.output
    for line in result.stdout.split():
        private(Path(line), tmp_path)
    made = tmp_path / "x" / "y" / "backup.db"
    result = runner.invoke(cli, ["backup", "--db", db, "--to", str(made)])
    assert result.exit_code == 0, result.output
    private(made, tmp_path)


def test_every_file_a_days_work_writes_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every writer, one after the other in one folder, then every file and folder under it
    checked: the database and its WAL, the day's export, a range's (day folders, measures,
    feedback, experience, manifest), the report (page and workbook), a backup, the lists,
    the settings, a crash report."""
    import pendulum
    import time_machine

    from dutydesk.failsafe import write_report

    home = tmp_path / "home"
    monkeypatch.setenv("DUTYDESK_CONFIG", str(home / "config"))
    db = str(home / "data" / "dutydesk.db")
    day = "2026-11-26"
    days = ["--from", "2026-11-25", "--to", day]
    with time_machine.travel(pendulum.datetime(2026, 11, 26, 16, tz="Europe/London"), tick=False):
        for command in (
            ["seed-demo", "--db", db, "--days", "2"],
            ["export", "--db", db, "--date", day, "--out", str(home / "day")],
            ["export", "--db", db, *days, "--out", str(home / "range")],
            ["report", "--db", db, *days, "--test-days", day],
            ["report", "--db", db, *days, "--out", str(home / "r")],
            ["backup", "--db", db, "--to", str(home / "backups" / "copy.db")],
            ["config", "init"],
        ):
            result = runner.invoke(cli, command, env={"DUTYDESK_EXPORTS": str(home / "exports")})
            assert result.exit_code == 0, (command, result.output)
    assert save_settings(home / "config", Settings()) is None
    assert write_report(RuntimeError("boom"), home / "crashes") is not None
    files = [p for p in home.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".db", ".csv", ".json", ".html", ".xlsx", ".toml", ".txt"}
    for path in files:
        private(path, tmp_path)
    store = open_store(db)  # while it is open: its write-ahead log and shared memory
    try:
        session = store.session_for(date(2026, 11, 26))
        assert session is not None
        store.start_session(session.day, [("police", "Sam Example", "")], MASH)
        for suffix in ("-wal", "-shm"):
            private(Path(db + suffix), tmp_path)
    finally:
        store.close()
