"""Baseline days from the case system (domain/baseline.py): all or nothing, every problem
by row and column; and in the report, as baseline days beside the recorded ones."""

from __future__ import annotations

import re
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
from dutydesk.domain.baseline import BaselineError, parse
from dutydesk.domain.clock import fixed_clock
from dutydesk.storage import open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "dutydesk" / "demo_data" / "baseline-example.csv"
CODES = ("early_help", "strategy", "nfa")
HEAD = (
    "day,contacts,decisions,median_minutes_to_decision,immediate,immediate_median_minutes,"
    "decided_within_one_working_day"
)
NOW = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")


def problems(text: str) -> list[str]:
    with pytest.raises(BaselineError) as caught:
        parse(text, CODES)
    return caught.value.problems


def test_the_shipped_example_reads() -> None:
    days = parse(EXAMPLE.read_text("utf-8"), CODES)
    assert len(days) == 20
    assert days[0].day == date(2026, 10, 19) and days[-1].day == date(2026, 11, 13)
    first = days[0]
    assert (first.contacts, first.decisions, first.median_minutes_to_decision) == (16, 14, 156)
    assert first.value("calls") == 16
    assert first.value("missed_working_day") == 14 - 12
    assert first.value("views") is None  # the case system has no such figure
    assert days[-2].immediate_median_minutes is None  # no IMMEDIATE referral that day


def test_a_bom_and_outcome_columns() -> None:
    text = "\ufeff" + HEAD + ",outcome_early_help,outcome_nfa\n2026-10-01,5,4,60,0,,4,3,1\n"
    (day,) = parse(text, CODES)
    assert day.outcomes == {"early_help": 3, "nfa": 1}


def test_every_problem_is_named_by_row_and_column() -> None:
    text = (
        HEAD
        + "\n"
        + "2026-10-01,5,4,60,1,90,4\n"
        + "2026-10-01,5,4,60,1,90,4\n"  # the same day twice
        + "01/10/2026,five,-2,50000,1,abc,9\n"  # every cell wrong
        + "2026-10-05,5,4,60\n"  # too few values
    )
    found = problems(text)
    assert found == [
        "row 3, column day: 2026-10-01 is also on row 2",
        "row 4, column day: '01/10/2026' is not a date: use YYYY-MM-DD",
        "row 4, column contacts: 'five' is not a whole number",
        "row 4, column decisions: -2 is below 0",
        "row 4, column median_minutes_to_decision: 50000 minutes is over 30 days: is it in "
        "minutes?",
        "row 4, column immediate_median_minutes: 'abc' is not a number of minutes",
        "row 5: 4 values, but the first row names 7",
    ]


def test_a_missing_or_unknown_column() -> None:
    found = problems("day,contacts,decisions,outcome_moon\n2026-10-01,1,1,1\n")
    assert "row 1: the column 'median_minutes_to_decision' is missing" in found
    assert any(p.startswith("row 1, column 4 'outcome_moon': not a baseline column") for p in found)


def test_excels_semicolons_are_refused_in_words() -> None:
    (only,) = problems(HEAD.replace(",", ";") + "\n2026-10-01;5;4;60;1;90;4\n")
    assert "separated by semicolons" in only and "CSV UTF-8 (Comma delimited)" in only


def test_sums_that_do_not_add_up() -> None:
    found = problems(HEAD + ",outcome_nfa\n2026-10-01,5,4,60,1,90,5,3\n")
    assert found == [
        "row 2, column decided_within_one_working_day: 5 is more than the 4 decisions",
        "row 2: the outcome columns add up to 3, not the 4 decisions",
    ]


def test_empty_files() -> None:
    assert problems("") == ["the file is empty: the first row names the columns"]
    assert problems(HEAD + "\n") == ["the file has no days: one row per day after the first row"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("baseline")
    store = open_store(folder / "d.db", fixed_clock(NOW))
    seed_demo(store, days=9)  # 16 to 26 November
    store.close()
    return folder / "d.db"


def run(db: Path, *args: str) -> tuple[int, str]:
    with time_machine.travel(NOW, tick=False):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    return result.exit_code, result.output


def kept(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT day, actor_name FROM baseline_day ORDER BY id").fetchall()


def test_the_report_adds_the_kept_days_to_the_baseline(demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    shutil.copy(demo, db)
    code, output = run(db, "baseline", "import", str(EXAMPLE), "--name", "Pat Lead")
    assert code == 0, output
    assert "Imported 20 baseline day(s), 2026-10-19 to 2026-11-13" in output
    assert len(kept(db)) == 20 and kept(db)[0] == ("2026-10-19", "Pat Lead")
    code, output = run(
        db,
        "report",
        *("--from", "2026-10-19", "--to", "2026-11-26"),
        *("--test-from", "2026-11-24", "--test-to", "2026-11-26", "--out", str(tmp_path / "o")),
    )
    assert code == 0, output
    assert "9 day(s): 3 test, 6 baseline and 20 from the case system." in output
    html = next((tmp_path / "o").glob("*.html")).read_text("utf-8")
    assert "and 20 day(s) from the case system (20 days from Mon 19 Oct 2026" in html
    calls = html.split('class="runchart"')[1].split("</svg>")[0]
    assert calls.count('class="pt base imported"') == 20
    assert calls.count('class="pt test"') == 3
    assert "from 26 baseline days" in html  # 6 recorded and 20 imported
    # Agency views: the case system has no figure, so only the 6 recorded baseline days.
    views = html.split('id="m16"')[1].split("</section>")[0]
    assert "from 6 baseline days" in views
    assert re.search(r"baseline \(case system\)</td><td class=\"num\">-</td>", views)


def test_a_bad_file_keeps_nothing_and_lists_every_problem(demo: Path, tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    shutil.copy(demo, db)
    bad = tmp_path / "bad.csv"
    rows = ["2026-10-01,x,4,60,1,90,4", "2026-10-02,5,4,60,1,90,-1", "2026-10-05,5,4,50000,1,,4"]
    bad.write_text("\ufeff" + HEAD + "\n" + "\n".join([*rows, rows[1]]) + "\n", "utf-8")
    code, output = run(db, "baseline", "import", str(bad))
    assert code == 2
    assert "bad.csv was not imported (5 problem(s)); nothing was kept:" in output
    assert "row 2, column contacts: 'x' is not a whole number" in output
    assert "row 3, column decided_within_one_working_day: -1 is below 0" in output
    assert "row 4, column median_minutes_to_decision: 50000 minutes is over 30 days" in output
    assert "row 5, column day: 2026-10-02 is also on row 3" in output
    assert kept(db) == []


def test_a_day_recorded_in_dutydesk_cannot_also_come_from_the_file(
    demo: Path, tmp_path: Path
) -> None:
    db = tmp_path / "d.db"
    shutil.copy(demo, db)
    clash = tmp_path / "clash.csv"
    clash.write_text(HEAD + "\n2026-11-13,5,4,60,1,90,4\n2026-11-16,5,4,60,1,90,4\n", "utf-8")
    code, output = run(db, "baseline", "import", str(clash))
    assert code == 2
    assert "2026-11-16: dutydesk has a duty session that day" in output
    assert kept(db) == []
