"""The day's CSV export as files: names, headers, file modes, overwriting, what leaves the
room (privacy) and formula neutralising. The `day` and `export_store` fixtures are in
tests/conftest.py; the day they export is built in tests/export_helpers.py.

All names, places and numbers here are invented.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dutydesk.exports.daily import export_day
from dutydesk.exports.files import ExportError, safe_cell
from dutydesk.storage.store import Store
from tests.export_helpers import FORMULA_NAME, TODAY, Day, by_ref, header, read

BOM = b"\xef\xbb\xbf"

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
    "actions_created", "actions_done", "advice_calls", "repeat_contacts", "feedback_awaiting",
]
REFERRAL_HEADER = [
    "ref", "session_day", "received_at", "urgency", "carried_over", "children_count",
    "child_ages", "needs", "referrer_organisation", "referrer_org_type",
    "referrer_relationship", "family_knows", "consent", "agencies_contributed", "views_count",
    "status", "outcome", "outcome_code",
    "reasons", "agreed_by", "decided_at", "decision_version", "decision_amended", "amend_reasons",
    "minutes_to_decision", "passed_to_assessment_team_at", "minutes_to_assessment_team",
    "actions_count", "actions_done", "first_outcome", "last_amended_at",
    "referrer_view_response", "referrer_view_response_reason", "contact_kind",
    "source", "repeat_contact", "referrer_told_at",
]
REFERRAL_EXTRA = [
    "children_names", "children_dobs", "schools", "referrer_name", "referrer_role",
    "referrer_contact", "worry_seen", "worry_told", "referrer_view", "advice_given",
]
VIEW_HEADER = [
    "ref", "agency", "agency_code", "recorded_at", "author_role", "knows", "needed",
    "consent", "without_consent_reason", "shared_what", "shared_with",
]
ACTION_HEADER = [
    "ref", "action_id", "what", "owner_agency", "owner_agency_code", "due_at", "need",
    "created_at", "done", "done_at", "overdue", "service", "service_id",
]
# After every other column (identifiable ones too): London time that Excel reads as a date.
SESSION_LOCAL = ["started_local", "ended_local"]
REFERRAL_LOCAL = [
    "received_local", "decided_local", "passed_to_assessment_team_local", "last_amended_local",
    "referrer_told_local",
]
VIEW_LOCAL = ["recorded_local"]
ACTION_LOCAL = ["due_local", "created_local", "done_local"]
# fmt: on


def test_four_files_with_bom_and_documented_headers(day: Day, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = export_day(day.store, TODAY, out)
    assert [p.name for p in paths] == [
        f"dutydesk-2026-11-26-{kind}.csv" for kind in ("session", "referrals", "views", "actions")
    ]
    for path in paths:
        assert path.exists()
        assert path.read_bytes().startswith(BOM)
    assert header(paths[0]) == SESSION_HEADER + SESSION_LOCAL
    assert header(paths[1]) == REFERRAL_HEADER + REFERRAL_LOCAL
    assert header(paths[2]) == VIEW_HEADER + VIEW_LOCAL
    assert header(paths[3]) == ACTION_HEADER + ACTION_LOCAL


def test_identifiable_headers_add_columns(day: Day, tmp_path: Path) -> None:
    paths = export_day(day.store, TODAY, tmp_path, identifiable=True)
    assert header(paths[0]) == SESSION_HEADER + SESSION_LOCAL
    assert header(paths[1]) == REFERRAL_HEADER + REFERRAL_EXTRA + REFERRAL_LOCAL
    assert header(paths[2]) == [*VIEW_HEADER, "author_name", *VIEW_LOCAL]
    assert header(paths[3]) == [*ACTION_HEADER, "owner_name", *ACTION_LOCAL]


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
    manifest = f"dutydesk-{TODAY.isoformat()}-manifest.json"  # each file's SHA-256, the seal
    names = sorted([manifest, *(p.name for p in second)])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names


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


def test_no_session_is_an_export_error(export_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="No duty session on Fri 27 Nov 2026"):
        export_day(export_store, date(2026, 11, 27), tmp_path / "out")
    assert not (tmp_path / "out").exists()


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
