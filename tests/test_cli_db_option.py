"""`--db` and `--exports` work before the sub-command as after it; a command names the
database it writes to; a command that only reads never makes a database."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.storage import open_store
from tests.engines import rows

runner = CliRunner()
NOW = pendulum.datetime(2026, 11, 26, 12, tz="Europe/London")
SEEDED = pendulum.datetime(2026, 11, 20, 12, tz="Europe/London")  # old enough for 1d


@pytest.fixture(autouse=True)
def default_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DUTYDESK_DB points at a file that no command in these tests may touch, and every
    command's store tells the time by the fixed clock."""
    import dutydesk.storage as storage

    default = tmp_path / "default" / "dutydesk.db"
    monkeypatch.setenv("DUTYDESK_DB", str(default))
    monkeypatch.setenv("DUTYDESK_EXPORTS", str(tmp_path / "default-exports"))
    real = storage.open_store
    monkeypatch.setattr(
        storage, "open_store", lambda target, **kw: real(target, fixed_clock(NOW), **kw)
    )
    return default


@pytest.fixture
def intended(tmp_path: Path) -> Path:
    db = tmp_path / "intended.db"
    store = open_store(db, fixed_clock(SEEDED))
    seed_demo(store, days=2)
    store.close()
    return db


def untouched(default: Path) -> bool:
    return not default.exists() and not default.parent.exists()


@pytest.mark.parametrize("before", [True, False])
def test_purge_acts_on_the_database_named_in_either_place(
    intended: Path, default_db: Path, before: bool
) -> None:
    db = ["--db", str(intended)]
    command = ["purge", "--older-than", "1d"]
    args = [*db, *command] if before else [*command, *db]
    result = runner.invoke(cli, args, input="y\n")
    assert result.exit_code == 0, result.output
    assert f"Remove them from {intended}? [y/N]" in result.output
    assert f"Removed from {intended}:" in result.output
    assert rows(str(intended), "SELECT count(*) FROM event WHERE kind = 'purge'") == [(1,)]
    assert untouched(default_db)


@pytest.mark.parametrize("before", [True, False])
def test_import_adds_to_the_database_named_in_either_place(
    tmp_path: Path, intended: Path, default_db: Path, before: bool
) -> None:
    form = tmp_path / "form.csv"
    form.write_text(
        "received_at,urgency,child_name,child_dob_or_age,worry_seen,referrer_name,needs\n"
        "2026-11-26 08:10,today,Tilly Formfield,2016-02-03,Often hungry,Pat Online,neglect\n",
        encoding="utf-8",
    )
    referrals = rows(str(intended), "SELECT count(*) FROM referral")[0][0]
    db = ["--db", str(intended)]
    command = ["import", str(form), "--name", "Sam Test"]
    result = runner.invoke(cli, [*db, *command] if before else [*command, *db])
    assert result.exit_code == 0, result.output
    assert f"in {intended}:" in result.output
    assert rows(str(intended), "SELECT count(*) FROM referral") == [(referrals + 1,)]
    assert untouched(default_db)


@pytest.mark.parametrize("before", [True, False])
def test_export_reads_the_database_and_writes_the_folder_named_in_either_place(
    tmp_path: Path, intended: Path, default_db: Path, before: bool
) -> None:
    out = tmp_path / "chosen-exports"
    options = ["--db", str(intended), "--exports", str(out)]
    command = ["export", "--date", "2026-11-20"]
    if before:
        result = runner.invoke(cli, [*options, *command])
    else:  # `export` names its folder --out
        result = runner.invoke(cli, [*command, "--db", str(intended), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "dutydesk-2026-11-20-referrals.csv").is_file()
    assert untouched(default_db)
    assert not (tmp_path / "default-exports").exists()


@pytest.mark.parametrize("before", [True, False])
def test_check_checks_the_database_named_in_either_place(
    intended: Path, default_db: Path, before: bool
) -> None:
    db = ["--db", str(intended)]
    result = runner.invoke(cli, [*db, "check"] if before else ["check", *db])
    assert result.exit_code == 0, result.output
    assert f"OK: {intended} is whole" in result.output
    assert untouched(default_db)


def test_two_different_databases_are_refused(intended: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    result = runner.invoke(
        cli, ["--db", str(other), "purge", "--older-than", "1d", "--yes", "--db", str(intended)]
    )
    assert result.exit_code == 2
    assert "--db is given twice" in result.output and str(other) in result.output
    assert rows(str(intended), "SELECT count(*) FROM event WHERE kind = 'purge'") == [(0,)]
    assert not other.exists()


def test_the_same_database_twice_is_fine(intended: Path) -> None:
    db = ["--db", str(intended)]
    result = runner.invoke(cli, [*db, "check", *db])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--date", "2026-11-20"],
        ["measures"],
        ["audit"],
        ["check"],
        ["services", "list"],
        ["purge", "--older-than", "1y", "--yes"],
    ],
)
@pytest.mark.parametrize("before", [True, False])
def test_a_command_that_reads_never_makes_a_database(
    tmp_path: Path, default_db: Path, command: list[str], before: bool
) -> None:
    typo = tmp_path / "mistyped" / "dutydsk.db"
    db = ["--db", str(typo)]
    result = runner.invoke(cli, [*db, *command] if before else [*command, *db])
    assert result.exit_code in (1, 2)
    assert f"no dutydesk database at {typo}" in result.output
    assert "Traceback" not in result.output
    assert not typo.exists() and not typo.parent.exists()
    assert untouched(default_db)


def test_an_option_the_command_does_not_use_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--exports", str(tmp_path), "check"])
    assert result.exit_code == 2 and "`check` does not use --exports" in result.output
