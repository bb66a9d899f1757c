"""Is this database file whole, append-only and unedited? (`dutydesk check`, and `restore`
before it trusts a backup.)

Reads the file through a read-only connection: checking never changes it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from dutydesk.storage import append_only, chain, preflight
from dutydesk.storage.engine import explain
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
        report.problems.append(f"There is no database at {path}.")
        return report
    try:
        with preflight.read_only(path) as conn:
            check_connection(conn, report)
    except sqlite3.Error as error:
        report.problems.append(explain(error, str(path)))
    return report


def check_connection(conn: sqlite3.Connection, report: CheckReport) -> None:
    damage = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
    if damage != ["ok"]:
        report.problems.append("The file is damaged: " + "; ".join(damage[:3]))
        return
    report.notes.append("SQLite integrity check: ok")
    report.schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {
        str(name)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if report.schema > SCHEMA_VERSION:
        report.problems.append(
            f"It was made by a newer dutydesk (schema {report.schema}; this one knows "
            f"{SCHEMA_VERSION}). Upgrade dutydesk."
        )
        return
    if report.schema == 0 or "event" not in tables:
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
    if missing:
        report.problems.append(
            "The append-only triggers are missing or were changed on: " + ", ".join(missing) + "."
        )
    else:
        protected = sum(1 for t in tables if append_only.is_protected(t))
        report.notes.append(f"Append-only triggers: present on all {protected} record tables")
    report.chain = found = chain.verify(conn.execute(chain.EVENT_QUERY))
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
