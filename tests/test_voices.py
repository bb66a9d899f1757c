"""The words behind the numbers (domain/voices.py): referrers' satisfaction and each
agency's experience of the day, in the range export's CSVs and in the report; the latest
rating of each agency a day counts; names out of the free text unless identifiable."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pendulum
import pytest
import time_machine
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.domain.voices import voices
from dutydesk.exports.period import EXPERIENCE, FEEDBACK, export_period
from dutydesk.storage import Store, open_store
from tests.conftest import MovableClock

MASH = Actor("Odile Brankworth", "mash", "MASH officer")
HEALTH = Actor("Hana Testwell", "health", "Health visitor")
POLICE = Actor("DC Sam Ortiz-Example", "police", "DC")
ROOM = [("mash", MASH.name, ""), ("health", HEALTH.name, ""), ("police", POLICE.name, "")]
MON, TUE = date(2026, 11, 23), date(2026, 11, 24)


def at(day: date, hour: int, minute: int = 0) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz="Europe/London")


@pytest.fixture
def said(tmp_path: Path) -> Store:
    """Two days: Monday's referral of Zofia Stone, told and scored twice (2 then 4);
    Health rates Monday three times (2, 3, then 5), Police once; Tuesday, Health once."""
    clock = MovableClock(at(MON, 9))
    store = open_store(tmp_path / "v.db", clock)
    mon = store.start_session(MON, ROOM, MASH)
    call = CallDetails(
        "routine", (Child("Zofia Stone", age="7"),), "seen", referrer_name="Pat Referrer"
    )
    referral = store.add_call(mon.id, call, MASH, at(MON, 9, 5))
    clock.set(at(MON, 10))
    store.decide(referral.referral_id, mon.id, "early_help", "needs", [], MASH, expected_version=0)
    clock.set(at(MON, 11))
    store.add_feedback(
        referral.referral_id, mon.id, "phone", 2, "Slow to hear about Zofia's plan.", MASH
    )
    clock.set(at(MON, 15))
    store.add_feedback(
        referral.referral_id, mon.id, "phone", 4, "Pat says ZOFIA STONE is settled.", MASH
    )
    for hour, rating in ((16, 2), (17, 3), (18, 5)):
        clock.set(at(MON, hour))
        store.add_experience(mon.id, "health", rating, f"worked {rating}", "Hana: less", HEALTH)
    store.add_experience(mon.id, "police", 4, "Quick strategy talk", "", POLICE)
    clock.set(at(TUE, 9))
    tue = store.start_session(TUE, ROOM, MASH)
    clock.set(at(TUE, 17))
    store.add_experience(tue.id, "health", 1, "", "Too many calls at once", HEALTH)
    store.clock = fixed_clock(at(TUE, 18))
    return store


def test_the_latest_rating_of_each_agency_a_day_counts(said: Store) -> None:
    v = voices(said.period_records(MON, TUE), said.lists)
    counted = [(s.day, s.who, s.score) for s in v.agencies if s.counts]
    assert counted == [(MON, "health", 5), (MON, "police", 4), (TUE, "health", 1)]
    assert v.replaced == 2
    assert v.agency_scores() == {1: 1, 2: 0, 3: 0, 4: 1, 5: 1}


def test_referrers_scores_count_the_latest_and_list_every_comment(said: Store) -> None:
    v = voices(said.period_records(MON, TUE), said.lists)
    assert [(s.score, s.counts) for s in v.referrers] == [(2, False), (4, True)]
    assert v.referrer_scores() == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert [s.comment for s in v.referrers] == [
        "Slow to hear about [child 1]'s plan.",
        "[referrer] says [child 1] is settled.",
    ]
    assert all(s.by == "" for s in v.referrers + v.agencies)


def test_identifiable_keeps_the_words_and_who_recorded_them(said: Store) -> None:
    v = voices(said.period_records(MON, TUE), said.lists, identifiable=True)
    assert v.referrers[0].comment == "Slow to hear about Zofia's plan."
    assert {s.by for s in v.agencies} == {HEALTH.name, POLICE.name}


def test_the_range_export_has_both_files(said: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    entries = export_period(said, MON, TUE, out)
    assert {e.path for e in entries} >= {FEEDBACK, EXPERIENCE}
    with open(out / EXPERIENCE, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["day"], r["agency"], r["rating"], r["counts"]) for r in rows] == [
        ("2026-11-23", "Health", "2", "replaced"),
        ("2026-11-23", "Health", "3", "replaced"),
        ("2026-11-23", "Health", "5", "yes"),
        ("2026-11-23", "Police", "4", "yes"),
        ("2026-11-24", "Health", "1", "yes"),
    ]
    assert rows[2]["what_to_change"] == "[health]: less"
    assert "name" not in rows[0]
    with open(out / FEEDBACK, encoding="utf-8-sig", newline="") as handle:
        feedback = list(csv.DictReader(handle))
    assert [(r["satisfaction"], r["latest_score"], r["comment"]) for r in feedback] == [
        ("2", "no", "Slow to hear about [child 1]'s plan."),
        ("4", "yes", "[referrer] says [child 1] is settled."),
    ]
    assert "recorded_by" not in feedback[0]
    export_period(said, MON, TUE, tmp_path / "named", identifiable=True)
    with open(tmp_path / "named" / EXPERIENCE, encoding="utf-8-sig", newline="") as handle:
        named = list(csv.DictReader(handle))
    assert named[0]["name"] == HEALTH.name and named[0]["what_to_change"] == "Hana: less"


def test_the_report_lists_every_comment_and_the_counts(said: Store, tmp_path: Path) -> None:
    said.close()
    out = tmp_path / "report"
    with time_machine.travel(at(TUE, 18), tick=False):
        result = CliRunner().invoke(
            cli,
            [
                *("report", "--db", str(tmp_path / "v.db"), "--from", str(MON), "--to", str(TUE)),
                *("--test-days", str(TUE), "--out", str(out)),
            ],
        )
    assert result.exit_code == 0, result.output
    html = next(out.glob("*.html")).read_text("utf-8")
    assert "What referrers said" in html and "What the agencies said" in html
    assert "1 referral(s) with a satisfaction score (each referrer's latest), 2 comment(s)." in html
    assert (
        "3 rating(s) of the day: each agency's latest each day (2 earlier rating(s) "
        "replaced by a later one the same day)." in html
    )
    assert "Slow to hear about [child 1]&#x27;s plan." in html
    assert "Too many calls at once" in html
    assert "worked 5" in html and "worked 2" not in html  # replaced ones are not listed
    for name in ("Zofia", "Stone", "Hana", "Pat Referrer", "Brankworth"):
        assert name not in html
