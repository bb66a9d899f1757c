"""`dutydesk check` and the app judge a file by the same verdict (preflight.judge): a file
the app adopts passes the check, a file the app refuses fails it, with the same words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.storage import DatabaseError, open_store
from dutydesk.storage.version import SCHEMA_VERSION

runner = CliRunner()


def left_by_a_kill(path: Path) -> Path:
    """What a kill during the first start leaves: preflight made the file (0600), SQLite
    switched it to WAL, and the transaction making the tables never committed."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE half_made (id INTEGER)")  # rolled back by the 'kill'
    conn.close()
    return path


@pytest.mark.parametrize("make", [lambda p: p.touch() or p, left_by_a_kill], ids=["0 bytes", "wal"])
def test_a_file_left_by_a_kill_during_creation_passes_as_the_app_adopts_it(
    tmp_path: Path, make: object
) -> None:
    db = tmp_path / "dutydesk.db"
    make(db)  # type: ignore[operator]
    result = runner.invoke(cli, ["check", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "The file is empty" in result.output
    open_store(db).close()  # the app: adopts it and makes its tables
    after = runner.invoke(cli, ["check", "--db", str(db)])
    assert after.exit_code == 0 and "Event log: empty" in after.output


def test_a_removed_schema_stamp_fails_as_the_app_refuses_it(tmp_path: Path) -> None:
    db = tmp_path / "dutydesk.db"
    open_store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM alembic_version")
    conn.close()
    with pytest.raises(DatabaseError) as refused:  # the app
        open_store(db)
    said = str(refused.value)
    assert f"says schema {SCHEMA_VERSION} but has no history" in said
    result = runner.invoke(cli, ["check", "--db", str(db)])  # check
    assert result.exit_code == 1
    assert said in result.output
    assert "FAILED" in result.output
