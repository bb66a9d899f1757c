"""`dutydesk report` on nine fictional demo days, on a fixed clock: the page says what the
charts show in words, fetches nothing, names nobody; the workbook is a workbook; both are
private to their owner."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
import time_machine
from typer.testing import CliRunner, Result

from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.series import MEASURES
from dutydesk.storage import open_store

NOW = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")
RANGE = ["--from", "2026-11-16", "--to", "2026-11-26"]
TESTS = ["--test-days", "2026-11-24,2026-11-25,2026-11-26"]
STEM = "dutydesk-report-2026-11-16-to-2026-11-26"
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("report")
    store = open_store(folder / "d.db", fixed_clock(NOW))
    seed_demo(store, days=9)  # Mon 16 to Thu 26 November, working days
    store.close()
    yield folder / "d.db"


def run(db: Path, *args: str) -> Result:
    with time_machine.travel(NOW, tick=False):
        return runner.invoke(cli, ["report", "--db", str(db), *args])


def people(db: Path) -> set[str]:
    """Every child's, referrer's and staff member's name in the demo."""
    with sqlite3.connect(db) as conn:
        names = {row[0] for row in conn.execute("SELECT referrer_name FROM call_version")}
        names |= {row[0] for row in conn.execute("SELECT name FROM attendee")}
        for (children,) in conn.execute("SELECT children_json FROM call_version"):
            names |= set(re.findall(r'"name": ?"([^"]+)"', children))
    return {n for n in names if n and len(n) > 3}


def test_the_report_is_written_private_and_says_what_each_chart_shows(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run(demo, *RANGE, *TESTS, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "9 day(s): 3 test, 6 baseline." in result.output
    page, book = out / f"{STEM}.html", out / f"{STEM}.xlsx"
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(book).st_mode) == 0o600
    html = page.read_text("utf-8")
    assert "Test days: Tue 24 Nov 2026, Wed 25 Nov 2026, Thu 26 Nov 2026." in html
    assert "Baseline: 6 other recorded day(s) in the range" in html
    # The sentences, as worked out from the demo's days.
    assert (
        "3 of 3 test days above the baseline median: no shift. Baseline median 2h 04m, "
        "from 6 baseline days." in html
    )
    assert "All 3 test days on the baseline median. Baseline median 100%" in html
    assert (
        "An astronomical point: Thu 26 Nov (test day), 5, far below what the baseline days show."
        in html
    )
    assert "Fewer than 15 baseline days with a figure (6): no process limits" in html
    # Every measure has its section; a measure without figures says so and draws nothing.
    assert html.count('<section class="chart"') == len(MEASURES)
    assert "No day in the range has a figure for this measure: nothing to chart." in html
    charts = re.findall(r'<svg [^>]*class="runchart" data-points="(\d+)"', html)
    assert len(charts) == len(MEASURES) - 1
    assert all(int(n) == 9 for n in charts[:5])  # calls .. IMMEDIATE: a figure every day
    first = html.split('class="runchart"')[1].split("</svg>")[0]
    assert first.count('class="pt base"') == 6 and first.count('class="pt test"') == 3


def test_the_page_fetches_nothing_and_names_nobody(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(demo, *RANGE, *TESTS, "--out", str(out)).exit_code == 0
    html = (out / f"{STEM}.html").read_text("utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    for forbidden in ("<script", "src=", "url(", "@import", "<link", "<img", "<iframe"):
        assert forbidden not in html.lower(), forbidden
    addresses = set(re.findall(r"https?://[^\"' >]+", html))
    assert addresses == {"http://www.w3.org/2000/svg"}  # SVG's namespace, never fetched
    assert "Pseudonymised" in html
    named = [name for name in people(demo) if name in html]
    assert named == []
    assert "@page { size: A4" in html and "break-inside: avoid" in html


def test_the_workbook_opens_as_a_workbook(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(demo, *RANGE, *TESTS, "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(out / f"{STEM}.xlsx") as book:
        assert book.testzip() is None
        names = book.namelist()
        workbook = book.read("xl/workbook.xml").decode("utf-8")
        daily = book.read("xl/worksheets/sheet2.xml").decode("utf-8")
    sheets = re.findall(r'<sheet name="([^"]+)"', workbook)
    assert sheets == [
        "Summary",
        "Daily",
        "Referrers said",
        "Agencies said",
        "Retrospectives",
        "Needs",
        "Organisations",
        "Plan reviews",
        *(m.key for m in MEASURES),
    ]
    # A native chart for every measure that has two or more figures.
    assert len([n for n in names if n.startswith("xl/charts/chart")]) == len(MEASURES) - 1
    # Days are Excel dates: serial numbers (Mon 16 November 2026 is 46342) with a format.
    assert '<c r="A2" s="' in daily and "<v>46342</v>" in daily


def test_a_range_of_test_days(demo: Path, tmp_path: Path) -> None:
    # Sat 21 to Thu 26: the weekend has no session, so four test days.
    result = run(
        demo, *RANGE, "--test-from", "2026-11-21", "--test-to", "2026-11-26", "--out", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    assert "9 day(s): 4 test, 5 baseline." in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--test-days", "2026-11-21"],
            "no duty session was recorded on test day(s) 2026-11-21",
        ),
        (["--test-days", "24/11/2026"], "--test-days '24/11/2026' is not a date"),
        (["--test-days", ","], "--test-days is empty"),
        (["--test-from", "2026-11-27"], "not all inside the report's range"),
    ],
)
def test_test_days_that_cannot_be_used_are_refused_in_words(
    demo: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run(demo, *RANGE, *args, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_range_without_sessions_says_so(demo: Path, tmp_path: Path) -> None:
    result = run(demo, "--from", "2026-12-01", "--to", "2026-12-04", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "No duty sessions from 2026-12-01 to 2026-12-04." in result.output


def test_a_folder_others_can_open_is_refused(demo: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    result = run(demo, *RANGE, *TESTS, "--out", str(shared))
    assert result.exit_code == 2
    assert "can be opened by other users of this computer" in result.output
    assert list(shared.iterdir()) == []


def test_new_folders_are_private_whatever_the_umask(demo: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = run(demo, *RANGE, *TESTS, "--out", str(tmp_path / "a" / "b"))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for file in (tmp_path / "a" / "b").iterdir():
        assert stat.S_IMODE(os.stat(file).st_mode) == 0o600


def test_the_report_on_each_engine(db_target: str, tmp_path: Path) -> None:
    """A SQLite file and a PostgreSQL database (read through the engine) give the report."""
    store = open_store(db_target, fixed_clock(NOW))
    seed_demo(store, days=3)  # Tue 24 to Thu 26 November
    store.close()
    out = tmp_path / "out"
    with time_machine.travel(NOW, tick=False):
        result = runner.invoke(
            cli,
            [
                *("report", "--db", db_target, "--from", "2026-11-24", "--to", "2026-11-26"),
                *("--test-days", "2026-11-26", "--out", str(out)),
            ],
        )
    assert result.exit_code == 0, result.output
    assert "3 day(s): 1 test, 2 baseline." in result.output
    html = (out / "dutydesk-report-2026-11-24-to-2026-11-26.html").read_text("utf-8")
    assert "Test days: Thu 26 Nov 2026." in html
    assert html.count('<section class="chart"') == len(MEASURES)
