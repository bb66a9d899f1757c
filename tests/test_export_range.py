"""A range of days read at once (storage/period.py) gives what the Store gives day by day,
and writes the same files as exporting each day alone; on SQLite it imports no SQLAlchemy.

The demo's days have views, decisions (some amended), hand-offs, actions, advice calls, a
repeat contact and a referral carried over; a day of hostile text and formulas is added.
All data is fictional.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pendulum
import pytest
from sqlalchemy.exc import OperationalError

from dutydesk.demo import seed_demo
from dutydesk.domain import vocab
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.exports.daily import export_day
from dutydesk.exports.period import export_period, verify
from dutydesk.storage import Store, open_store
from dutydesk.storage.engine import read_only_engine, schema_of
from dutydesk.storage.period import Source
from tests.test_exports_period import HOSTILE

NOW = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")
FIRST, LAST = date(2026, 11, 16), date(2026, 11, 26)
MASH = Actor("Odile Brankworth", "mash", "MASH officer")


@pytest.fixture
def worked(engine_store: Store) -> Iterator[Store]:
    """Nine demo days up to today, and today's hostile calls: some decided, some not."""
    engine_store.clock = fixed_clock(NOW)
    # In one batch on either engine: the Store's own writes below then go on from its ids
    # (on PostgreSQL its sequences are moved past them).
    session = seed_demo(engine_store, days=9)
    _carried_then_decided(engine_store)
    engine_store.clock = fixed_clock(NOW)
    (carried,) = [r for r in engine_store.queue(session) if r.carried_from]
    _decide(engine_store, carried.referral_id, session.id)
    for n, text in enumerate(HOSTILE):
        call = engine_store.add_call(
            session.id,
            CallDetails(
                "today",
                (Child(text if n % 2 else "Jo Unreal", age="9"),),
                worry_seen=text,
                referrer_org=text.strip(),
                referrer_view=text,
            ),
            MASH,
        )
        if n % 3 == 0:
            engine_store.add_action(
                call.referral_id, session.id, text, "health", "", None, "", MASH
            )
    yield engine_store


def _carried_then_decided(store: Store) -> None:
    """A call on Wednesday 18th left open, a view on Monday 23rd, decided on Tuesday 24th."""
    sessions = {d: store.session_for(d) for d in store.session_days()}
    store.clock = fixed_clock(pendulum.datetime(2026, 11, 18, 17, tz="Europe/London"))
    wednesday = sessions[date(2026, 11, 18)]
    assert wednesday is not None
    child = (Child("Ada Unreal", age="6"),)
    call = store.add_call(wednesday.id, CallDetails("today", child, "seen late"), MASH)
    store.clock = fixed_clock(pendulum.datetime(2026, 11, 23, 11, tz="Europe/London"))
    monday = sessions[date(2026, 11, 23)]
    assert monday is not None
    store.add_view(call.referral_id, monday.id, "health", "known", "support", MASH)
    store.clock = fixed_clock(pendulum.datetime(2026, 11, 24, 11, tz="Europe/London"))
    tuesday = sessions[date(2026, 11, 24)]
    assert tuesday is not None
    _decide(store, call.referral_id, tuesday.id)


def _decide(store: Store, referral_id: int, session_id: int) -> None:
    outcome = vocab.codes(vocab.defaults().outcomes)[0]
    store.decide(
        referral_id, session_id, outcome, "fictional reasons", ["mash"], MASH, expected_version=0
    )


def test_a_range_equals_its_days_exported_one_by_one(worked: Store, tmp_path: Path) -> None:
    entries = export_period(worked, FIRST, LAST, tmp_path / "range")
    days = sorted(p.name for p in (tmp_path / "range").iterdir() if p.is_dir())
    assert len(days) == 9 and len(entries) == 9 * 4 + 3  # measures, feedback, experience
    for name in days:
        alone = export_day(worked, date.fromisoformat(name), tmp_path / "alone" / name)
        for path in alone:
            assert (tmp_path / "range" / name / path.name).read_bytes() == path.read_bytes()


