"""A child's date of birth or age through the call form, the Store and `dutydesk import`:
what people type is read, the rest refused at the field with nothing lost or saved."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from datetime import date
from pathlib import Path

import pendulum
import pytest
from textual.widgets import Input, Select, Static, TextArea
from typer.testing import CliRunner

from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import CallDetails, Child
from dutydesk.domain.text import FieldError
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, queue_cells, start_room, text_of, type_text


def on_screen(app: DutyDeskApp) -> str:
    """The text the screen shows, as drawn (a widget hidden or clipped is not in it)."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))).replace("\xa0", " ")


def children_kept(store: Store) -> list[list[dict[str, str]]]:
    with sqlite3.connect(store.engine.url.database or "") as conn:
        rows = conn.execute("SELECT children_json FROM call_version ORDER BY id").fetchall()
    return [json.loads(r[0]) for r in rows]


async def test_a_name_typed_as_the_age_is_refused_at_the_field(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CallFormScreen)
        form.query_one("#child_name_0", Input).focus()
        await type_text(pilot, "Tom Test")
        await pilot.press("tab")
        await type_text(pilot, "Tom Test")  # the name again, in the age field
        form.query_one("#worry_seen", TextArea).text = "Seen hungry at school."
        form.query_one("#urgency", Select).value = "today"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CallFormScreen)
        hint = form.query_one("#child_age_hint_0", Static)
        assert hint.display and hint.has_class("problem")
        assert "Child 1: date of birth or age: could not read 'Tom Test'" in str(hint.render())
        assert "Child 1: date of birth or age: could not read" in on_screen(app)  # not clipped
        assert "could not read 'Tom Test'" in text_of(app, "#form-error")
        assert form.query_one("#child_age_0", Input).has_focus  # where to put it right
        assert form.query_one("#child_age_0", Input).value == "Tom Test"  # nothing lost
        assert form.query_one("#worry_seen", TextArea).text == "Seen hungry at school."
        assert children_kept(store) == []  # nothing saved

        await pilot.press(*["backspace"] * len("Tom Test"))
        await type_text(pilot, "8y")
        assert str(hint.render()) == "Child 1: 8y" and not hint.has_class("problem")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert queue_cells(app)["261126-01"][4] == "TT 8y"
    assert children_kept(store) == [[{"name": "Tom Test", "dob": None, "age": "8", "school": ""}]]


async def test_a_date_of_birth_shows_how_it_was_read(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        form = app.screen
        form.query_one("#child_age_0", Input).focus()
        await type_text(pilot, "14 Mar 2018")
        assert text_of(app, "#child_age_hint_0") == "Child 1: born Wed 14 Mar 2018, 8y"
        await pilot.press(*["backspace"] * 11)
        await type_text(pilot, "27/11/2026")  # the tests' day is Thursday 26 November 2026
        assert "still to come" in text_of(app, "#child_age_hint_0")
        await pilot.press(*["backspace"] * 10)
        assert not form.query_one("#child_age_hint_0", Static).display


@pytest.mark.parametrize(
    ("child", "why"),
    [
        (Child("Tom Test", age="Tom Test"), "could not read 'Tom Test'"),
        (Child("Tom Test", age="26"), "over 25"),
        (Child("Tom Test", dob=date(2026, 11, 27)), "still to come"),
        (Child("Tom Test", dob=date(1990, 1, 1)), "over 25"),
        (Child("Tom Test", age="2018-03-14"), "a date of birth is not an age"),
    ],
)
def test_the_store_refuses_what_the_form_would(store: Store, child: Child, why: str) -> None:
    session = start_room(store)
    details = CallDetails(urgency="today", children=(child,), worry_seen="Hungry.")
    with pytest.raises(FieldError, match=why):
        store.add_call(session.id, details, MASH)
    assert children_kept(store) == []


def test_the_store_keeps_an_age_normalised(store: Store) -> None:
    session = start_room(store)
    children = (Child("Tom Test", age=" 8 Yrs "), Child("Ann Test", age="3w"))
    store.add_call(session.id, CallDetails("today", children, worry_seen="Hungry."), MASH)
    assert [c["age"] for c in children_kept(store)[0]] == ["8", "3 weeks"]


def test_an_import_lists_each_bad_age_by_row_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dutydesk.storage as storage

    real = storage.open_store
    now = pendulum.datetime(2026, 11, 26, 12, tz="Europe/London")
    monkeypatch.setattr(
        storage, "open_store", lambda target, **kw: real(target, fixed_clock(now), **kw)
    )
    file = tmp_path / "form.csv"
    file.write_text(
        "urgency,child_name,child_dob_or_age,child2_name,child2_dob_or_age,worry_seen\n"
        "today,Tom Test,8y,Ann Test,14 Mar 2018,Hungry\n"
        "today,Tom Test,Tom Test,Ann Test,1 Jan 2030,Hungry\n",
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["import", str(file), "--db", str(db), "--name", "Sam Test"])
    assert result.exit_code != 0
    assert "row 2, child_dob_or_age: date of birth or age: could not read 'Tom Test'" in (
        result.stderr
    )
    assert "row 2, child2_dob_or_age: date of birth or age: 1 Jan 2030 is still to come" in (
        result.stderr
    )
    assert "row 1" not in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM referral").fetchone()[0] == 0
