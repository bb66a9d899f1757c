"""The services directory: `dutydesk services import/list`, and linking an action to a
service by typing in the action form (keyboard only)."""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Select
from typer.testing import CliRunner

from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.demo import load_directory
from dutydesk.domain import vocab
from dutydesk.domain.records import CallDetails, Child
from dutydesk.exports.daily import export_day
from dutydesk.screens.action_form import ActionFormScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.services import from_csv
from dutydesk.storage import Store, open_store
from tests.pilot_helpers import MASH, start_room, text_of, type_text

runner = CliRunner()

GOOD_CSV = """name,needs,who_for,how_to_refer,contact
Harbour Lane Young Carers,young_carer,Young carers 8-18,Phone or email,01632 960115
Kestrel Housing Options,housing;neglect,Families losing their home,Duty to refer,01632 960133
"""
GOOD_TOML = """
[[services]]
name = "Safe Steps"
needs = ["domestic_abuse"]
who_for = "Anyone affected by domestic abuse"
contact = "01632 960127"
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    open_store(path).close()
    return path


def names(db: Path) -> list[str]:
    store = open_store(db)
    try:
        return [s.name for s in store.services()]
    finally:
        store.close()


def test_import_a_csv_then_list(db: Path, tmp_path: Path) -> None:
    file = tmp_path / "services.csv"
    file.write_text(GOOD_CSV, "utf-8")
    result = runner.invoke(cli, ["services", "import", str(file), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 services" in result.output
    listed = runner.invoke(cli, ["services", "list", "--db", str(db)])
    assert "Kestrel Housing Options" in listed.output
    assert "meets:   Housing and money, Neglect and basic care" in listed.output


def test_a_new_import_replaces_the_whole_directory(db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.toml"
    first.write_text(GOOD_CSV, "utf-8")
    second.write_text(GOOD_TOML, "utf-8")
    runner.invoke(cli, ["services", "import", str(first), "--db", str(db)])
    result = runner.invoke(cli, ["services", "import", str(second), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert names(db) == ["Safe Steps"]


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        (
            GOOD_CSV + "Nameless,,,,\n,housing,,,\nOdd One,housng,,,\n",
            ".csv",
            [
                "row 3 (line 4): 'Nameless': no needs",
                "row 4 (line 5): name is needed",
                "row 5 (line 6): 'Odd One': 'housng' is not a need code in the lists "
                "(did you mean 'housing'?)",
                "3 row(s) rejected, 2 fine: nothing imported",
            ],
        ),
        (GOOD_CSV + "Kestrel housing options,housing,,,\n", ".csv", ["already in the file"]),
        ("title,needs\nX,housing\n", ".csv", ["missing column(s): name", "unknown column(s)"]),
        ("[[services]]\nname = 'X'\nneeds = 'housing\n", ".toml", ["not valid TOML"]),
        (
            GOOD_TOML + "\n[[services]]\nname = 'Y'\nneeds = ['housing']\nphone = '1'\n",
            ".toml",
            ["[[services]] 2 (line 8): unknown key(s): phone"],
        ),
        ("name,needs\n", ".csv", ["no services"]),
        ("whatever", ".xlsx", ["use a .csv or a .toml file"]),
    ],
)
def test_a_bad_file_adds_nothing_and_says_why(
    db: Path, tmp_path: Path, text: str, suffix: str, expected: list[str]
) -> None:
    before = tmp_path / "before.toml"
    before.write_text(GOOD_TOML, "utf-8")
    runner.invoke(cli, ["services", "import", str(before), "--db", str(db)])
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(text, "utf-8")
    result = runner.invoke(cli, ["services", "import", str(bad), "--db", str(db)])
    assert result.exit_code == 2, result.output
    for words in expected:
        assert words in result.output
    assert "Nothing imported" in result.output or "nothing imported" in result.output
    assert names(db) == ["Safe Steps"]  # the directory before is untouched


def test_the_demo_directory_is_valid_and_fictional() -> None:
    text = resources.files("dutydesk.demo_data").joinpath("services.csv").read_text("utf-8")
    report = from_csv(text, vocab.defaults())
    assert report.ok, report.rejected
    for entry in report.entries:
        for phone in re.findall(r"\d[\d ]{8,}\d", entry.contact):
            assert phone.startswith("01632 960"), phone  # Ofcom's numbers for drama
        for email in re.findall(r"\S+@\S+", entry.contact):
            assert email.endswith("example.org"), email


async def test_an_action_links_to_a_service_found_by_typing(store: Store, tmp_path: Path) -> None:
    load_directory(store)
    session = start_room(store)
    store.add_call(
        session.id,
        CallDetails("today", (Child("Kit Notreal"),), "Cares for mum", needs=("young_carer",)),
        MASH,
    )
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "a")
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        await type_text(pilot, "Young carers assessment")
        form.query_one("#service_search", Input).focus()
        await type_text(pilot, "young carer")  # by need: two services meet it
        listing = form.query_one("#services", OptionList)
        found = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert len(found) == 2 and all("Young carer" in f for f in found)
        await pilot.press("down", "down", "enter")  # into the list, the second one, pick
        assert "Links to: Short Breaks Team" in text_of(app, "#service-chosen")
        assert form.query_one("#owner", Select).value == "other"  # filled in, still editable
        assert form.query_one("#need", Select).value == "young_carer"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        row = app.screen.query_one("#actions", DataTable).get_row_at(0)
        assert str(row[5]) == "Short Breaks Team (Fictional County)"
    (action,) = store.referral(1).actions
    assert action.service_name == "Short Breaks Team (Fictional County)"
    assert action.service_id in {s.id for s in store.services()}
    written = export_day(store, store.today(), tmp_path / "out")
    with written[3].open(encoding="utf-8-sig") as f:
        (exported,) = list(csv.DictReader(f))
    assert exported["service"] == "Short Breaks Team (Fictional County)"
    assert exported["service_id"] == str(action.service_id)


async def test_enter_in_the_search_picks_the_first_match_and_never_saves(
    store: Store, tmp_path: Path
) -> None:
    load_directory(store)
    session = start_room(store)
    store.add_call(session.id, CallDetails("today", (Child("Al Pretend"),), "seen"), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "a")
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        form.query_one("#service_search", Input).focus()
        await type_text(pilot, "kestrel")
        await pilot.press("enter")
        assert isinstance(app.screen, ActionFormScreen)  # not saved: What is still empty
        assert "Links to: Kestrel Housing Options" in text_of(app, "#service-chosen")
        form.query_one("#service_search", Input).value = ""
        await pilot.press("enter")  # an empty search unlinks
        assert "No service linked" in text_of(app, "#service-chosen")
        await type_text(pilot, "zzz")
        await pilot.press("enter")
        assert "No service linked" in text_of(app, "#service-chosen")
    assert store.referral(1).actions == ()