def test_the_range_read_is_what_the_store_reads_day_by_day(worked: Store) -> None:
    period = Source.of(worked).read(FIRST, LAST)
    assert [d.session.day for d in period.days] == [
        d for d in worked.session_days() if FIRST <= d <= LAST
    ]
    kinds = set()
    for day in period.days:
        session = worked.session_for(day.session.day)
        assert day.session == session
        assert session is not None
        assert day.summary == worked.day_summary(session)
        # The child's label is the only field of a queue row the export does not use.
        mine = {r.referral_id: dataclasses.replace(r, child="") for r in day.queue}
        theirs = {r.referral_id: dataclasses.replace(r, child="") for r in worked.queue(session)}
        assert mine == theirs
        details = worked.referral_details(sorted(theirs))
        assert [period.details[d.referral_id] for d in details] == details
        assert list(day.views) == worked.views_in_session(session.id)
        kinds |= {
            "carried" if day.summary.carried_over else "",
            "repeat" if day.summary.repeat_contacts else "",
            "advice" if day.summary.advice_calls else "",
            "amended" if day.summary.amended else "",
            "done" if day.summary.actions_done else "",
        }
    assert {"carried", "repeat", "advice", "amended", "done"} <= kinds  # the test means it
    assert period.records == worked.period_records(FIRST, LAST)


def test_the_command_line_exports_a_current_file_without_changing_it(
    tmp_path: Path, store: Store
) -> None:
    """A current file is read read-only: not a byte of it changes."""
    store.clock = fixed_clock(NOW)
    seed_demo(store, days=3)
    store.close()
    db = tmp_path / "dutydesk.db"
    before = db.read_bytes()
    code = "import sys\nfrom dutydesk.cli import cli\ncli(sys.argv[1:], standalone_mode=False)\n"
    env = dict(os.environ, DUTYDESK_CONFIG=str(tmp_path / "config"))
    command = [sys.executable, "-c", code, "export", "--db", str(db), "--out", str(tmp_path / "o")]
    for args in (["--from", "2026-11-20", "--to", "2026-11-26"], ["--date", "2026-11-25"]):
        subprocess.run([*command, *args], capture_output=True, text=True, check=True, env=env)
    assert json.loads((tmp_path / "o" / "manifest.json").read_text("utf-8"))["complete"]
    assert db.read_bytes() == before


def test_an_older_file_is_migrated_then_exported(tmp_path: Path) -> None:
    """A file of an earlier schema goes through the Store, which migrates it first."""
    from tests.test_migrations import from_fixture

    path = from_fixture(tmp_path, "schema_v1")
    assert schema_of(read_only_engine(path)) < 6
    source = _cli_source(str(path))
    assert source.engine.url.database == str(path)  # the Store's: migrated
    with sqlite3.connect(path) as conn:
        (day,) = conn.execute("SELECT max(day) FROM duty_session").fetchone()
    export_day(source, date.fromisoformat(day), tmp_path / "out")
    assert len(list((tmp_path / "out").iterdir())) == 5  # four CSVs and the manifest


def _cli_source(target: str) -> Source:
    from dutydesk.commands.common import export_source

    return export_source(target)


def test_a_current_file_is_read_read_only(tmp_path: Path) -> None:
    store = open_store(tmp_path / "d.db", fixed_clock(NOW))
    seed_demo(store, days=1)
    store.close()
    source = _cli_source(str(tmp_path / "d.db"))
    with pytest.raises(OperationalError, match="readonly"), source.connect() as conn:
        conn.exec_driver_sql("DELETE FROM draft")


def test_exporting_again_replaces_only_the_days_that_changed(worked: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export_period(worked, FIRST, LAST, out)
    before = {p: p.stat().st_ino for p in out.glob("*/*.csv")}
    tampered = out / "2026-11-17" / "dutydesk-2026-11-17-views.csv"
    tampered.write_bytes(tampered.read_bytes() + b"x")
    today = worked.session_for(LAST)
    assert today is not None
    worked.add_view(worked.queue(today)[0].referral_id, today.id, "police", "new", "", MASH)
    export_period(worked, FIRST, LAST, out)
    replaced = {p.parent.name for p, inode in before.items() if p.stat().st_ino != inode}
    assert replaced == {"2026-11-17", "2026-11-26"}
    assert verify(out) == [] and not [p for p in out.iterdir() if p.name.startswith(".")]
