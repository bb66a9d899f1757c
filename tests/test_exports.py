"""The day's CSV export: files, columns, privacy, formula neutralising and clock changes.

All names, places and numbers here are invented.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pendulum
import pytest

from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.exports.daily import ExportError, export_day, safe_cell
from dutydesk.storage.store import Store, open_store

TODAY = date(2026, 11, 26)
YESTERDAY = date(2026, 11, 25)
BOM = b"\xef\xbb\xbf"
FORMULA_NAME = '=HYPERLINK("http://x","y")'

MASH = Actor("Odile Brankworth", "mash", "MASH officer")
HEALTH = Actor("Priya Fenwick-Oduya", "health", "Named nurse")
POLICE = Actor("Tomasz Brell", "police", "Detective sergeant")
SOCIAL = Actor("Ines Calloway", "social_work", "Advanced practitioner")

# Everything that must never appear in the default export.
IDENTIFYING = (
    "Zoë",
    "Ødegård",
    "HYPERLINK",
    "Kit Ambrose",
    "Larkfield Primary",
    "2019-03-04",
    "Harriet Quell",
    "07700 900123",
    "Bruising seen",
    "[bold]",
    "Odile",
    "Priya",
    "Tomasz",
    "Ines",
    "Marwood",
)

# Documented in docs/exports.md, in this order.
# fmt: off
SESSION_HEADER = [
    "day", "started_at", "ended_at", "attendees", "attendee_count", "calls", "carried_over",
    "decisions", "decisions_amended", "still_waiting", "passed_to_assessment_team",
    "actions_created", "actions_done",
]
REFERRAL_HEADER = [
    "ref", "session_day", "received_at", "urgency", "carried_over", "children_count",
    "child_ages", "needs", "referrer_organisation", "referrer_relationship", "family_knows",
    "consent", "agencies_contributed", "views_count", "status", "outcome", "outcome_code",
    "reasons", "agreed_by", "decided_at", "decision_version", "decision_amended", "amend_reasons",
    "minutes_to_decision", "passed_to_assessment_team_at", "minutes_to_assessment_team",
    "actions_count", "actions_done", "first_outcome", "last_amended_at",
]
REFERRAL_EXTRA = [
    "children_names", "children_dobs", "schools", "referrer_name", "referrer_role",
    "referrer_contact", "worry_seen", "worry_told", "referrer_view",
]
VIEW_HEADER = [
    "ref", "agency", "agency_code", "recorded_at", "author_role", "knows", "needed",
]
ACTION_HEADER = [
    "ref", "action_id", "what", "owner_agency", "owner_agency_code", "due_at", "need",
    "created_at", "done", "done_at", "overdue",
]
# fmt: on


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


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "t.db", fixed_clock(pendulum.datetime(2026, 11, 26, 10, 0)))
    yield s
    s.close()


@pytest.fixture
def day(store: Store) -> Day:
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


def test_four_files_with_bom_and_documented_headers(day: Day, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = export_day(day.store, TODAY, out)
    assert [p.name for p in paths] == [
        f"dutydesk-2026-11-26-{kind}.csv" for kind in ("session", "referrals", "views", "actions")
    ]
    for path in paths:
        assert path.exists()
        assert path.read_bytes().startswith(BOM)
    assert header(paths[0]) == SESSION_HEADER
    assert header(paths[1]) == REFERRAL_HEADER
    assert header(paths[2]) == VIEW_HEADER
    assert header(paths[3]) == ACTION_HEADER


def test_identifiable_headers_add_columns(day: Day, tmp_path: Path) -> None:
    paths = export_day(day.store, TODAY, tmp_path, identifiable=True)
    assert header(paths[0]) == SESSION_HEADER
    assert header(paths[1]) == REFERRAL_HEADER + REFERRAL_EXTRA
    assert header(paths[2]) == [*VIEW_HEADER, "author_name"]
    assert header(paths[3]) == [*ACTION_HEADER, "owner_name"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_private_folder_and_files(day: Day, tmp_path: Path) -> None:
    out = tmp_path / "new" / "exports"
    paths = export_day(day.store, TODAY, out)
    assert out.stat().st_mode & 0o777 == 0o700
    for path in paths:
        assert path.stat().st_mode & 0o777 == 0o600


def test_overwrites_without_leaving_temporary_files(day: Day, tmp_path: Path) -> None:
    first = export_day(day.store, TODAY, tmp_path / "out")
    first[1].write_text("stale", encoding="utf-8")
    second = export_day(day.store, TODAY, tmp_path / "out")
    assert first == second
    assert second[1].read_bytes().startswith(BOM)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in second)


def test_one_row_per_handled_referral_with_carried_over(day: Day, tmp_path: Path) -> None:
    rows = read(export_day(day.store, TODAY, tmp_path)[1])
    refs = [row["ref"] for row in rows]
    assert sorted(refs) == sorted([day.carried, day.a, day.b, day.c])
    assert day.decided_yesterday not in refs
    carried = by_ref(rows)[day.carried]
    assert carried["carried_over"] == "yes"
    assert carried["session_day"] == "2026-11-25"
    assert carried["status"] == "waiting"
    assert carried["child_ages"] == "14y"
    assert by_ref(rows)[day.a]["carried_over"] == "no"


def test_referral_columns(day: Day, tmp_path: Path) -> None:
    rows = by_ref(read(export_day(day.store, TODAY, tmp_path)[1]))
    a = rows[day.a]
    assert a["received_at"] == "2026-11-26T08:30:00+00:00"
    assert a["urgency"] == "IMMEDIATE"
    assert a["children_count"] == "2"
    assert a["child_ages"] == "7y; unborn"
    assert a["needs"] == "Physical abuse or injury; Education and attendance"
    assert a["referrer_organisation"] == "'+Larkfield Federation"
    assert (a["family_knows"], a["consent"]) == ("yes", "no")
    assert a["agencies_contributed"] == "Health; Police"
    assert a["views_count"] == "2"
    assert a["status"] == "passed to Assessment Team"
    assert (a["outcome"], a["outcome_code"]) == ("Social care assessment", "assessment")
    assert a["reasons"] == "'- injury unexplained, family agree"
    assert a["agreed_by"] == "Health; Police; Social work"
    assert a["decided_at"] == "2026-11-26T10:00:00+00:00"
    assert a["minutes_to_decision"] == "90"
    assert a["passed_to_assessment_team_at"] == "2026-11-26T10:15:00+00:00"
    assert a["minutes_to_assessment_team"] == "105"
    assert (a["actions_count"], a["actions_done"]) == ("1", "0")
    assert (a["decision_version"], a["decision_amended"]) == ("1", "no")
    c = rows[day.c]
    assert (c["status"], c["outcome"], c["minutes_to_decision"]) == ("in discussion", "", "")


def test_amended_decision(day: Day, tmp_path: Path) -> None:
    b = by_ref(read(export_day(day.store, TODAY, tmp_path)[1]))[day.b]
    assert b["decision_amended"] == "yes"
    assert b["decision_version"] == "2"
    assert b["outcome"] == "Support by a partner agency"
    assert b["first_outcome"] == "Early help"
    assert b["amend_reasons"] == "Family prefer the school nurse"
    assert b["reasons"] == "School nurse is the right support"
    assert b["decided_at"] == "2026-11-26T10:00:00+00:00"
    assert b["last_amended_at"] == "2026-11-26T10:30:00+00:00"
    assert b["minutes_to_decision"] == "60"
    assert (b["actions_count"], b["actions_done"]) == ("1", "1")


def test_default_export_has_no_names(day: Day, tmp_path: Path) -> None:
    for path in export_day(day.store, TODAY, tmp_path):
        text = path.read_text(encoding="utf-8-sig")
        for word in IDENTIFYING:
            assert word not in text, f"{word!r} found in {path.name}"


def test_identifiable_export_has_names_exactly_as_typed(day: Day, tmp_path: Path) -> None:
    paths = export_day(day.store, TODAY, tmp_path, identifiable=True)
    whole = "".join(p.read_text(encoding="utf-8-sig") for p in paths)
    for word in (
        "Zoë Ødegård",
        "Kit Ambrose-Lyle",
        "Harriet Quell",
        "07700 900123",
        "[bold]x[/bold]",
    ):
        assert word in whole
    rows = by_ref(read(paths[1]))
    a = rows[day.a]
    assert a["children_names"] == "Zoë Ødegård; Kit Ambrose-Lyle"
    assert a["children_dobs"] == "2019-03-04; not known"
    assert a["schools"] == "Larkfield Primary; not known"
    assert a["worry_seen"] == "Bruising seen on arm\nsecond line"
    assert rows[day.b]["worry_told"] == "Said [bold]x[/bold] about home"
    assert rows[day.c]["children_names"] == "'" + FORMULA_NAME
    session = read(paths[0])[0]
    assert "Health: Priya Fenwick-Oduya (Named nurse)" in session["attendees"]
    assert read(paths[2])[0]["author_name"] == "Priya Fenwick-Oduya"
    assert by_ref(read(paths[3]))[day.a]["owner_name"] == "Tomasz Brell"


def test_formula_cells_are_neutralised(day: Day, tmp_path: Path) -> None:
    paths = export_day(day.store, TODAY, tmp_path)
    views = read(paths[2])
    assert "'=1+1 callout last year" in [v["knows"] for v in views]
    assert "'+ early help offer" in [v["needed"] for v in views]
    actions = by_ref(read(paths[3]))
    assert actions[day.b]["what"] == "'@school: tell the family"
    raw = paths[1].read_text(encoding="utf-8-sig")
    assert ",=" not in raw and ",+" not in raw and ",-" not in raw


def test_safe_cell() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{start}1") == f"'{start}1"
    assert safe_cell("Early help") == "Early help"
    assert safe_cell(-5) == -5
    assert safe_cell("") == ""


def test_session_row(day: Day, tmp_path: Path) -> None:
    session = read(export_day(day.store, TODAY, tmp_path)[0])
    assert len(session) == 1
    row = session[0]
    assert row["day"] == "2026-11-26"
    assert row["started_at"] == "2026-11-26T08:00:00+00:00"
    assert row["ended_at"] == ""
    assert row["attendees"] == (
        "Health (Named nurse); Police (Detective sergeant); Social work (Advanced practitioner)"
    )
    assert row["attendee_count"] == "3"
    assert (row["calls"], row["carried_over"], row["decisions"]) == ("3", "1", "2")
    assert row["decisions_amended"] == "1"
    assert row["still_waiting"] == "2"
    assert row["passed_to_assessment_team"] == "1"
    assert (row["actions_created"], row["actions_done"]) == ("2", "1")


def test_views_and_actions(day: Day, tmp_path: Path) -> None:
    paths = export_day(day.store, TODAY, tmp_path)
    views = read(paths[2])
    assert [(v["ref"], v["agency_code"]) for v in views] == [
        (day.a, "health"),
        (day.a, "police"),
        (day.c, "health"),
    ]
    assert views[0]["agency"] == "Health"
    assert views[0]["author_role"] == "Named nurse"
    assert views[0]["recorded_at"] == "2026-11-26T09:50:00+00:00"
    actions = by_ref(read(paths[3]))
    assert len(actions) == 2
    overdue, done = actions[day.a], actions[day.b]
    assert (overdue["owner_agency"], overdue["owner_agency_code"]) == ("Police", "police")
    assert overdue["need"] == "Physical abuse or injury"
    assert overdue["due_at"] == "2026-11-26T10:30:00+00:00"
    assert (overdue["done"], overdue["done_at"], overdue["overdue"]) == ("no", "", "yes")
    assert (done["done"], done["done_at"], done["overdue"]) == (
        "yes",
        "2026-11-26T10:30:00+00:00",
        "no",
    )
    assert done["owner_agency"] == "Education"
    assert int(overdue["action_id"]) > 0


def test_no_session_is_an_export_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="No duty session on Fri 27 Nov 2026"):
        export_day(store, date(2026, 11, 27), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_clock_change_times(store: Store, tmp_path: Path) -> None:
    change = date(2026, 10, 25)  # BST ends at 01:00 UTC
    set_time(store, pendulum.datetime(2026, 10, 25, 0, 10))
    session = store.start_session(change, [("health", "Wren Halloway", "Nurse")], MASH)
    early = store.add_call(
        session.id,
        CallDetails(urgency="immediate", children=(Child("Ada Vell"),), worry_told="a"),
        MASH,
        received_at=pendulum.datetime(2026, 10, 25, 0, 30),
    )
    late = store.add_call(
        session.id,
        CallDetails(urgency="today", children=(Child("Bo Vell"),), worry_told="b"),
        MASH,
        received_at=pendulum.datetime(2026, 10, 25, 1, 30),
    )
    set_time(store, pendulum.datetime(2026, 10, 25, 2, 0))
    store.decide(
        early.referral_id, session.id, "advice", "Advice", ["health"], MASH, expected_version=0
    )
    rows = by_ref(read(export_day(store, change, tmp_path)[1]))
    assert rows[early.ref]["received_at"] == "2026-10-25T01:30:00+01:00"
    assert rows[late.ref]["received_at"] == "2026-10-25T01:30:00+00:00"
    assert rows[early.ref]["minutes_to_decision"] == "90"  # real minutes, not wall-clock
    session_row = read(export_day(store, change, tmp_path)[0])[0]
    assert session_row["started_at"] == "2026-10-25T01:10:00+01:00"


def test_exports_never_import_textual_or_rich() -> None:
    code = (
        "import sys, dutydesk.exports.daily\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_column_is_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "exports.md").read_text(encoding="utf-8")
    all_columns = SESSION_HEADER + REFERRAL_HEADER + REFERRAL_EXTRA + VIEW_HEADER + ACTION_HEADER
    for column in [*all_columns, "author_name", "owner_name"]:
        assert f"| `{column}` |" in docs, column
