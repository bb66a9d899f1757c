"""Append-only in the database itself: triggers refuse UPDATE and DELETE on saved records.

Every table is protected except those in `MUTABLE_TABLES` (form drafts, which are replaced
while someone types and deleted on save; Alembic's version stamp). A table added by a later
migration is protected by calling `protect(op.execute, "table")` in that migration; a test
fails for any table left out.

The only way past the DELETE triggers is the audited retention purge. Each trigger asks
`dutydesk_purging()`, a SQL function that dutydesk registers on every connection it opens
and that answers 1 only on a connection inside `purging()`. So:

- the permission is local to one connection and one block of code: another desk, another
  connection in the same program, or a crash half way never inherits it;
- a program that is not dutydesk (the sqlite3 shell, a spreadsheet's driver) has no such
  function, so its DELETE fails with "no such function" — still refused;
- UPDATE has no way past at all: nothing in dutydesk ever changes a saved row.

Someone with the file can still drop a trigger; the event log's hash chain
(`storage/chain.py`) and `dutydesk check` are what catch that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

MUTABLE_TABLES = frozenset({"draft", "alembic_version"})
FLAG_FUNCTION = "dutydesk_purging"
_INFO_KEY = "dutydesk_purging"


def is_protected(table: str) -> bool:
    return table not in MUTABLE_TABLES and not table.startswith(("sqlite_", "_alembic"))


def trigger_names(table: str) -> tuple[str, str]:
    return f"{table}_no_update", f"{table}_no_delete"


def trigger_sql(table: str) -> tuple[str, str]:
    """The two CREATE TRIGGER statements that keep `table` append-only."""
    no_update, no_delete = trigger_names(table)
    message = f"{table} rows are never changed or removed: saved records are append-only"
    return (
        f'CREATE TRIGGER "{no_update}" BEFORE UPDATE ON "{table}" '
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f'CREATE TRIGGER "{no_delete}" BEFORE DELETE ON "{table}" '
        f"WHEN NOT {FLAG_FUNCTION}() "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    )


def protect(execute: Callable[[str], object], table: str) -> None:
    """Create the table's triggers (`execute` is `op.execute` in a migration)."""
    for statement in trigger_sql(table):
        execute(statement)


def missing_triggers(tables: Iterable[str], triggers: dict[str, str]) -> list[str]:
    """Protected tables whose triggers are absent or not the ones dutydesk wrote.

    `triggers` maps each trigger's name to its SQL, as sqlite_master has them.
    """
    wrong: list[str] = []
    for table in sorted(t for t in tables if is_protected(t)):
        expected = dict(zip(trigger_names(table), trigger_sql(table), strict=True))
        if any(_squash(triggers.get(name, "")) != _squash(sql) for name, sql in expected.items()):
            wrong.append(table)
    return wrong


def register(dbapi_connection: Any, info: dict[Any, Any]) -> None:
    """Give a new connection the flag function; it reads this connection's `info`."""
    dbapi_connection.create_function(
        FLAG_FUNCTION, 0, lambda: 1 if info.get(_INFO_KEY) else 0, deterministic=False
    )


@contextmanager
def purging(conn: Connection) -> Iterator[None]:
    """Let this connection (only) delete saved rows, for the length of the block."""
    info = conn.connection.info
    info[_INFO_KEY] = True
    try:
        yield
    finally:
        info[_INFO_KEY] = False


def _squash(sql: str) -> str:
    return " ".join(sql.split())
