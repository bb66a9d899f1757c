"""PostgreSQL, the second engine: what differs from a SQLite file, in one place.

- The URL: `postgresql://` and `postgres://` mean psycopg 3 (the `postgres` extra).
- Transactions are READ COMMITTED. A write (`immediate=True`, as for SQLite's BEGIN
  IMMEDIATE) first takes a transaction-level advisory lock, so writers take turns: the
  event log's hash chain stays one line, and a reference number is never given twice. The
  lock ends with the transaction, even if the desk crashes.
- Waiting for that lock (`lock_timeout_ms` for one transaction), or for the server, gives
  up after `LOCK_TIMEOUT_MS` /
  `CONNECT_TIMEOUT_S` with a plain message.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from dutydesk.storage.errors import DatabaseError

DRIVER = "postgresql+psycopg"
WRITE_LOCK = 0x64757479  # "duty": the advisory lock every dutydesk writer takes
LOCK_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 10
MISSING_DRIVER = (
    "dutydesk needs the psycopg driver for PostgreSQL: install it with "
    "pip install 'dutydesk[postgres]'."
)


def parse(url: str) -> URL:
    """A PostgreSQL URL with the psycopg driver, or a plain refusal."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"'{url}' is neither a file nor a database URL.") from None
    if parsed.drivername in ("postgresql", "postgres", DRIVER):
        return parsed.set(drivername=DRIVER)
    raise DatabaseError(
        f"dutydesk works with a SQLite file or PostgreSQL (postgresql+psycopg://...), "
        f"not {parsed.drivername}."
    )


def is_server(url: str) -> bool:
    return url.split("://", 1)[0].split("+")[0] in ("postgresql", "postgres")


def shown(url: URL | str) -> str:
    """The URL without its password, for messages."""
    parsed = make_url(url) if isinstance(url, str) else url
    return parsed.render_as_string(hide_password=True)


def make_server_engine(url: URL) -> Engine:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise DatabaseError(MISSING_DRIVER) from None
    engine = create_engine(
        url,
        isolation_level="READ COMMITTED",
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS}",
            "application_name": "dutydesk",
        },
    )
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_begin(conn: Any) -> None:
    options = conn.get_execution_options()
    if options.get("immediate", False):
        if (waits := options.get("lock_timeout_ms")) is not None:  # e.g. a draft's quick try
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = {int(waits)}")
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def explain(message: str, where: str) -> str | None:
    """A PostgreSQL failure in words, or None if it is not one of these."""
    if "lock timeout" in message or "deadlock" in message:
        return "The database is busy at another desk. Wait a moment and try again."
    if "does not exist" in message and "database" in message:
        return f"There is no database at {where}: ask IT to create it (see the README)."
    if "password authentication failed" in message or "no password supplied" in message:
        return f"The server at {where} refused the login: check the user name and password."
    if "permission denied" in message or "must be owner" in message:
        return f"The login at {where} is not allowed to do that: ask IT to grant it."
    if "no pg_hba.conf entry" in message:
        return f"The server at {where} does not accept connections from this computer."
    if (
        "connection refused" in message
        or "could not connect" in message
        or "timeout expired" in message
        or "could not translate host name" in message
        or "name or service not known" in message
        or "server closed the connection" in message
        or "connection is lost" in message
        or "connection failed" in message
    ):
        return (
            f"Cannot reach the database server at {where}: check the network and that the "
            "server is running, then try again."
        )
    return None


def advance_sequence(conn: Connection, table: Table) -> None:
    """After a copy (`migrate-to`) inserted rows with their ids, `move_sequences` past them."""
    if "id" in table.c:
        move_sequences(conn, {table: conn.execute(select(func.max(table.c.id))).scalar() or 0})


def move_sequences(conn: Connection, highest: dict[Table, int]) -> None:
    """After rows were inserted with their ids given (`base.Tx`, a copy), the next id the
    server hands out comes after the highest one: else the next save without one collides."""
    moves = [
        f"setval(pg_get_serial_sequence('\"{into.name}\"', 'id'), {int(top)})"
        for into, top in highest.items()
        if top > 0
    ]
    if moves:
        conn.exec_driver_sql(f"SELECT {', '.join(moves)}")
