"""The engine factory: a SQLite file (or a URL) in, a ready engine out. Nothing at import.

Before opening: the place is checked (`preflight.py`: local disk, folder and file made
private, writable). Every new SQLite connection gets WAL, synchronous=FULL, foreign keys,
a busy timeout and the append-only purge flag; write transactions begin IMMEDIATE so that a
second desk waits for the lock instead of failing half way through a save. Then the file
is checked (quick_check, schema version) and upgraded by the migrations (`migrate.py`).

A `postgresql+psycopg://` URL opens a PostgreSQL server instead (`server.py`): no file
checks, READ COMMITTED, and writers take turns through an advisory lock.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError

from dutydesk.storage import append_only, migrate, preflight, server
from dutydesk.storage.errors import DISK_FULL, DatabaseError, disk_full
from dutydesk.storage.preflight import WHOLE_CHECK_BYTES, quick_check

__all__ = [
    "BUSY_TIMEOUT_MS",
    "WHOLE_CHECK_BYTES",
    "DatabaseError",
    "database_url",
    "explain",
    "make_engine",
    "quick_check",
]

BUSY_TIMEOUT_MS = 10_000


def pragmas() -> tuple[str, ...]:
    # busy_timeout first: switching to WAL needs a lock that another desk may hold.
    return (
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
        "PRAGMA foreign_keys=ON",
    )


def database_url(target: str | os.PathLike[str]) -> str:
    text_target = str(target)
    if "://" in text_target:
        return text_target
    return f"sqlite:///{Path(text_target).expanduser()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None (in memory, or not SQLite)."""
    if not url.startswith("sqlite:///"):
        return None
    name = url.removeprefix("sqlite:///").split("?")[0]
    return None if name in ("", ":memory:") else Path(name)


def make_engine(target: str | os.PathLike[str], *, create: bool = True) -> Engine:
    """An engine on `target` (a path or a SQLAlchemy URL) with the schema in place.

    `create=False` opens an existing file as it is: no file, folder or upgrade is made.
    """
    url = database_url(target)
    if server.is_server(url):
        parsed = server.parse(url)
        where = server.shown(parsed)
        engine = server.make_server_engine(parsed)
    else:
        engine = _sqlite_engine(url, create)
        where = str(sqlite_path(url) or url)
    try:
        if create:
            migrate.upgrade(engine, where)
    except (SQLAlchemyError, sqlite3.Error) as error:
        engine.dispose()
        raise DatabaseError(explain(error, where)) from error
    except DatabaseError:
        engine.dispose()
        raise
    return engine


def _sqlite_engine(url: str, create: bool) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        preflight.prepare(path, create=create)
        _look_before_using(path, str(path))
    elif not url.startswith("sqlite:"):
        server.parse(url)  # raises: neither a file nor PostgreSQL
    engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def read_only_engine(path: Path) -> Engine:
    """An engine on an existing file that can only read it: nothing is created, changed or
    migrated (the exports and measures of a file of the current schema). Each connection
    reads in one transaction, so a read of many statements sees one moment."""

    def connect() -> sqlite3.Connection:
        uri = preflight.read_only_uri(path)
        conn = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        conn.isolation_level = None  # SQLAlchemy's BEGIN (below) is the only one
        return conn

    engine = create_engine("sqlite://", creator=connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def schema_of(engine: Engine) -> int:
    """The file's schema number (`PRAGMA user_version`; 0 for a new or foreign file)."""
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def _look_before_using(path: Path, where: str) -> None:
    """Refuse a damaged, foreign or newer file through a read-only connection, so that
    a file dutydesk will not use is left exactly as it was (not even switched to WAL)."""
    try:
        with preflight.read_only(path, timeout=BUSY_TIMEOUT_MS / 1000) as conn:
            status = conn.execute(quick_check(path)).fetchone()[0]
            _state, reason = preflight.judge(conn, where)
    except sqlite3.Error as error:
        raise DatabaseError(explain(error, where)) from error
    if status != "ok":
        raise DatabaseError(f"The database at {where} is damaged. Restore a backup.")
    if reason is not None:
        raise DatabaseError(reason)


def explain(error: BaseException, where: str) -> str:
    """A database failure in words a duty team can act on, without any record's content."""
    message = str(getattr(error, "orig", error)).lower()
    if disk_full(error, None if "://" in where else where):
        return DISK_FULL
    if where.startswith("postgresql") and "append-only" not in message:
        said = server.explain(message, where)
        if said is not None:
            return said
    if "append-only" in message or "dutydesk_purging" in message:
        return "Saved records are never changed or removed; nothing was saved."
    if "locked" in message or "busy" in message:
        return "The database is busy at another desk. Wait a moment and try again."
    if "readonly" in message or "read-only" in message:
        return f"The database at {where} is read-only: dutydesk cannot save there."
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return f"The file at {where} is not a dutydesk database or is damaged."
    if "unable to open" in message:
        return f"Cannot open the database at {where}: check the folder exists and is yours."
    return f"The database could not do that ({type(error).__name__})."


def _on_connect(dbapi_connection: Any, record: Any) -> None:
    # Let SQLAlchemy's BEGIN (below) be the only transaction control.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in pragmas():
        cursor.execute(pragma)
    cursor.close()
    append_only.register(dbapi_connection, record.info)


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
