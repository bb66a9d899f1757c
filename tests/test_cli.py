"""The command line, through Typer's CliRunner: no console is opened."""

from __future__ import annotations

import csv
from pathlib import Path

import pendulum
import pytest
from typer.testing import CliRunner

from dutydesk import paths
from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.storage import open_store

runner = CliRunner()


@pytest.fixture
def demo_db(db_target: str) -> str:
    """Two fictional days, in a SQLite file and then in PostgreSQL (`db_target`)."""
    clock = fixed_clock(pendulum.datetime(2026, 11, 26, 12, tz="Europe/London"))
    store = open_store(db_target, clock)
    seed_demo(store, days=2)
    store.close()
    return db_target


def test_export_writes_the_days_four_files(demo_db: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["export", "--db", str(demo_db), "--date", "2026-11-26", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.split()]
    assert [p.name for p in written] == [
        "dutydesk-2026-11-26-session.csv",
        "dutydesk-2026-11-26-referrals.csv",
        "dutydesk-2026-11-26-views.csv",
        "dutydesk-2026-11-26-actions.csv",
    ]
    # How many names and details each file's free text had replaced, on stderr.
    assert "Names and details replaced in the free text: dutydesk-2026-11-26-session.csv: 0" in (
        result.stderr
    )
    with open(written[1], encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 14
    assert "children_names" not in rows[0]


def test_identifiable_export_adds_names(demo_db: str, tmp_path: Path) -> None:
    args = ["export", "--db", str(demo_db), "--date", "2026-11-26", "--out", str(tmp_path)]
    assert runner.invoke(cli, [*args, "--identifiable"]).exit_code == 0
    with open(tmp_path / "dutydesk-2026-11-26-referrals.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    # Every referral names its children; an advice call may not know them.
    assert all(row["children_names"] for row in rows if row["contact_kind"] == "referral")
    assert any(row["advice_given"] for row in rows if row["contact_kind"] == "advice")


def test_export_of_a_day_without_a_session_says_so(demo_db: str, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["export", "--db", str(demo_db), "--date", "2026-01-01", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "No duty session" in result.output
    assert "Traceback" not in result.output


def test_export_refuses_a_date_it_cannot_read(demo_db: str) -> None:
    result = runner.invoke(cli, ["export", "--db", str(demo_db), "--date", "26/11/2026"])
    assert result.exit_code == 2
    assert "is not a date" in result.output


def test_a_corrupt_database_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database, just some words " * 200)
    result = runner.invoke(cli, ["export", "--db", str(bad), "--date", "2026-11-26"])
    assert result.exit_code == 2
    assert "dutydesk:" in result.output and "Traceback" not in result.output


def test_seed_demo_fills_a_database(tmp_path: Path) -> None:
    db = tmp_path / "seeded.db"
    result = runner.invoke(cli, ["seed-demo", "--db", str(db), "--days", "2"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    assert len(store.session_days()) == 2


def test_paths_follow_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYDESK_DB", str(tmp_path / "env.db"))
    monkeypatch.setenv("DUTYDESK_EXPORTS", str(tmp_path / "exports"))
    result = runner.invoke(cli, ["paths"])
    assert f"database: {tmp_path / 'env.db'}" in result.output
    assert f"exports:  {tmp_path / 'exports'}" in result.output
    assert runner.invoke(cli, ["paths", "--db", "other.db"]).output.startswith("database: other.db")


def test_default_paths_are_in_the_users_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUTYDESK_DB", raising=False)
    monkeypatch.delenv("DUTYDESK_EXPORTS", raising=False)
    assert paths.default_db() == paths.data_dir() / "dutydesk.db"
    assert paths.default_exports() == paths.data_dir() / "exports"
    assert "dutydesk" in str(paths.data_dir())


@pytest.mark.parametrize(
    ("method", "argv"),
    [
        ("services", ["services", "list"]),
        ("purge_plan", ["purge", "--older-than", "1y"]),
        ("events_on", ["audit", "--date", "2026-11-26"]),
    ],
)
def test_a_database_failure_mid_command_is_said_plainly(
    demo_db: str, monkeypatch: pytest.MonkeyPatch, method: str, argv: list[str]
) -> None:
    """The Store opened, then a read failed (busy, unreachable): exit 2 with its words, as
    for a Store that will not open, not a traceback."""
    from dutydesk.storage import DatabaseError, Store

    def busy(*_args: object, **_kwargs: object) -> None:
        raise DatabaseError("The database is busy at another desk. Wait a moment and try again.")

    monkeypatch.setattr(Store, method, busy)
    result = runner.invoke(cli, [*argv, "--db", demo_db])
    assert result.exit_code == 2, result.output
    assert "dutydesk: The database is busy at another desk" in result.stderr
    assert not isinstance(result.exception, DatabaseError)
