"""The engine factory: a SQLite file (or a URL) in, a ready engine out. Nothing at import.

Every new SQLite connection gets WAL, synchronous=FULL, foreign keys and a busy timeout;
write transactions begin IMMEDIATE so that a second desk waits for the lock instead of
failing half way through a save.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

from dutydesk.storage import tables

BUSY_TIMEOUT_MS = 10_000
# busy_timeout first: switching to WAL needs a lock that another desk may hold.
PRAGMAS = (
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
)


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says what is wrong in plain words."""


def database_url(target: str | os.PathLike[str]) -> str:
    text_target = str(target)
    if "://" in text_target:
        return text_target
    return f"sqlite:///{Path(text_target).expanduser()}"


def make_engine(target: str | os.PathLike[str], *, create: bool = True) -> Engine:
    """An engine on `target` (a path or a SQLAlchemy URL) with the schema in place."""
    url = database_url(target)
    if url.startswith("sqlite:///"):
        _prepare_folder(Path(url.removeprefix("sqlite:///")))
    engine = create_engine(url, connect_args={"check_same_thread": False})
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
    try:
        with engine.connect() as conn:
            version = conn.exec_driver_sql("PRAGMA user_version").scalar() or 0
            status = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        if status != "ok":
            raise DatabaseError(f"The database at {url} is damaged ({status}). Restore a backup.")
        if version > tables.SCHEMA_VERSION:
            raise DatabaseError(
                f"The database at {url} was made by a newer dutydesk (schema {version}); "
                f"this one knows schema {tables.SCHEMA_VERSION}. Upgrade dutydesk."
            )
        if create:
            # One IMMEDIATE transaction: two desks opening a new file at once take turns
            # instead of one failing on a stale read of which tables exist.
            with engine.connect().execution_options(immediate=True) as conn, conn.begin():
                SQLModel.metadata.create_all(conn)
                conn.execute(text(f"PRAGMA user_version={tables.SCHEMA_VERSION}"))
    except (SQLAlchemyError, sqlite3.Error) as error:
        engine.dispose()
        raise DatabaseError(explain(error, url)) from error
    except DatabaseError:
        engine.dispose()
        raise
    return engine


def explain(error: BaseException, where: str) -> str:
    """A database failure in words a duty team can act on, without any record's content."""
    message = str(getattr(error, "orig", error)).lower()
    if "locked" in message or "busy" in message:
        return "The database is busy at another desk. Wait a moment and try again."
    if "readonly" in message or "read-only" in message:
        return f"The database at {where} is read-only: dutydesk cannot save there."
    if "disk is full" in message or "full" in message:
        return "The disk is full: nothing was saved. Free some space and try again."
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return f"The file at {where} is not a dutydesk database or is damaged."
    if "unable to open" in message:
        return f"Cannot open the database at {where}: check the folder exists and is yours."
    return f"The database could not do that ({type(error).__name__})."


def _prepare_folder(path: Path) -> None:
    if str(path) in ("", ":memory:"):
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            # Private from the first byte: only this user may read the record.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as error:
        raise DatabaseError(f"Cannot create the database at {path}: {error.strerror}.") from error


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's BEGIN (below) be the only transaction control.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _on_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get("immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
