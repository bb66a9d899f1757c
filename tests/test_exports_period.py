"""A range of days for the project lead: a folder per day, measures.csv, a manifest; and
the bytes Excel will read."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
import time_machine
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.exports.daily import export_day
from dutydesk.exports.files import write_csv
from dutydesk.exports.period import export_period, verify
from dutydesk.storage import Store, open_store

NOW = pendulum.datetime(2026, 11, 26, 15, tz="Europe/London")
HOSTILE = [
    '=HYPERLINK("http://example.invalid","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "safe, then =1+1",
    "line one\n=1+1",
    'quote " and, comma',
    "Zoë Ødegård",
]


@pytest.fixture
def on_the_seeded_day() -> Iterator[None]:
    """The command line reads the system clock ("today" is its default day): stand it on
    the seeded day, so that the test means the same on any day it runs."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def seeded(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "p.db", fixed_clock(NOW))
    seed_demo(store, days=3)
    return store


def test_a_folder_per_day_measures_and_a_manifest(seeded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    entries = export_period(seeded, pendulum.date(2026, 11, 1), pendulum.date(2026, 11, 30), out)
    days = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert days == ["2026-11-24", "2026-11-25", "2026-11-26"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["complete"] is True and manifest["identifiable"] is False
    assert len(manifest["files"]) == 3 * 4 + 3 == len(entries)  # measures, feedback, experience
    for item in manifest["files"]:
        data = (out / item["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert len(rows) - 1 == item["rows"]
    with open(out / "measures.csv", encoding="utf-8-sig", newline="") as handle:
        measures = list(csv.DictReader(handle))
    assert [m["period"] for m in measures] == [*days, "all days"]
    assert int(measures[-1]["calls"]) == sum(int(m["calls"]) for m in measures[:-1])
    assert verify(out) == []


def test_a_changed_or_unfinished_export_is_detected(seeded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_period(seeded, pendulum.date(2026, 11, 26), pendulum.date(2026, 11, 26), out)
    target = out / "2026-11-26" / "dutydesk-2026-11-26-views.csv"
    target.write_bytes(target.read_bytes() + b"extra\r\n")
    assert verify(out) == [
        "2026-11-26/dutydesk-2026-11-26-views.csv has changed since it was exported"
    ]
    (out / "manifest.json").unlink()
    assert verify(out) == ["no manifest.json: the export did not finish"]


def test_exporting_again_replaces_the_day_whole(seeded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    day = pendulum.date(2026, 11, 26)
    export_period(seeded, day, day, out)
    (out / "2026-11-26" / "stray.txt").write_text("left from before")
    export_period(seeded, day, day, out)
    assert sorted(p.name for p in (out / "2026-11-26").iterdir()) == [
        "dutydesk-2026-11-26-actions.csv",
        "dutydesk-2026-11-26-referrals.csv",
        "dutydesk-2026-11-26-session.csv",
        "dutydesk-2026-11-26-views.csv",
    ]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_the_bytes_excel_reads(tmp_path: Path) -> None:
    target = tmp_path / "hostile.csv"
    write_csv(target, ["value"], [{"value": v} for v in HOSTILE])
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # byte-order mark
    assert b"\r\n" in data and data.count(b"\r\n") >= len(HOSTILE) + 1  # CRLF records
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    values = [row[0] for row in rows[1:]]
    assert len(rows) == len(HOSTILE) + 1  # embedded commas and newlines stay in their cell
    for typed, written in zip(HOSTILE, values, strict=True):
        if typed[0] in "=+-@\t\r":
            assert written == "'" + typed  # a spreadsheet shows it as text
        else:
            assert written == typed
    for cell in values:
        assert cell[0] not in "=+-@\t\r"


def test_hostile_text_in_a_real_day(tmp_path: Path) -> None:
    store = open_store(tmp_path / "h.db", fixed_clock(NOW))
    actor = Actor("Priya Sample", "mash", "")
    session = store.start_session(store.today(), [("mash", "Priya Sample", "")], actor)
    for text in HOSTILE:
        store.add_call(
            session.id,
            CallDetails("today", (Child("Jo Unreal"),), "seen", referrer_org=text.strip()),
            actor,
        )
    (path,) = [p for p in export_day(store, store.today(), tmp_path) if "referrals" in p.name]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        orgs = [row["referrer_organisation"] for row in csv.DictReader(handle)]
    assert all(o[0] not in "=+-@" for o in orgs)


def test_the_command_line_range_and_warning(seeded: Store, tmp_path: Path) -> None:
    db = seeded.engine.url.database
    out = tmp_path / "cli-out"
    result = CliRunner().invoke(
        cli,
        [
            "export",
            "--db",
            str(db),
            "--from",
            "2026-11-25",
            "--to",
            "2026-11-26",
            "--out",
            str(out),
            "--identifiable",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Warning: these files name children" in result.output
    assert verify(out) == []
    assert json.loads((out / "manifest.json").read_text("utf-8"))["identifiable"] is True


@pytest.mark.usefixtures("on_the_seeded_day")
def test_measures_on_the_command_line(seeded: Store) -> None:
    db = str(seeded.engine.url.database)
    runner = CliRunner()
    table = runner.invoke(cli, ["measures", "--db", db, "--from", "2026-11-26"])
    assert table.exit_code == 0, table.output
    assert "IMMEDIATE referrals" in table.output
    as_csv = runner.invoke(cli, ["measures", "--db", db, "--from", "2026-11-25", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["period"] for r in rows] == ["2026-11-25", "2026-11-26", "all days"]
    as_json = runner.invoke(cli, ["measures", "--db", db, "--format", "json"])
    total = json.loads(as_json.output)["total"]
    assert (total["calls"], total["advice_calls"], total["referrals"]) == (20, 2, 18)
    none = runner.invoke(
        cli, ["measures", "--db", db, "--from", "2026-01-01", "--to", "2026-01-02"]
    )
    assert none.exit_code == 2 and "No duty sessions" in none.output


@pytest.mark.usefixtures("on_the_seeded_day")
def test_the_immediate_target_comes_from_the_environment(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(seeded.engine.url.database)
    runner = CliRunner()
    args = ["measures", "--db", db, "--from", "2026-11-24", "--format", "json"]
    monkeypatch.setenv("DUTYDESK_IMMEDIATE_TARGET_HOURS", "0.5")
    strict = json.loads(runner.invoke(cli, args).output)
    assert strict["immediate_target_minutes"] == 30
    monkeypatch.setenv("DUTYDESK_IMMEDIATE_TARGET_HOURS", "48")
    lenient = json.loads(runner.invoke(cli, args).output)
    assert lenient["total"]["immediate_over_target"] == 0
    assert strict["total"]["immediate_over_target"] > 0
    flag = json.loads(runner.invoke(cli, [*args, "--target-hours", "0.5"]).output)
    assert flag["immediate_target_minutes"] == 30
