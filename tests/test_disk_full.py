"""A full disk is said the same way everywhere (console, export, measures, check, import):
"The disk is full: nothing was saved. Free some space and try again." once, one full stop.

A full disk reaches SQLite two ways, both simulated here: SQLITE_FULL on a write (a real
one, from PRAGMA max_page_count), and an I/O error when there is no room even for the
-shm file (SQLITE_IOERR_SHMSIZE, what a full tmpfs gave), told apart from other I/O
errors by the free space where the database lives."""

from __future__ import annotations

import shutil
import sqlite3
from collections import namedtuple
from pathlib import Path
from typing import Any

import pendulum
import pytest
from sqlalchemy import event
from textual.widgets import Input, Select, TextArea
from typer.testing import CliRunner

from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.storage import Store, open_store
from dutydesk.storage.engine import explain
from tests.pilot_helpers import start_room, text_of
from tests.safety_helpers import counts

runner = CliRunner()
NOW = pendulum.datetime(2026, 11, 26, 12, tz="Europe/London")
Usage = namedtuple("Usage", "total used free")
DISK_FULL = "The disk is full: nothing was saved. Free some space and try again."


def io_error(name: str = "SQLITE_IOERR_SHMSIZE") -> sqlite3.OperationalError:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


@pytest.fixture
def no_room(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: Usage(10**9, 10**9, 0))


def test_sqlite_full_is_the_one_message(tmp_path: Path) -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert explain(full, str(tmp_path / "x.db")) == DISK_FULL


def test_an_io_error_on_a_full_disk_is_the_one_message(tmp_path: Path, no_room: None) -> None:
    assert explain(io_error(), str(tmp_path / "x.db")) == DISK_FULL
    assert explain(OSError(28, "No space left on device"), str(tmp_path)) == DISK_FULL


def test_an_io_error_with_room_on_the_disk_is_not_called_full(tmp_path: Path) -> None:
    assert explain(io_error("SQLITE_IOERR_READ"), str(tmp_path / "x.db")) != DISK_FULL


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import dutydesk.storage as storage

    db = tmp_path / "d.db"
    store = open_store(db, fixed_clock(NOW))
    seed_demo(store, days=1)
    store.close()
    real = storage.open_store
    monkeypatch.setattr(
        storage, "open_store", lambda target, **kw: real(target, fixed_clock(NOW), **kw)
    )
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--date", "2026-11-26"],
        ["measures"],
        ["check"],
        ["audit"],
        ["import", "FORM", "--name", "Sam Test"],
    ],
    ids=lambda c: c[0],
)
def test_every_command_says_the_disk_is_full_once(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_room: None, command: list[str]
) -> None:
    form = tmp_path / "form.csv"
    form.write_text(
        "received_at,urgency,child_name,child_dob_or_age,worry_seen,referrer_name,needs\n"
        "2026-11-26 08:10,today,Tilly Formfield,2016-02-03,Often hungry,Pat Online,neglect\n",
        encoding="utf-8",
    )
    command = [str(form) if part == "FORM" else part for part in command]

    def no_shm(*_args: Any, **_kwargs: Any) -> sqlite3.Connection:
        raise io_error()

    monkeypatch.setattr(sqlite3, "connect", no_shm)
    result = runner.invoke(
        cli,
        [*command, "--db", str(seeded), "--out", str(tmp_path / "o")]
        if command[0] == "export"
        else [*command, "--db", str(seeded)],
    )
    assert result.exit_code in (1, 2)
    assert result.output.count(DISK_FULL) == 1, result.output
    assert ".." not in result.output and "OperationalError" not in result.output


def test_import_on_a_full_database_says_it_once(seeded: Path, tmp_path: Path) -> None:
    """A real SQLITE_FULL: the file may not grow by a page."""
    form = tmp_path / "form.csv"
    worry = "Often hungry " * 2000
    form.write_text(
        "received_at,urgency,child_name,child_dob_or_age,worry_seen,referrer_name,needs\n"
        f"2026-11-26 08:10,today,Tilly Formfield,2016-02-03,{worry},Pat Online,neglect\n",
        encoding="utf-8",
    )
    import dutydesk.storage as storage

    real = storage.open_store

    def full_store(target: str, **kw: Any) -> Store:
        store = real(target, **kw)
        cap_at_current_size(store)
        return store

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage, "open_store", full_store)
        result = runner.invoke(cli, ["import", str(form), "--db", str(seeded), "--name", "Sam"])
    assert result.exit_code == 2
    assert result.output.strip() == f"dutydesk: {DISK_FULL}"


def cap_at_current_size(store: Store) -> None:
    """From now on, every connection may not add a page to the file: SQLITE_FULL."""
    store.engine.dispose()

    def cap(conn: Any, _record: Any) -> None:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")

    event.listen(store.engine, "connect", cap)


async def test_the_console_says_the_disk_is_full_and_keeps_the_form(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    before = counts(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CallFormScreen)
        form.query_one("#referrer_name", Input).value = "Dr Ima Fictitious"
        form.query_one("#child_name_0", Input).value = "Kit Example"
        worry = "Bruise on cheek, says fell over. " * 400
        form.query_one("#worry_seen", TextArea).text = worry
        form.query_one("#urgency", Select).value = "immediate"
        cap_at_current_size(store)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert text_of(app, "#form-error") == DISK_FULL
        assert form.query_one("#worry_seen", TextArea).text == worry
    assert counts(store) == before
