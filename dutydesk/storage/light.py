"""Reads in plain SQL, with no SQLAlchemy imported: for the console's first paint and the exports.

SQLAlchemy, SQLModel and pydantic take about half a second and 25 MB to import: more than
Textual itself. Paths that only read (the queue drawn at start, a period's export) go
through a `Reader` instead: on a SQLite file, Python's own `sqlite3` on a read-only
connection; on PostgreSQL, or wherever a Store is already open, that Store's engine. The
SQL is written once with `:name` parameters, which `sqlite3` and SQLAlchemy's `text()`
both accept, and rows come back as plain tuples.

Moments come back as SQLite stores them (text) or as PostgreSQL does (naive datetimes),
both in UTC: `utc()` makes either an aware UTC datetime, as the Store's tables give.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dutydesk.storage.preflight import read_only_uri

if TYPE_CHECKING:
    from sqlalchemy import Engine

Row = tuple[Any, ...]
Params = Mapping[str, Any]
CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


def chunks(ids: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def in_list(ids: Sequence[object], name: str = "i") -> tuple[str, dict[str, object]]:
    """`(:i0, :i1, ...)` and its parameters, for `column IN` with either reader."""
    params = {f"{name}{n}": value for n, value in enumerate(ids)}
    return "(" + ", ".join(f":{key}" for key in params) + ")", params


class Reader(Protocol):
    """Something that runs a read-only SQL statement and returns its rows as tuples."""

    def rows(self, sql: str, params: Params | None = None) -> list[Row]: ...


class FileReader:
    """A read-only `sqlite3` connection to a dutydesk file: it cannot change the file, nor
    create a missing one. Call `close()` when done (or use it in a `with`)."""

    def __init__(self, path: Path, timeout: float = 10.0) -> None:
        self.path = path
        self.conn = sqlite3.connect(
            read_only_uri(path), uri=True, timeout=timeout, check_same_thread=False
        )

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        return self.conn.execute(sql, params or {}).fetchall()

    def schema(self) -> int:
        """The file's schema number (`PRAGMA user_version`; 0 for a new or foreign file)."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> FileReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class EngineReader:
    """The same reads through an open SQLAlchemy engine (PostgreSQL, or a Store's)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), dict(params or {}))]


class SessionReader:
    """The same reads inside an open SQLAlchemy session: its transaction, so a read in the
    middle of a write sees what that write has added, and one snapshot for all of them."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        from sqlalchemy import text

        result = self.session.connection().execute(text(sql), dict(params or {}))
        return [tuple(row) for row in result]


def rows_in(
    reader: Reader, sql: str, values: Sequence[Any], params: Params | None = None
) -> list[Row]:
    """`sql` (with `{ids}` where the `IN (...)` list goes) over `values`, a chunk at a time;
    no query at all for no values."""
    found: list[Row] = []
    for part in chunks(values):
        listed, bound = in_list(part)
        found.extend(reader.rows(sql.format(ids=listed), {**(params or {}), **bound}))
    return found


def utc(value: object) -> datetime | None:
    """A stored moment as an aware UTC datetime (None stays None)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"not a stored moment: {value!r}")
    return value.replace(tzinfo=UTC)


def stored(moment: datetime) -> str:
    """An aware moment as SQLite stores it (naive UTC text), for comparing in SQL."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not allowed: say which zone")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
