"""Schema upgrades that keep every row: Alembic, run by dutydesk itself from `make_engine`.

`PRAGMA user_version` is the schema number and the newest revision's id is the same
number ("0004" is schema 4). A database made before migrations existed (by create_all,
user_version 1, no alembic_version table) is stamped as revision 0001 and upgraded from
there. On PostgreSQL there is no user_version: alembic_version alone says the schema.
Everything happens in one BEGIN IMMEDIATE transaction (on PostgreSQL: under the writers'
advisory lock): two desks opening an old
file at once take turns, and a failure half way leaves the file as it was.

New revision for a change to tables.py: `python -m dutydesk.storage.migrations "what
changed"` writes one from the difference (check it by hand; protect new record tables).
"""

from __future__ import annotations

import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine

from dutydesk.storage.errors import DatabaseError
from dutydesk.storage.tables import SCHEMA_VERSION, metadata

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
V1 = "0001"


class SchemaError(DatabaseError):
    """The file is not a database this dutydesk can use; the message says why."""


def revision_id(version: int) -> str:
    return f"{version:04d}"


@dataclass(frozen=True)
class SchemaState:
    user_version: int
    stamped: str | None  # alembic_version's revision, if the table exists
    tables: frozenset[str]

    @property
    def current(self) -> bool:
        return self.user_version == SCHEMA_VERSION and self.stamped == revision_id(SCHEMA_VERSION)

    @property
    def empty(self) -> bool:
        return not self.tables

    def refusal(self, where: str) -> str | None:
        """Why dutydesk must not touch this file, or None."""
        stamped = int(self.stamped) if self.stamped and self.stamped.isdigit() else 0
        if max(self.user_version, stamped) > SCHEMA_VERSION:
            return (
                f"The database at {where} was made by a newer dutydesk (schema "
                f"{max(self.user_version, stamped)}); this one knows schema "
                f"{SCHEMA_VERSION}. Upgrade dutydesk."
            )
        if self.user_version == 0 and not self.empty:
            return f"The file at {where} is a database, but not a dutydesk database."
        if self.stamped is None and self.user_version > 1:
            return f"The database at {where} says schema {self.user_version} but has no history."
        return None


def read_state(conn: sqlite3.Connection | Connection) -> SchemaState:
    """The file's schema number, Alembic stamp and tables (a plain or an engine connection)."""
    if isinstance(conn, Connection) and conn.dialect.name != "sqlite":
        return _server_state(conn)
    raw = conn if isinstance(conn, sqlite3.Connection) else conn.connection.driver_connection
    assert raw is not None
    user_version = int(raw.execute("PRAGMA user_version").fetchone()[0] or 0)
    names = frozenset(
        str(name)
        for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    )
    stamped = None
    if "alembic_version" in names:
        found = raw.execute("SELECT version_num FROM alembic_version").fetchone()
        stamped = None if found is None else str(found[0])
    return SchemaState(user_version, stamped, names)


def _server_state(conn: Connection) -> SchemaState:
    """PostgreSQL: the tables of the connection's schema; the stamp is the schema number."""
    names = frozenset(
        str(name)
        for (name,) in conn.exec_driver_sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    )
    stamped = None
    if "alembic_version" in names:
        found = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        stamped = None if found is None else str(found[0])
    number = int(stamped) if stamped and stamped.isdigit() else 0
    return SchemaState(number, stamped, names)


def upgrade(engine: Engine, where: str) -> None:
    """Bring the database to SCHEMA_VERSION (nothing to do, usually: no Alembic import then)."""
    with engine.connect() as conn:
        if read_state(conn).current:
            return
    with engine.connect().execution_options(immediate=True) as conn, conn.begin():
        state = read_state(conn)  # again, under the write lock: another desk may have done it
        if (reason := state.refusal(where)) is not None:
            raise SchemaError(reason)
        if state.current:
            return
        upgrade_connection(conn, state)


def upgrade_connection(conn: Connection, state: SchemaState) -> None:
    from alembic import command
    from alembic.util import CommandError

    config = alembic_config(conn)
    try:
        if state.stamped is None and not state.empty:
            command.stamp(config, V1)  # made by create_all before there were migrations
        command.upgrade(config, "head")
    except CommandError as error:  # e.g. a revision this dutydesk has never heard of
        raise SchemaError(
            f"The database's schema history ({state.stamped}) is not one this dutydesk "
            "knows. Use the dutydesk that made it, or restore a backup."
        ) from error
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")


def alembic_config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    config.attributes["connection"] = conn
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise SchemaError(f"The migrations have {len(heads)} heads ({heads}): merge them.")
    return str(heads[0])


def schema_differences(conn: Connection) -> list[Any]:
    """What tables.py has that the database (at head) does not, and the other way round."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    return list(compare_metadata(MigrationContext.configure(conn), metadata))


def new_revision(message: str) -> Path:
    """Write the next revision from the difference between tables.py and the migrations."""
    from alembic import command

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'head.db'}")
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
            next_id = revision_id(int(head_revision()) + 1)
            script = command.revision(
                alembic_config(conn), message, autogenerate=True, rev_id=next_id
            )
        engine.dispose()
    if script is None or isinstance(script, list):
        raise SchemaError("Alembic wrote no revision.")
    print(f"Wrote {script.path}: check it, and set SCHEMA_VERSION = {int(next_id)} in tables.py.")
    return Path(script.path)
