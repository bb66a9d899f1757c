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

On PostgreSQL the triggers are PL/pgSQL (`SERVER_FUNCTIONS`), TRUNCATE is refused too, and
the way past the DELETE trigger is a transaction-local setting, `SET LOCAL
dutydesk.purging = 'on'`, which `purging()` makes and which ends with the transaction. Any
login can make that setting, so on a server it guards against mistakes, not against someone
set on it: the login's rights (see the README) and the hash chain do that.

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


def trigger_sql(table: str, dialect: str = "sqlite") -> tuple[str, ...]:
    """The CREATE TRIGGER statements that keep `table` append-only."""
    if dialect != "sqlite":
        return server_trigger_sql(table)
    no_update, no_delete = trigger_names(table)
    message = f"{table} rows are never changed or removed: saved records are append-only"
    return (
        f'CREATE TRIGGER "{no_update}" BEFORE UPDATE ON "{table}" '
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f'CREATE TRIGGER "{no_delete}" BEFORE DELETE ON "{table}" '
        f"WHEN NOT {FLAG_FUNCTION}() "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    )


def protect(execute: Callable[[str], object], table: str, dialect: str | None = None) -> None:
    """Create the table's triggers (`execute` is `op.execute` in a migration, which also
    tells the engine when `dialect` is not given)."""
    if dialect is None:
        from alembic import op

        dialect = op.get_bind().dialect.name
    if dialect != "sqlite":
        for statement in SERVER_FUNCTIONS.values():
            execute(statement)
    for statement in trigger_sql(table, dialect):
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
    if conn.dialect.name != "sqlite":
        conn.exec_driver_sql("SET LOCAL dutydesk.purging = 'on'")
        try:
            yield
        finally:
            if conn.in_transaction():
                conn.exec_driver_sql("SET LOCAL dutydesk.purging = 'off'")
        return
    info = conn.connection.info
    info[_INFO_KEY] = True
    try:
        yield
    finally:
        info[_INFO_KEY] = False


# -- PostgreSQL ---------------------------------------------------------------------------

SERVER_FUNCTIONS = {
    FLAG_FUNCTION: f"""CREATE OR REPLACE FUNCTION {FLAG_FUNCTION}() RETURNS integer
LANGUAGE sql AS $$
SELECT CASE WHEN current_setting('dutydesk.purging', true) = 'on' THEN 1 ELSE 0 END
$$""",
    "dutydesk_append_only": f"""CREATE OR REPLACE FUNCTION dutydesk_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
IF TG_OP = 'DELETE' AND {FLAG_FUNCTION}() = 1 THEN
RETURN OLD;
END IF;
RAISE EXCEPTION '% rows are never changed or removed: saved records are append-only',
TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END
$$""",
}
# pg_trigger.tgtype bits: ROW 1, BEFORE 2, DELETE 8, UPDATE 16, TRUNCATE 32.
SERVER_TRIGGERS = {"no_update": 1 | 2 | 16, "no_delete": 1 | 2 | 8, "no_truncate": 2 | 32}


def server_trigger_sql(table: str) -> tuple[str, ...]:
    run = "EXECUTE FUNCTION dutydesk_append_only()"
    return (
        f'CREATE TRIGGER "{table}_no_update" BEFORE UPDATE ON "{table}" FOR EACH ROW {run}',
        f'CREATE TRIGGER "{table}_no_delete" BEFORE DELETE ON "{table}" FOR EACH ROW {run}',
        f'CREATE TRIGGER "{table}_no_truncate" BEFORE TRUNCATE ON "{table}" '
        f"FOR EACH STATEMENT {run}",
    )


SERVER_TRIGGER_QUERY = """
SELECT c.relname, t.tgname, p.proname, t.tgenabled, t.tgtype
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
WHERE NOT t.tgisinternal AND n.nspname = current_schema()
"""
SERVER_FUNCTION_QUERY = """
SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = current_schema() AND p.proname IN ('dutydesk_purging', 'dutydesk_append_only')
"""


def missing_server_triggers(
    tables: Iterable[str],
    triggers: Iterable[tuple[str, str, str, str, int]],
    functions: dict[str, str],
) -> list[str]:
    """Like `missing_triggers`, from PostgreSQL's catalogue (the rows of the queries above);
    a changed trigger function counts against every table."""
    found = {(table, name): (proc, enabled, kind) for table, name, proc, enabled, kind in triggers}
    protected = sorted(t for t in tables if is_protected(t))
    for name, sql in SERVER_FUNCTIONS.items():
        body = sql.split("$$")[1]
        if _squash(functions.get(name, "")) != _squash(body):
            return protected
    wrong: list[str] = []
    for table in protected:
        for suffix, kind in SERVER_TRIGGERS.items():
            got = found.get((table, f"{table}_{suffix}"))
            if got is None or got[0] != "dutydesk_append_only" or got[1] == "D" or got[2] != kind:
                wrong.append(table)
                break
    return wrong


def _squash(sql: str) -> str:
    return " ".join(sql.split())
