"""Is this database file whole, append-only and unedited? (`dutydesk check`, and `restore`
before it trusts a backup.)

Reads the file through a read-only connection: checking never changes it. A PostgreSQL
database (`check_server`) is read in a read-only transaction, with the same checks bar
SQLite's own (the server keeps its pages and foreign keys whole itself).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from dutydesk.storage import append_only, chain, migrate, preflight, server
from dutydesk.storage.engine import explain, read_only_engine
from dutydesk.storage.errors import DatabaseError
from dutydesk.storage.reading import CHAIN
from dutydesk.storage.tables import SCHEMA_VERSION

CHAINED_SINCE = 4  # the schema that added the hash chain and the triggers


@dataclass
class CheckReport:
    where: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    schema: int = 0
    chain: chain.ChainReport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path) -> CheckReport:
    report = CheckReport(str(path))
    if not path.is_file():
        report.problems.append(f"There is no dutydesk database at {path}.")
        return report
    engine = read_only_engine(path)  # checking never changes the file
    try:
        with engine.connect() as conn:
            check_connection(conn, report, str(path))
    except (sqlite3.Error, SQLAlchemyError) as error:
        report.problems.append(explain(error, str(path)))
    finally:
        engine.dispose()
    return report


def check_connection(sa: Connection, report: CheckReport, where: str) -> None:
    """SQLite's own checks on the file's connection, then the triggers and the chain."""
    conn: sqlite3.Connection = sa.connection.driver_connection  # type: ignore[assignment]
    damage = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
    if damage != ["ok"]:
        report.problems.append("The file is damaged: " + "; ".join(damage[:3]))
        return
    report.notes.append("SQLite integrity check: ok")
    # The app's own verdict (preflight.judge): what it refuses, check fails; what it adopts,
    # check passes.
    state, refusal = preflight.judge(conn, where)
    report.schema = state.user_version
    tables = set(state.tables)
    if refusal is not None:
        report.problems.append(refusal)
        return
    if state.empty:
        report.notes.append(
            "The file is empty (no tables yet: made, or left by an interrupted first start, "
            "before dutydesk made its tables); dutydesk makes them when it next opens it"
        )
        return
    if "event" not in tables:
        report.problems.append("It is not a dutydesk database.")
        return
    broken_links = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken_links:
        names = sorted({str(row[0]) for row in broken_links})
        report.problems.append(f"Rows point at rows that are missing, in: {', '.join(names)}.")
    if report.schema < CHAINED_SINCE:
        report.notes.append(
            f"Schema {report.schema}: from before the hash chain and the append-only "
            "triggers; dutydesk adds them when it next opens the file."
        )
        return
    triggers = {
        str(name): str(sql)
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
    }
    missing = append_only.missing_triggers(tables, triggers)
    _triggers_and_chain(report, tables, missing, sa.execute(CHAIN))


def check_server(url: str) -> CheckReport:
    """`check_file` for a PostgreSQL URL."""
    try:
        parsed = server.parse(url)
        report = CheckReport(server.shown(parsed))
        engine = server.make_server_engine(parsed)
    except DatabaseError as error:
        report = CheckReport(url)
        report.problems.append(str(error))
        return report
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            check_server_connection(conn, report)
    except SQLAlchemyError as error:
        report.problems.append(explain(error, report.where))
    finally:
        engine.dispose()
    return report


def check_server_connection(conn: Connection, report: CheckReport) -> None:
    state = migrate.read_state(conn)
    report.schema = state.user_version
    if report.schema > SCHEMA_VERSION:
        report.problems.append(
            f"It was made by a newer dutydesk (schema {report.schema}; this one knows "
            f"{SCHEMA_VERSION}). Upgrade dutydesk."
        )
        return
    if report.schema == 0 or "event" not in state.tables:
        report.problems.append("It is not a dutydesk database (or it is empty).")
        return
    version = str(conn.exec_driver_sql("SHOW server_version").scalar())
    report.notes.append(f"PostgreSQL {version}, schema {report.schema}")
    triggers = [
        (str(t), str(n), str(p), str(e), int(k))
        for t, n, p, e, k in conn.exec_driver_sql(append_only.SERVER_TRIGGER_QUERY)
    ]
    functions = {
        str(n): str(src) for n, src in conn.exec_driver_sql(append_only.SERVER_FUNCTION_QUERY)
    }
    missing = append_only.missing_server_triggers(state.tables, triggers, functions)
    _triggers_and_chain(report, state.tables, missing, conn.execute(CHAIN))


def _triggers_and_chain(
    report: CheckReport, tables: Iterable[str], missing: list[str], events: Iterable[Any]
) -> None:
    if missing:
        report.problems.append(
            "The append-only triggers are missing or were changed on: " + ", ".join(missing) + "."
        )
    else:
        protected = sum(1 for t in tables if append_only.is_protected(t))
        report.notes.append(f"Append-only triggers: present on all {protected} record tables")
    report.chain = found = chain.verify(events)
    if found.ok and found.events:
        report.notes.append(
            f"Event log: {found.events} events, hash chain intact "
            f"(last event {found.last_id}, hash {found.last_hash[:16]})"
        )
    elif found.ok:
        report.notes.append("Event log: empty")
    else:
        report.problems.append(
            f"The event log's hash chain breaks at event {found.broken_at}: {found.reason}."
        )
