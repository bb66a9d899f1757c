"""What the export tests share: the invented people and the worked duty day they export.

All names, places and numbers here are invented. `build_day` is the `day` fixture's body
(tests/conftest.py); `read`, `header` and `by_ref` read the CSV files back.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pendulum

from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.storage.store import Store

TODAY = date(2026, 11, 26)
YESTERDAY = date(2026, 11, 25)
FORMULA_NAME = '=HYPERLINK("http://x","y")'

MASH = Actor("Odile Brankworth", "mash", "MASH officer")
HEALTH = Actor("Priya Fenwick-Oduya", "health", "Named nurse")
POLICE = Actor("Tomasz Brell", "police", "Detective sergeant")
SOCIAL = Actor("Ines Calloway", "social_work", "Advanced practitioner")


def at(day: date, hour: int, minute: int = 0) -> pendulum.DateTime:
    """A moment in UTC (in November, London is on UTC)."""
    return pendulum.datetime(day.year, day.month, day.day, hour, minute)


def set_time(store: Store, moment: pendulum.DateTime) -> None:
    store.clock = fixed_clock(moment)


@dataclass
class Day:
    store: Store
    carried: str  # yesterday's undecided ref
    decided_yesterday: str
    a: str  # immediate, decided then passed on
    b: str  # decided then amended
    c: str  # child named like a formula, undecided


def build_day(store: Store) -> Day:
    """Yesterday with a call left undecided, and today worked: views, decisions, an amend,
    a referral passed on, actions (one overdue, one done)."""
    set_time(store, at(YESTERDAY, 9))
    before = store.start_session(YESTERDAY, [("social_work", "Ines Calloway", "AP")], SOCIAL)
    carried = store.add_call(
        before.id,
        CallDetails(
            urgency="today",
            children=(Child("Marnie Marwood", age="14"),),
            worry_told="Missing overnight twice this week",
            referrer_org="Hollins Academy",
            needs=("missing",),
        ),
        MASH,
        received_at=at(YESTERDAY, 9, 30),
    )
    closed = store.add_call(
        before.id,
        CallDetails(urgency="routine", children=(Child("Ned Marwood", age="9"),), worry_told="x"),
        MASH,
    )
    store.decide(
        closed.referral_id,
        before.id,
        "advice",
        "Advice given",
        ["social_work"],
        SOCIAL,
        expected_version=0,
    )

    set_time(store, at(TODAY, 8))
    session = store.start_session(
        TODAY,
        [
            ("health", HEALTH.name, HEALTH.role),
            ("police", POLICE.name, POLICE.role),
            ("social_work", SOCIAL.name, SOCIAL.role),
        ],
        MASH,
    )
    a = store.add_call(
        session.id,
        CallDetails(
            urgency="immediate",
            children=(
                Child("Zoë Ødegård", dob=date(2019, 3, 4), school="Larkfield Primary"),
                Child("Kit Ambrose-Lyle", age="unborn"),
            ),
            worry_seen="Bruising seen on arm\nsecond line",
            referrer_name="Harriet Quell",
            referrer_role="Class teacher",
            referrer_org="+Larkfield Federation",
            referrer_contact="07700 900123",
            referrer_relationship="teacher",
            needs=("physical_abuse", "education"),
            family_knows="yes",
            consent="no",
        ),
        MASH,
        received_at=at(TODAY, 8, 30),
    )
    b = store.add_call(
        session.id,
        CallDetails(
            urgency="routine",
            children=(Child("Sol Pennyworth", age="7"),),
            worry_told="Said [bold]x[/bold] about home",
            referrer_org="Moorside Surgery",
        ),
        MASH,
        received_at=at(TODAY, 9, 0),
    )
    c = store.add_call(
        session.id,
        CallDetails(urgency="today", children=(Child(FORMULA_NAME, age="3"),), worry_told="y"),
        MASH,
        received_at=at(TODAY, 9, 45),
    )
    set_time(store, at(TODAY, 9, 50))
    store.add_view(a.referral_id, session.id, "health", "Known to school nurse", "", HEALTH)
    store.add_view(a.referral_id, session.id, "police", "=1+1 callout last year", "", POLICE)
    store.add_view(c.referral_id, session.id, "health", "", "+ early help offer", HEALTH)
    set_time(store, at(TODAY, 10))
    store.decide(
        a.referral_id,
        session.id,
        "assessment",
        "- injury unexplained, family agree",
        ["health", "police", "social_work"],
        SOCIAL,
        expected_version=0,
    )
    store.decide(
        b.referral_id,
        session.id,
        "early_help",
        "Support at home will help",
        ["social_work"],
        SOCIAL,
        expected_version=0,
    )
    set_time(store, at(TODAY, 10, 15))
    store.pass_on(a.referral_id, session.id, SOCIAL)
    overdue = store.add_action(
        a.referral_id,
        session.id,
        "Book strategy call",
        "police",
        POLICE.name,
        at(TODAY, 10, 30),
        "physical_abuse",
        POLICE,
    )
    done = store.add_action(
        b.referral_id,
        session.id,
        "@school: tell the family",
        "education",
        "",
        at(date(2026, 11, 30), 12),
        "",
        SOCIAL,
    )
    assert overdue.id != done.id
    set_time(store, at(TODAY, 10, 30))
    store.decide(
        b.referral_id,
        session.id,
        "partner",
        "School nurse is the right support",
        ["social_work", "health"],
        SOCIAL,
        expected_version=1,
        amend_reason="Family prefer the school nurse",
    )
    store.set_action_done(done.id, session.id, True, SOCIAL)
    set_time(store, at(TODAY, 11))
    return Day(store, carried.ref, closed.ref, a.ref, b.ref, c.ref)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def by_ref(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["ref"]: row for row in rows}
