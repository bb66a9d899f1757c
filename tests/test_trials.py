"""`dutydesk test`: tests of change kept in the record (named, renamed, ended: each a new
attributed row and a chained event), and `dutydesk report --test NAME` using one."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pendulum
import pytest
import time_machine
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.trials import TrialError, days_between, days_listed
from dutydesk.storage import open_store
from dutydesk.storage.integrity import check_file

NOW = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("trials")
    store = open_store(folder / "d.db", fixed_clock(NOW))
    seed_demo(store, days=9)  # Mon 16 to Thu 26 November, working days
    store.close()
    return folder / "d.db"


@pytest.fixture
def db(seeded: Path, tmp_path: Path) -> Path:
    shutil.copy(seeded, tmp_path / "d.db")
    return tmp_path / "d.db"


def run(db: Path, *args: str) -> tuple[int, str]:
    with time_machine.travel(NOW, tick=False):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    return result.exit_code, result.output


def stored(db: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query).fetchall()


def test_days_as_a_list_or_a_range_of_weekdays() -> None:
    assert days_listed("2026-11-25, 2026-11-24,2026-11-25,") == [
        date(2026, 11, 24),
        date(2026, 11, 25),
    ]
    week = days_between(date(2026, 11, 20), date(2026, 11, 26))
    assert [d.day for d in week] == [20, 23, 24, 25, 26]  # Fri, then Mon to Thu
    assert [d.day for d in days_between(date(2026, 11, 16), date(2026, 11, 26), "Mon,wed")] == [
        16,
        18,
        23,
        25,
    ]
    for bad, said in (
        (lambda: days_listed("2026-11-31"), "'2026-11-31' is not a day"),
        (lambda: days_listed(" , "), "at least one day"),
        (lambda: days_between(date(2026, 11, 26), date(2026, 11, 20)), "before the first"),
        (lambda: days_between(date(2026, 11, 20), date(2026, 11, 26), "mon,fri,xyz"), "'xyz'"),
        (lambda: days_between(date(2026, 1, 1), date(2027, 6, 1)), "over a year"),
    ):
        with pytest.raises(TrialError, match=said):
            bad()


def test_a_test_is_added_renamed_and_ended_each_as_a_new_attributed_row(db: Path) -> None:
    code, said = run(
        db,
        "test",
        "add",
        "Front door test 1",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-27",
        "--name",
        "Pat Lead",
    )
    assert code == 0, said
    assert 'Added the test "Front door test 1": 5 day(s), 2026-11-23 to 2026-11-27' in said
    code, said = run(
        db, "test", "rename", "front door TEST 1", "Front door test A", "--name", "Sam Chair"
    )
    assert code == 0 and 'Renamed: "Front door test A"' in said
    code, said = run(db, "test", "end", "Front door test A", "--on", "2026-11-25")
    assert code == 0 and "3 day(s), 2026-11-23 to 2026-11-25, ended on 2026-11-25" in said
    code, said = run(db, "test", "list")
    assert said.splitlines() == [
        '"Front door test A": 3 day(s), 2026-11-23 to 2026-11-25, ended on 2026-11-25',
        "  days: Mon 23 Nov, Tue 24 Nov, Wed 25 Nov",
    ]
    rows = stored(db, "SELECT number, version, name, ended_on, actor_name FROM trial ORDER BY id")
    assert rows[:2] == [
        (1, 1, "Front door test 1", "", "Pat Lead"),
        (1, 2, "Front door test A", "", "Sam Chair"),
    ]
    assert rows[2][:4] == (1, 3, "Front door test A", "2026-11-25")
    assert len(stored(db, "SELECT * FROM trial_day")) == 5  # its days as added stay
    events = stored(db, "SELECT kind, detail FROM event WHERE kind LIKE 'test %' ORDER BY id")
    assert events == [
        ("test added", "Front door test 1: 5 day(s)"),
        ("test renamed", "Front door test 1 -> Front door test A"),
        ("test ended", "Front door test A on 2026-11-25"),
    ]
    assert check_file(db).ok


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["add", "T", "--days", ""], "a test needs at least one day"),
        (["add", "T"], "give its days"),
        (["add", "T", "--days", "2026-11-24", "--from", "2026-11-23"], "not both"),
        (["add", "  ", "--days", "2026-11-24"], "a test needs a name"),
        (["add", "Taken", "--days", "2026-11-24"], 'there is already a test called "Taken"'),
        (["rename", "Nobody", "X"], 'no test is called "Nobody". The tests: "Taken"'),
        (["end", "Taken", "--on", "2026-11-01"], '"Taken" starts on 2026-11-24, after 2026-11-01'),
        (["end", "Taken", "--on", "soon"], "--on 'soon' is not a date"),
    ],
)
def test_bad_input_changes_nothing(db: Path, args: list[str], said: str) -> None:
    assert run(db, "test", "add", "Taken", "--days", "2026-11-24")[0] == 0
    before = stored(db, "SELECT count(*) FROM trial")
    code, output = run(db, "test", *args)
    assert code == 2 and said in output, output
    assert "Traceback" not in output
    assert stored(db, "SELECT count(*) FROM trial") == before


def test_the_report_of_a_kept_test(db: Path, tmp_path: Path) -> None:
    run(
        db,
        "test",
        "add",
        "Front door test 1",
        "--days",
        "2026-11-24,2026-11-25,2026-11-26,2026-11-27",
    )
    out = tmp_path / "out"
    code, said = run(db, "report", "--test", "front door test 1", "--out", str(out))
    assert code == 0, said
    # From the first recorded day to the test's last; the 27th has no session (yet).
    assert "9 day(s): 3 test, 6 baseline." in said
    html = (out / "dutydesk-report-2026-11-16-to-2026-11-27.html").read_text("utf-8")
    assert "<h1>Front door test 1: the measures from Mon 16 Nov 2026" in html
    assert "Test days: Tue 24 Nov 2026, Wed 25 Nov 2026, Thu 26 Nov 2026." in html
    # By the organisation type chosen on the call (issue 15's field), not as typed.
    orgs = html.split('id="organisations"')[1].split("</section>")[0]
    assert "<th>Organisation type</th>" in orgs and "<td>School</td>" in orgs
    run(db, "test", "add", "Not yet", "--days", "2026-12-01")
    code, said = run(db, "report", "--test", "Not yet", "--out", str(tmp_path / "none"))
    assert code == 2 and 'no duty session was recorded on a day of "Not yet"' in said
    assert not (tmp_path / "none").exists()
    code, said = run(db, "report", "--test", "Another", "--out", str(out))
    assert code == 2 and 'no test is called "Another"' in said
    code, said = run(db, "report", "--test", "Front door test 1", "--test-days", "2026-11-24")
    assert code == 2 and "not both" in said


def test_the_demo_holds_a_test_of_five_days_and_twenty_baseline_days(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    with time_machine.travel(NOW, tick=False):
        result = CliRunner().invoke(cli, ["seed-demo", "--db", str(db), "--days", "5"])
    assert result.exit_code == 0, result.output
    assert 'a test "Front door test 1" of 5 day(s) and 20 baseline days.' in result.output
    # The example file's figures, on the 20 working days before the first recorded day.
    assert stored(db, "SELECT min(day), max(day), count(*), max(source) FROM baseline_day") == [
        ("2026-10-23", "2026-11-19", 20, "baseline-example.csv")
    ]
    out = tmp_path / "out"
    code, said = run(db, "report", "--test", "Front door test 1", "--out", str(out))
    assert code == 0, said
    assert "5 day(s): 5 test, 0 baseline and 20 from the case system." in said
    html = (out / "dutydesk-report-2026-10-23-to-2026-11-26.html").read_text("utf-8")
    calls = html.split('class="runchart"')[1].split("</svg>")[0]
    assert calls.count('class="pt base imported"') == 20 and calls.count('class="pt test"') == 5
    assert (out / "dutydesk-report-2026-10-23-to-2026-11-26.xlsx").stat().st_size > 0
