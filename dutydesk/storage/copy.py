"""`dutydesk migrate-to`: copy a SQLite database into an empty PostgreSQL database, then
prove the copy.

The source is checked first (`dutydesk check`: whole, append-only, chain intact) and
brought to the current schema as opening it would. The target must have no tables at all;
dutydesk's migrations make the schema there, then every row of every table is copied in
one transaction, ids kept (the events with their hashes), parents before children, and each
table's id sequence is moved past the highest id. Then the copy is read back: the rows in
each table are counted on both sides, and the target's event log must verify as one
unbroken chain ending on the source's last hash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, func, select
from sqlalchemy.exc import SQLAlchemyError

from dutydesk.storage import chain, integrity, migrate, server
from dutydesk.storage.engine import database_url, explain, make_engine, sqlite_path
from dutydesk.storage.errors import DatabaseError
from dutydesk.storage.reading import CHAIN
from dutydesk.storage.tables import metadata  # each table after those it points at

BATCH = 1000
Progress = Callable[[str, int], None]  # (table, rows just copied)


@dataclass
class CopyReport:
    source: str
    target: str
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # table: (source, target)
    target_chain: chain.ChainReport | None = None
    source_last_hash: str = chain.GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(source for source, _target in self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class CopyPlan:
    """What will be copied: rows per table, in the order they go."""

    source: Path
    target: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def plan_copy(source: str, target: str) -> CopyPlan:
    """Check both ends; raise DatabaseError with the reason if the copy must not start."""
    path = sqlite_path(database_url(source))
    if path is None or server.is_server(source):
        raise DatabaseError(f"{source} is not a SQLite database file: copy from one.")
    if not server.is_server(target):
        raise DatabaseError(
            f"{target} is not a PostgreSQL URL: give one like "
            "postgresql+psycopg://user@server/dutydesk."
        )
    checked = integrity.check_file(path)
    if not checked.ok:
        raise DatabaseError(
            f"{path} did not pass dutydesk check, so it is not copied: "
            + " ".join(checked.problems)
        )
    where = server.shown(server.parse(target))
    engine = server.make_server_engine(server.parse(target))
    try:
        with engine.connect() as conn:
            present = migrate.read_state(conn).tables
    except SQLAlchemyError as error:
        raise DatabaseError(explain(error, where)) from error
    finally:
        engine.dispose()
    if present:
        raise DatabaseError(
            f"The database at {where} is not empty ({len(present)} tables, e.g. "
            f"{sorted(present)[0]}): migrate-to copies only into an empty database. Ask IT "
            "for a new, empty one."
        )
    source_engine = make_engine(path)  # brings an older file to this schema, as opening does
    try:
        with source_engine.connect() as conn:
            unknown = migrate.read_state(conn).tables - set(metadata.tables)
            if unknown - {"alembic_version"}:
                raise DatabaseError(
                    f"{path} has tables this dutydesk does not know: {sorted(unknown)}."
                )
            rows = {t.name: _count(conn, t) for t in metadata.sorted_tables}
    finally:
        source_engine.dispose()
    return CopyPlan(path, target, rows)


def copy_database(plan: CopyPlan, progress: Progress | None = None) -> CopyReport:
    """Make the schema on the (empty) target, copy every row, then verify the copy."""
    target_engine = make_engine(plan.target)  # the migrations make the schema
    source_engine = make_engine(plan.source)
    where = server.shown(server.parse(plan.target))
    report = CopyReport(str(plan.source), where)
    try:
        with (
            source_engine.connect() as source,
            target_engine.connect().execution_options(immediate=True) as target,
            target.begin(),
        ):
            if migrate.read_state(target).tables - {"alembic_version", *plan.rows}:
                raise DatabaseError(f"Someone else is using {where}: nothing was copied.")
            for table in metadata.sorted_tables:
                _copy_table(source, target, table, progress)
                server.advance_sequence(target, table)
        _verify(source_engine, target_engine, report)
    except SQLAlchemyError as error:
        raise DatabaseError(explain(error, where)) from error
    finally:
        source_engine.dispose()
        target_engine.dispose()
    return report


def _copy_table(
    source: Connection, target: Connection, table: Table, progress: Progress | None
) -> None:
    if _count(target, table):
        raise DatabaseError(f"The target's {table.name} table is not empty: nothing was copied.")
    result = source.execution_options(yield_per=BATCH).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    for batch in result.mappings().partitions(BATCH):
        target.execute(table.insert(), [dict(row) for row in batch])
        if progress is not None:
            progress(table.name, len(batch))


def _verify(source_engine: Engine, target_engine: Engine, report: CopyReport) -> None:
    with source_engine.connect() as source, target_engine.connect() as target:
        for table in metadata.sorted_tables:
            report.counts[table.name] = (_count(source, table), _count(target, table))
        source_chain = chain.verify(source.execute(CHAIN))
        report.target_chain = chain.verify(target.execute(CHAIN))
    report.source_last_hash = source_chain.last_hash
    for name, (before, after) in report.counts.items():
        if before != after:
            report.problems.append(f"{name}: {before} rows in the file but {after} in the copy.")
    if not report.target_chain.ok:
        report.problems.append(
            f"The copy's hash chain breaks at event {report.target_chain.broken_at}: "
            f"{report.target_chain.reason}."
        )
    elif report.target_chain.last_hash != source_chain.last_hash:
        report.problems.append("The copy's event log does not end where the file's does.")


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
