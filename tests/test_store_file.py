"""The database file itself: durable, private, and plain about what is wrong with it."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dutydesk.domain.clock import Clock, fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child, SessionInfo
from dutydesk.storage import DatabaseError, Store, make_engine, open_store

MASH = Actor("Sam Test", "mash", "MASH officer")
PEOPLE = [("mash", "Sam Test", "MASH officer")]
CALL = CallDetails("today", (Child("Amira Khan", age="7"),), worry_seen="Bruise on arm.")


@pytest.fixture
def clock() -> Clock:
    return fixed_clock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def store(path: Path, clock: Clock) -> Iterator[Store]:
    opened = open_store(path, clock)
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store) -> SessionInfo:
    return store.start_session(store.today(), PEOPLE, MASH)


def test_every_connection_is_durable_and_waits_for_the_other_desk(store: Store) -> None:
    connections = [store.engine.connect() for _ in range(3)]  # three new pool connections
    try:
        for conn in connections:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
            assert pragma["journal_mode"] == "wal"
            assert pragma["synchronous"] == 2  # FULL: a power cut loses no saved call
            assert pragma["foreign_keys"] == 1
            assert pragma["busy_timeout"] > 0
            # and the append-only triggers' purge flag, closed (storage/append_only.py)
            assert conn.exec_driver_sql("SELECT dutydesk_purging()").scalar() == 0
    finally:
        for conn in connections:
            conn.close()


def test_the_record_is_private_to_its_user(path: Path, store: Store, session: SessionInfo) -> None:
    store.add_call(session.id, CALL, MASH)
    for name in (path, path.with_name("t.db-wal")):
        if name.exists():
            assert stat.S_IMODE(name.stat().st_mode) == 0o600, name


def test_a_missing_folder_is_made(tmp_path: Path, clock: Clock) -> None:
    nested = open_store(tmp_path / "a" / "b" / "t.db", clock)
    nested.close()
    assert (tmp_path / "a" / "b" / "t.db").exists()


def test_a_database_from_a_newer_dutydesk_is_refused_plainly(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=99")
    with pytest.raises(DatabaseError) as raised:
        make_engine(path)
    message = str(raised.value)
    assert "newer dutydesk" in message and "Upgrade dutydesk" in message
    assert "sqlite3" not in message.lower()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (99,)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(path: Path) -> None:
    junk = os.urandom(8192)
    path.write_bytes(junk)
    with pytest.raises(DatabaseError, match="not a dutydesk database"):
        open_store(path)
    assert path.read_bytes() == junk


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes")
def test_a_read_only_database_says_so(path: Path, clock: Clock) -> None:
    first = open_store(path, clock)
    started = first.start_session(first.today(), PEOPLE, MASH)
    first.close()
    path.chmod(0o400)
    try:
        with pytest.raises(DatabaseError, match="read-only"):
            again = open_store(path, clock)
            again.add_call(started.id, CALL, MASH)
    finally:
        path.chmod(0o600)
