"""The referrer's organisation type: chosen on the call form, read from the import, shown
on the referral, in referrals.csv, counted in the measures by outcome; an older database
upgrades with the type not recorded."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from textual.widgets import Select

from dutydesk.app import DutyDeskApp
from dutydesk.domain import vocab
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.measures import compute
from dutydesk.domain.records import CallDetails, Child
from dutydesk.domain.report import records, table
from dutydesk.exports.daily import export_day
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store, open_store
from tests.pilot_helpers import MASH, start_room, text_of
from tests.test_cli_import import HEADER, NOW, run, write
from tests.test_migrations import from_fixture

__all__ = ["frozen"]
from tests.test_cli_import import frozen


def call(org_type: str = "") -> CallDetails:
    return CallDetails(
        "today", (Child("Amy Test", age="8"),), worry_seen="Hungry.", referrer_org_type=org_type
    )


def test_the_list_comes_from_lists_toml() -> None:
    types = vocab.defaults().of("referrer_org_types")
    assert vocab.label(types, "gp") == "GP"
    assert len(types) == 12 and types[-1].code == "other"


def test_the_import_reads_it_by_code_or_label_and_refuses_an_unknown_one(
    tmp_path: Path,
) -> None:
    good = f"{HEADER},referrer_org_type\n"
    good += ",today,Tilly Formfield,8,Often hungry,Pat Online,,gp\n"
    good += ",today,Ray Formfield,9,Missed school,Pat Online,,Health visitor or school nurse\n"
    good += ",today,Cy Formfield,7,Bruise,Pat Online,,\n"
    code, _out, err = run(tmp_path, write(tmp_path, "form.csv", good), "--name", "Sam Test")
    assert code == 0, err
    store = open_store(tmp_path / "t.db", fixed_clock(NOW))
    session = store.session_for(store.today())
    assert session is not None
    types = sorted(
        store.referral(r.referral_id).call.referrer_org_type for r in store.queue(session)
    )
    assert types == ["", "gp", "health_visitor"]
    store.close()
    bad = f"{HEADER},referrer_org_type\n,today,Al Formfield,8,Hungry,Pat,,dentist\n"
    code, _out, err = run(tmp_path, write(tmp_path, "bad.csv", bad))
    assert code == 2
    assert "row 1, referrer_org_type: school, early_years" in err


def test_referrals_csv_carries_it_unidentifiable(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    store.add_call(session.id, call("police"), MASH)
    store.add_call(session.id, call(), MASH)
    paths = export_day(store, store.today(), tmp_path / "out")
    path = next(p for p in paths if p.name.endswith("referrals.csv"))
    with path.open(encoding="utf-8") as handle:
        got = [row["referrer_org_type"] for row in csv.DictReader(handle)]
    assert sorted(got) == ["", "police"]


def test_measures_count_decisions_by_type_and_outcome(store: Store) -> None:
    session = start_room(store)
    outcome = store.lists.outcomes[0]
    for org_type in ("school", "school", "gp", ""):
        row = store.add_call(session.id, call(org_type), MASH)
        store.decide(
            row.referral_id,
            session.id,
            outcome.code,
            "Fictional reasons.",
            ["social_work"],
            MASH,
            expected_version=0,
        )
    result = compute(
        store.period_records(store.today(), store.today()), store.now(), 240, lists=store.lists
    )
    assert result.total.decisions_by["org_type"] == {
        ("school", outcome.code): 2,
        ("gp", outcome.code): 1,
        ("", outcome.code): 1,
    }
    _header, lines = table(result, store.lists)
    labels = [label for label, _values in lines]
    at = labels.index("Decisions by organisation type")
    assert lines[at + 1] == (f"  School: {outcome.label}", ["2"])
    assert lines[at + 3] == (f"  not recorded: {outcome.label}", ["1"])
    assert records(result, store.lists)[-1][f"org_type_school_{outcome.code}"] == "2"


def test_an_old_database_upgrades_with_the_type_not_recorded(tmp_path: Path) -> None:
    path = from_fixture(tmp_path, "schema_v1")
    store = open_store(path)
    detail = store.referral(1)
    assert detail.call.referrer_org_type == ""
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT DISTINCT referrer_org_type FROM call_version").fetchall() == [
            ("",)
        ]


async def test_the_form_saves_it_and_the_referral_shows_it(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    store.add_call(session.id, call(), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert "Organisation type: not recorded" in text_of(app, "#call")
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CallFormScreen)
        picker = form.query_one("#referrer_org_type", Select)
        picker.focus()
        await pilot.press(
            "enter", "down", "down", "down", "enter"
        )  # Not recorded, School, Early years, GP
        await pilot.pause()
        assert picker.value == "gp"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert "Organisation type: GP" in text_of(app, "#call")
    rows = store.queue(session)
    assert store.referral(rows[0].referral_id).call.referrer_org_type == "gp"
