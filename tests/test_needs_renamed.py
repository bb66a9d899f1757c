"""A need renamed after records exist: old records keep the label they were saved with on
the screen, in the CSV files and in the measures; new records take the new one."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import DataTable, Select, SelectionList

from dutydesk.app import DutyDeskApp
from dutydesk.domain import vocab
from dutydesk.domain.measures import compute
from dutydesk.domain.records import CallDetails, Child
from dutydesk.exports.daily import export_day
from dutydesk.screens.action_form import ActionFormScreen
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.conftest import UseLists
from tests.pilot_helpers import MASH, start_room, text_of

OLD, NEW = "Housing and money", "Housing, money and debt"


RENAMED = vocab.default_text().replace(f'label = "{OLD}"', f'label = "{NEW}"', 1)


def old_records(store: Store) -> int:
    session = start_room(store)
    row = store.add_call(
        session.id,
        CallDetails("today", (Child("Remy Invented"),), "Rent arrears", needs=("housing",)),
        MASH,
    )
    store.add_action(
        row.referral_id, session.id, "Housing options", "other", "", None, "housing", MASH
    )
    return row.referral_id


async def test_the_referral_screen_keeps_the_saved_label(
    store: Store, tmp_path: Path, use_lists: UseLists
) -> None:
    old_records(store)
    use_lists(store, RENAMED)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ReferralScreen)
        call = text_of(app, "#call")
        assert OLD in call and NEW not in call
        actions = app.screen.query_one("#actions", DataTable)
        assert str(actions.get_row_at(0)[3]) == OLD
        # A new action on the old call offers the call's need with its saved label.
        await pilot.press("a")
        assert isinstance(app.screen, ActionFormScreen)
        need = app.screen.query_one("#need", Select)
        assert (OLD, "housing") in [(str(p), v) for p, v in need._options]
        await pilot.press("escape")
        await pilot.press("escape")
        # A new call chooses from the renamed list.
        await pilot.press("a")
        assert isinstance(app.screen, CallFormScreen)
        needs = app.screen.query_one(SelectionList)
        prompts = [str(needs.get_option_at_index(i).prompt) for i in range(needs.option_count)]
        assert NEW in prompts and OLD not in prompts


def test_exports_and_measures_keep_the_saved_label(
    store: Store, tmp_path: Path, use_lists: UseLists
) -> None:
    referral_id = old_records(store)
    renamed = use_lists(store, RENAMED)
    session = store.session_for(store.today())
    assert session is not None
    new = store.add_call(
        session.id,
        CallDetails("routine", (Child("Nia Madeup"),), "Eviction notice", needs=("housing",)),
        MASH,
    )
    written = export_day(store, store.today(), tmp_path / "out")
    with written[1].open(encoding="utf-8-sig") as f:
        needs = {r["ref"]: r["needs"] for r in csv.DictReader(f)}
    with written[3].open(encoding="utf-8-sig") as f:
        (action,) = list(csv.DictReader(f))
    assert needs == {store.referral(referral_id).ref: OLD, new.ref: NEW}
    assert action["need"] == OLD
    today = store.today()
    measures = compute(store.period_records(today, today), store.now(), lists=renamed)
    assert measures.needs_by_category == {OLD: 1, NEW: 1}


def test_a_renamed_outcome_still_counts_under_its_saved_label(
    store: Store, use_lists: UseLists
) -> None:
    from dutydesk.domain.report import records, table

    referral_id = old_records(store)
    session = store.session_for(store.today())
    assert session is not None
    store.decide(referral_id, session.id, "partner", "Housing first", [], MASH, expected_version=0)
    text = vocab.default_text().replace(
        'label = "Support by a partner agency"', 'label = "Partner agency support"', 1
    )
    renamed = use_lists(store, text)
    today = store.today()
    measures = compute(store.period_records(today, today), store.now(), lists=renamed)
    _header, rows = table(measures, renamed)
    assert ("  Support by a partner agency", ["1"]) in rows
    assert records(measures, renamed)[-1]["outcome_partner"] == "1"  # by code in measures.csv


async def test_a_renamed_urgency_keeps_its_saved_label(
    store: Store, tmp_path: Path, use_lists: UseLists
) -> None:
    old_records(store)  # a TODAY call
    use_lists(store, vocab.default_text().replace('label = "TODAY"', 'label = "WITHIN A DAY"', 1))
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert " TODAY " in text_of(app, "#call")
    written = export_day(store, store.today(), tmp_path / "out")
    with written[1].open(encoding="utf-8-sig") as f:
        assert [r["urgency"] for r in csv.DictReader(f)] == ["TODAY"]
