"""PostgreSQL, the second engine: the console on a server, `dutydesk migrate-to`, the
schema made by the migrations, and plain messages when the server is not there.

The tests marked `pg` need a server (DUTYDESK_TEST_PG_URL; `scripts/with-postgres pytest -m
pg` starts one); the others check what a desk without one is told. All data fictional.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from textual.widgets import Input, Select, TextArea
from typer.testing import CliRunner

import dutydesk.storage.tables  # noqa: F401  (declares the tables)
from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.storage import DatabaseError, chain, make_engine, migrate, open_store
from dutydesk.storage.server import MISSING_DRIVER
from dutydesk.storage.tables import metadata
from tests.conftest import MovableClock
from tests.engines import check, fresh_database, rows, run
from tests.pilot_helpers import queue_cells, start_room, type_text
from tests.reliability_helpers import worked_referral

runner = CliRunner()
# Every table tables.py declares (the migrations must make exactly these).
TABLES = tuple(metadata.tables)


@pytest.fixture
def pg() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def empty_pg() -> Iterator[str]:
    with fresh_database(empty=True) as url:
        yield url


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    store = open_store(path, fixed_clock(pendulum.datetime(2026, 11, 26, 12, tz="Europe/London")))
    seed_demo(store, days=1)
    worked_referral(store, "Quill Fictional")  # a row in every record table
    store.close()
    return path


# -- the console ------------------------------------------------------------------------


@pytest.mark.pg
async def test_the_console_adds_a_call_on_postgresql(
    pg: str, clock: MovableClock, tmp_path: Path
) -> None:
    store = open_store(pg, clock)
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("a")
        assert isinstance(app.screen, CallFormScreen)
        await type_text(pilot, "Dr Ima Fictitious")
        app.screen.query_one("#child_name_0", Input).focus()
        await type_text(pilot, "Kit Example")
        app.screen.query_one("#worry_seen", TextArea).focus()
        await type_text(pilot, "Bruise on cheek, says fell over")
        app.screen.query_one("#urgency", Select).focus()
        await pilot.press("enter", "down", "enter")  # IMMEDIATE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        cells = queue_cells(app)
        assert list(cells) == ["261126-01"]
        assert cells["261126-01"][4] == "KE" and cells["261126-01"][9] == "Dr Ima Fictitious"
    store.close()
    assert rows(pg, "SELECT worry_seen FROM call_version") == [("Bruise on cheek, says fell over",)]
    assert check(pg).ok


# -- the schema -------------------------------------------------------------------------


@pytest.mark.pg
def test_the_migrations_make_exactly_the_tables_on_postgresql(empty_pg: str) -> None:
    engine = make_engine(empty_pg)
    with engine.connect() as conn:
        state = migrate.read_state(conn)
        assert migrate.schema_differences(conn) == []
    assert state.current and state.stamped == migrate.head_revision()
    assert set(TABLES) | {"alembic_version"} == state.tables
    engine.dispose()
    make_engine(empty_pg).dispose()  # opening again changes nothing
    assert rows(empty_pg, "SELECT version_num FROM alembic_version") == [(migrate.head_revision(),)]


@pytest.mark.pg
def test_a_database_that_is_not_dutydesks_is_left_alone(empty_pg: str) -> None:
    run(empty_pg, "CREATE TABLE payroll (id integer PRIMARY KEY)")
    with pytest.raises(DatabaseError, match="not a dutydesk database"):
        make_engine(empty_pg)
    assert rows(
        empty_pg,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
    ) == [(1,)]


# -- migrate-to -------------------------------------------------------------------------


@pytest.mark.pg
def test_migrate_to_copies_everything_and_proves_it(demo_file: Path, empty_pg: str) -> None:
    before = check(str(demo_file))
    result = runner.invoke(cli, ["migrate-to", empty_pg, "--db", str(demo_file)])
    assert result.exit_code == 0, result.output
    assert "hash chain intact on the copy" in result.output and "Done:" in result.output
    assert "Traceback" not in result.output
    for table in TABLES:
        assert (
            rows(empty_pg, f"SELECT count(*) FROM {table}")[0][0]
            == rows(str(demo_file), f"SELECT count(*) FROM {table}")[0][0]
            + (1 if table == "event" else 0)  # the copy notes that it was made
        ), table
        assert f"  {table} " in result.output
    file_events = rows(str(demo_file), chain.EVENT_QUERY)
    copied = rows(empty_pg, chain.EVENT_QUERY)
    assert [(e[0], e[-2], e[-1]) for e in copied[:-1]] == [
        (e[0], e[-2], e[-1]) for e in file_events
    ]
    assert copied[-1][4] == "copied from a SQLite file" and copied[-1][-2] == before.chain.last_hash
    assert rows(empty_pg, "SELECT max(id) FROM referral") == rows(
        str(demo_file), "SELECT max(id) FROM referral"
    )
    report = check(empty_pg)
    assert report.ok, report.problems
    # The sequences were moved on: the next rows get new ids, not copied ones.
    store = open_store(empty_pg)
    session = store.session_for(store.today()) or start_room(store)
    worked = worked_referral(store, "After The Move")
    assert worked.referral_id == rows(str(demo_file), "SELECT max(id) FROM referral")[0][0] + 1
    assert session.id is not None
    store.close()


@pytest.mark.pg
def test_migrate_to_refuses_a_database_that_is_not_empty(demo_file: Path, pg: str) -> None:
    events = rows(pg, "SELECT count(*) FROM event")
    result = runner.invoke(cli, ["migrate-to", pg, "--db", str(demo_file)])
    assert result.exit_code == 2
    assert "is not empty" in result.output and "only into an empty database" in result.output
    assert rows(pg, "SELECT count(*) FROM event") == events
    assert "***" in result.output and pg.split(":")[2].split("@")[0] not in result.output


@pytest.mark.pg
def test_migrate_to_refuses_a_file_that_fails_its_check(demo_file: Path, empty_pg: str) -> None:
    run(str(demo_file), "DROP TRIGGER decision_no_delete")
    result = runner.invoke(cli, ["migrate-to", empty_pg, "--db", str(demo_file)])
    assert result.exit_code == 2 and "did not pass dutydesk check" in result.output
    assert rows(
        empty_pg,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
    ) == [(0,)]


def test_migrate_to_needs_a_postgresql_url(demo_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["migrate-to", str(tmp_path / "x.db"), "--db", str(demo_file)])
    assert result.exit_code == 2 and "is not a PostgreSQL URL" in result.output


# -- plain messages ---------------------------------------------------------------------

UNREACHABLE = "postgresql+psycopg://duty@127.0.0.1:1/dutydesk"


@pytest.fixture
def driver() -> None:
    """These talk to (no) server through psycopg: `pip install -e '.[dev]'` has it."""
    pytest.importorskip("psycopg")


@pytest.mark.parametrize("command", [["audit"], ["check"], ["purge", "--older-than", "1y"]])
def test_a_server_that_is_not_there_is_a_plain_message(driver: None, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--db", UNREACHABLE])
    assert result.exit_code in (1, 2)
    assert "Cannot reach the database server at" in result.output
    assert "Traceback" not in result.output


@pytest.mark.pg
def test_a_database_that_does_not_exist_is_a_plain_message(pg: str) -> None:
    missing = pg.rsplit("/", 1)[0] + "/no_such_dutydesk"
    result = runner.invoke(cli, ["audit", "--db", missing])
    assert result.exit_code == 2 and "There is no database at" in result.output
    assert "ask IT to create it" in result.output


@pytest.mark.parametrize("command", [["backup"], ["restore", "some.db", "--yes"]])
def test_backups_on_a_server_point_to_pg_dump(command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--db", UNREACHABLE])
    assert result.exit_code == 2 and "pg_dump" in result.output


def test_without_the_driver_the_message_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    with pytest.raises(DatabaseError) as refused:
        make_engine(UNREACHABLE)
    assert str(refused.value) == MISSING_DRIVER and "dutydesk[postgres]" in MISSING_DRIVER
    result = runner.invoke(cli, ["audit", "--db", UNREACHABLE])
    assert result.exit_code == 2 and "pip install 'dutydesk[postgres]'" in result.output


def test_a_url_for_another_database_is_refused_plainly() -> None:
    result = runner.invoke(cli, ["audit", "--db", "mysql://someone@somewhere/db"])
    assert result.exit_code == 2 and "SQLite file or PostgreSQL" in result.output


def test_the_store_names_the_server_without_its_password(driver: None) -> None:
    with pytest.raises(DatabaseError) as refused:
        make_engine("postgresql://duty:secret-pass@127.0.0.1:1/dutydesk")
    assert "secret-pass" not in str(refused.value) and "***" in str(refused.value)


def test_paths_shows_the_server_without_its_password() -> None:
    result = runner.invoke(cli, ["paths", "--db", "postgresql://duty:secret-pass@db.example/mash"])
    assert result.exit_code == 0
    assert "database: postgresql://duty:***@db.example/mash" in result.output
    assert "secret-pass" not in result.output and "backups:" not in result.output


def test_a_required_server_that_is_not_there_fails_the_run(
    driver: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI sets DUTYDESK_REQUIRE_PG=1: its PostgreSQL cases fail rather than skip."""
    monkeypatch.setenv("DUTYDESK_TEST_PG_URL", UNREACHABLE)
    monkeypatch.setenv("DUTYDESK_REQUIRE_PG", "1")
    with pytest.raises(pytest.fail.Exception, match="DUTYDESK_REQUIRE_PG=1"), fresh_database():
        pass
    monkeypatch.delenv("DUTYDESK_REQUIRE_PG")
    with pytest.raises(pytest.skip.Exception, match="cannot create a database"), fresh_database():
        pass
