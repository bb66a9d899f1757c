"""Schema upgrades keep every row: a schema-1 file (as dutydesk made them before
migrations) upgrades in place, and tables.py never drifts from the migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from dutydesk.domain.records import Actor
from dutydesk.storage import DatabaseError, append_only, chain, migrate, open_store
from dutydesk.storage.integrity import check_file
from dutydesk.storage.tables import SCHEMA_VERSION, metadata

FIXTURES = Path(__file__).parent / "fixtures"


def from_fixture(tmp_path: Path, name: str) -> Path:
    """A database file as dutydesk's create_all made it at schema 1, with fictional rows."""
    path = tmp_path / f"{name}.db"
    with sqlite3.connect(path) as conn:
        conn.executescript((FIXTURES / f"{name}.sql").read_text("utf-8"))
    return path


def rows_of(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        names = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'alembic_version'"
            )
        ]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY id').fetchall() for n in names}


@pytest.mark.parametrize("fixture", ["schema_v1", "schema_v1_measures"])
def test_a_schema_1_database_upgrades_and_keeps_every_row(tmp_path: Path, fixture: str) -> None:
    path = from_fixture(tmp_path, fixture)
    before = rows_of(path)
    store = open_store(path)
    store.close()
    after = rows_of(path)
    for table, rows in before.items():
        if table == "event":  # the same events, now with their hashes; then the seals
            assert [r[:9] for r in after[table][: len(rows)]] == rows
            sealed = after[table][len(rows) :]
            assert sealed and all("sealed at upgrade" in r for r in sealed)
        else:  # the same values; later schemas may add (empty) columns after them
            assert [r[: len(b)] for r, b in zip(after[table], rows, strict=True)] == rows, table
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrate.revision_id(SCHEMA_VERSION),
        )
    report = check_file(path)
    assert report.ok, report.problems
    assert report.chain is not None and report.chain.events == len(after["event"])
    assert "Every saved row matches its seal" in " ".join(report.notes)


def test_the_upgraded_record_reads_as_before(tmp_path: Path) -> None:
    path = from_fixture(tmp_path, "schema_v1")
    store = open_store(path)
    detail = store.referral(1)
    assert detail.call.children[0].name == "Zephyrine Oldrecord"
    assert detail.decision is not None and detail.decision.reasons == "Fictional reasons."
    assert [v.knows for v in detail.views] == ["Known to the health visitor (fictional)."]
    assert detail.passed_at is not None
    # ...and it carries on: new events chain on to the old ones.
    session = store.session_for(detail.session_day)
    assert session is not None
    newcomer = ("police", "Pat Newcomer", "PC")  # as the room screen adds someone
    store.start_session(session.day, [newcomer], Actor("Pat Newcomer", "police"))
    store.close()
    assert check_file(path).ok


def test_the_upgrade_adds_the_triggers(tmp_path: Path) -> None:
    path = from_fixture(tmp_path, "schema_v1")
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE call_version SET worry_seen = 'changed'")
    assert append_only.missing_triggers(tables, triggers) == []


def test_tables_py_and_the_migrations_agree(tmp_path: Path) -> None:
    """If this fails, you changed storage/tables.py: add a migration for it
    (`python -m dutydesk.storage.migrate "what changed"`) and bump SCHEMA_VERSION."""
    engine = create_engine(f"sqlite:///{tmp_path / 'head.db'}")
    with engine.begin() as conn:
        migrate.upgrade_connection(conn, migrate.read_state(conn))
        differences = migrate.schema_differences(conn)
    engine.dispose()
    assert differences == [], "tables.py and the migrations differ: add a migration"


def test_the_newest_migration_is_the_schema_version() -> None:
    assert migrate.head_revision() == migrate.revision_id(SCHEMA_VERSION)


def test_every_record_table_in_tables_py_is_protected_by_a_migration(tmp_path: Path) -> None:
    """A new record table needs `protect(op.execute, "name")` in its migration (or, if its
    rows are meant to change, a place in append_only.MUTABLE_TABLES)."""
    store = open_store(tmp_path / "new.db")
    store.close()
    with sqlite3.connect(tmp_path / "new.db") as conn:
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'"))
    assert append_only.missing_triggers(metadata.tables, triggers) == []


def test_revision_0001_is_the_schema_dutydesk_released(tmp_path: Path) -> None:
    """Migrating an empty file to 0001 gives the same tables, columns, keys and indexes as
    create_all did at schema 1 (tests/fixtures/schema_v1.sql)."""
    from alembic import command

    built = tmp_path / "built.db"
    engine = create_engine(f"sqlite:///{built}")
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), migrate.V1)
    engine.dispose()
    assert shape(built) == shape(from_fixture(tmp_path, "schema_v1"))


def shape(path: Path) -> dict[str, object]:
    with sqlite3.connect(path) as conn:
        tables = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name != 'alembic_version' ORDER BY name"
            )
        ]
        return {
            t: (
                [r[1:] for r in conn.execute(f'PRAGMA table_info("{t}")')],
                sorted(r[2:5] for r in conn.execute(f'PRAGMA foreign_key_list("{t}")')),
                sorted(
                    (r[1], r[2], [c[2] for c in conn.execute(f'PRAGMA index_info("{r[1]}")')])
                    for r in conn.execute(f'PRAGMA index_list("{t}")')
                ),
            )
            for t in tables
        }


def test_a_newer_revision_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(DatabaseError, match="newer dutydesk"):
        open_store(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0099",)


def test_someone_elses_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    with pytest.raises(DatabaseError, match="not a dutydesk database"):
        open_store(path)
    with sqlite3.connect(path) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert names == ["invoices"]


def test_an_upgrade_that_fails_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = from_fixture(tmp_path, "schema_v1")
    before = rows_of(path)

    def fail_half_way(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(chain, "link", fail_half_way)  # fails while chaining the old events
    with pytest.raises(DatabaseError, match="disk is full"):
        open_store(path)
    assert rows_of(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'"
        ).fetchone() == (0,)
