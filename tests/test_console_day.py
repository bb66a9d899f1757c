"""A whole test day through the real console, keyboard only, on a temporary database."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import text
from textual.widgets import DataTable, Input, OptionList, Select, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.decision_form import DecisionFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.screens.session_start import SessionStartScreen
from dutydesk.screens.view_form import ViewFormScreen
from dutydesk.storage import Store
from dutydesk.widgets.dialog import DiscardScreen
from tests.conftest import MovableClock
from tests.pilot_helpers import queue_cells, start_room, text_of, type_text


def count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


async def test_a_new_day_asks_who_is_in_the_room(store: Store, tmp_path: Path) -> None:
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, SessionStartScreen)
        await pilot.press("ctrl+s")  # nobody named yet: refused, still asking
        assert isinstance(app.screen, SessionStartScreen)
        assert "person in the room" in text_of(app, "#form-error")
        await type_text(pilot, "Hana Testwell")  # Health name has focus
        await pilot.press("tab")
        await type_text(pilot, "Health visitor")
        app.screen.query_one("#name-mash", Input).focus()
        await type_text(pilot, "Priya Sample")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert "Priya Sample" in app.sub_title
    session = store.session_for(store.today())
    assert session is not None
    assert [(a.agency, a.name, a.role) for a in session.attendees] == [
        ("health", "Hana Testwell", "Health visitor"),
        ("mash", "Priya Sample", ""),
    ]


async def test_reopening_the_same_day_resumes_the_session(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)):
        assert isinstance(app.screen, QueueScreen)
        assert "No calls yet" in text_of(app, "#empty")


async def test_whole_day_keyboard_only(store: Store, clock: MovableClock, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        # The MASH officer adds a call, typing every field they use.
        await pilot.press("a")
        assert isinstance(app.screen, CallFormScreen)
        await type_text(pilot, "Dr Ima Fictitious")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Brookfield Medical Practice")
        app.screen.query_one("#child_name_0", Input).focus()
        await type_text(pilot, "Kit Example")
        await pilot.press("tab")
        await type_text(pilot, "2019-05-04")
        app.screen.query_one("#worry_seen", TextArea).focus()
        await type_text(pilot, "Bruise on cheek, says fell over")
        app.screen.query_one("#needs").focus()
        await pilot.press("space")  # first need on the list
        app.screen.query_one("#urgency", Select).focus()
        await pilot.press("enter", "down", "enter")  # IMMEDIATE
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        rows = queue_cells(app)
        assert list(rows) == ["261126-01"]
        assert rows["261126-01"][0].endswith("IMMEDIATE")
        assert rows["261126-01"][4] == "KE 7y"
        assert rows["261126-01"][5].endswith("waiting")

        # A routine call an hour later sorts below the immediate one.
        clock.advance(hours=1)
        await pilot.press("a")
        form = app.screen
        form.query_one("#child_name_0", Input).value = "Rae Invented"
        form.query_one("#worry_told", TextArea).text = "Not attending school for three weeks"
        form.query_one("#urgency", Select).value = "routine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert list(queue_cells(app)) == ["261126-01", "261126-02"]
        assert queue_cells(app)["261126-01"][3] == "1h 00m"  # waiting ticks with the clock

        # The team opens the first referral and agencies add their views.
        app.screen.query_one("#queue", DataTable).move_cursor(row=0)
        await pilot.press("enter")
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("2")  # police, by number key
        assert isinstance(app.screen, ViewFormScreen)
        await type_text(pilot, "One call-out to the address in 2025")
        app.screen.query_one("#consent", Select).value = "given"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("v")
        await pilot.press("1")  # health, chosen in the form by its number
        await type_text(pilot, "Known to health visiting")
        app.screen.query_one("#consent", Select).value = "given"
        await pilot.press("ctrl+s")
        await pilot.pause()
        views = text_of(app, "#views")
        assert "Agency views (2)" in views
        assert "Police" in views and "DC Sam Ortiz-Example" in views
        assert "Known to health visiting" in views

        # The decision, then an amendment with its own reason.
        await pilot.press("d")
        assert isinstance(app.screen, DecisionFormScreen)
        app.screen.query_one("#outcome", Select).value = "early_help"
        app.screen.query_one("#reasons", TextArea).text = "Needs are about routines at home"
        app.screen.query_one("#response", Select).value = "agreed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Early help" in text_of(app, "#decision")
        await pilot.press("d")
        app.screen.query_one("#outcome", Select).value = "strategy"
        app.screen.query_one("#reasons", TextArea).text = "Injury explanation inconsistent"
        app.screen.query_one("#response", Select).value = "agreed"
        await pilot.press("ctrl+s")  # no reason for the change yet: refused
        assert isinstance(app.screen, DecisionFormScreen)
        app.screen.query_one("#amend_reason", TextArea).text = "Police shared a new concern"
        await pilot.press("ctrl+s")
        await pilot.pause()
        decision = text_of(app, "#decision")
        assert "Strategy discussion" in decision
        assert "earlier: v1 Early help" in decision
        assert "Police shared a new concern" in decision

        # Passed to the Assessment Team, and an action planned with a natural due date.
        clock.advance(minutes=30)
        await pilot.press("p")
        passed_at = app.screen.query_one("#passed_at", Input)
        assert passed_at.value == "11:30"
        passed_at.value = "13:00"  # still to come: refused
        await pilot.press("enter")
        assert "still to come" in text_of(app, "#form-error")
        passed_at.value = "11:15"  # it went a quarter of an hour ago
        await pilot.press("enter")
        await pilot.pause()
        assert "Passed to the Assessment Team at 11:15" in text_of(app, "#decision")
        await pilot.press("a")
        await type_text(pilot, "Strategy meeting with school")
        app.screen.query_one("#owner", Select).value = "social_work"
        app.screen.query_one("#owner_name", Input).value = "Ade Madeup"
        app.screen.query_one("#due", Input).focus()
        await type_text(pilot, "tomorrow 10am")
        assert text_of(app, "#due-preview") == "Due: tomorrow, Friday 27 Nov 10:00."
        await pilot.press("ctrl+s")
        await pilot.pause()
        actions = app.screen.query_one("#actions", DataTable)
        assert actions.row_count == 1
        await pilot.press("x")
        await pilot.pause()
        assert "done" in str(actions.get_row_at(0)[4])

        # Back at the queue the referral shows its status and decision.
        await pilot.press("escape")
        row = queue_cells(app)["261126-01"]
        assert "passed to AT" in row[5]
        assert row[7] == "P H"
        assert row[6] == "Strategy discussion"

        # End the session: summary and the day's files.
        await pilot.press("e")
        assert "Calls today: 2" in text_of(app, "#day-summary")
        await pilot.press("ctrl+s")
        await pilot.pause()
        hint = text_of(app, "#end-hint")
        assert "Session ended" in hint

    exports = tmp_path / "exports"
    # The day's seal, on the screen to be written down, is the one in the day's manifest.
    manifest = json.loads((exports / "dutydesk-2026-11-26-manifest.json").read_text("utf-8"))
    assert f"The day's seal: {manifest['seal']['short']}" in hint
    assert manifest["seal"]["hash"] in hint.replace("\n", "")
    with open(exports / "dutydesk-2026-11-26-referrals.csv", encoding="utf-8-sig") as handle:
        referrals = {row["ref"]: row for row in csv.DictReader(handle)}
    assert set(referrals) == {"261126-01", "261126-02"}
    assert referrals["261126-01"]["outcome"] == "Strategy discussion"
    assert referrals["261126-01"]["decision_amended"] == "yes"
    assert "Kit Example" not in (exports / "dutydesk-2026-11-26-referrals.csv").read_text(
        "utf-8-sig"
    )
    assert count(store, "decision") == 2  # the first decision is kept, not overwritten
    assert count(store, "agency_view") == 2
    session = store.session_for(store.today())
    assert session is not None and session.ended_at is not None


async def test_escape_with_typing_asks_before_discarding(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Half a name")
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardScreen)
        await pilot.press("n")
        assert isinstance(app.screen, CallFormScreen)
        assert app.screen.query_one("#referrer_name", Input).value == "Half a name"
        await pilot.press("escape", "y", "enter")  # a letter or Enter typed on: no answer
        assert isinstance(app.screen, DiscardScreen)
        await pilot.press("ctrl+d")  # the deliberate key throws it away
        assert isinstance(app.screen, QueueScreen)
        # An untouched form closes at once.
        await pilot.press("a", "escape")
        assert isinstance(app.screen, QueueScreen)
    assert count(store, "referral") == 0


async def test_a_refused_save_keeps_everything_typed(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        form = app.screen
        form.query_one("#child_name_0", Input).value = "Noor Notreal"
        form.query_one("#child_age_0", Input).value = "31/02/2020"
        form.query_one("#worry_seen", TextArea).text = "A long account " * 50
        form.query_one("#urgency", Select).value = "today"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CallFormScreen)
        assert "not a real date" in text_of(app, "#form-error")
        assert form.query_one("#worry_seen", TextArea).text == "A long account " * 50
        form.query_one("#child_age_0", Input).value = "unborn"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert queue_cells(app)["261126-01"][4] == "NN unborn"


async def test_typed_markup_and_escapes_show_literally(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    hostile = '[bold]Zed[/bold] [@click=app.quit]x[/] =HYPERLINK("http://x")'
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("a")
        form = app.screen
        form.query_one("#child_name_0", Input).value = hostile
        form.query_one("#referrer_org", Input).value = "[red]Org[/red]"
        form.query_one("#worry_seen", TextArea).text = "saw \x1b[31mred\x1b[0m text\x07"
        form.query_one("#urgency", Select).value = "routine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert queue_cells(app)["261126-01"][9] == "[red]Org[/red]"
        await pilot.press("enter")
        shown = text_of(app, "#call")
        assert hostile in shown
        assert "saw red text" in shown
        assert app.is_running
    detail = store.referral(1)
    assert detail.call.children[0].name == hostile
    assert detail.call.worry_seen == "saw red text"


async def test_undecided_calls_carry_over_to_the_next_day(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    from dutydesk.domain.records import CallDetails, Child
    from tests.pilot_helpers import MASH

    yesterday = start_room(store)
    store.add_call(yesterday.id, CallDetails("today", (Child("Ari Unreal"),), "seen"), MASH)
    done = store.add_call(yesterday.id, CallDetails("routine", (Child("Bo Unreal"),), "seen"), MASH)
    store.decide(
        done.referral_id, yesterday.id, "advice", "Advice given", [], MASH, expected_version=0
    )
    clock.advance(days=1)
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)):
        rows = queue_cells(app)
        assert list(rows) == ["261126-01"]
        (cells,) = rows.values()
        assert cells[1] == "↻ 261126-01"
        assert cells[2] == "Thu 10:00"


async def test_help_lists_the_keys_of_the_screen(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f1")
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Add a call" in shown and "End the session" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_amending_a_decision_starts_with_fresh_reasons(store: Store, tmp_path: Path) -> None:
    """Typing into a pre-filled box used to glue the new reasons onto the old ones."""
    from dutydesk.domain.records import CallDetails, Child
    from tests.pilot_helpers import MASH

    session = start_room(store)
    row = store.add_call(session.id, CallDetails("today", (Child("Ari Unreal"),), "seen"), MASH)
    store.decide(row.referral_id, session.id, "advice", "Old reasons", [], MASH, expected_version=0)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "d")
        assert "Old reasons" in " ".join(str(s.render()) for s in app.screen.query(".hint"))
        await pilot.press("tab")
        await type_text(pilot, "New reasons")
        await pilot.press("tab")
        await type_text(pilot, "School shared more")
        app.screen.query_one("#response", Select).value = "agreed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
    decisions = store.referral(row.referral_id).decisions
    assert [d.reasons for d in decisions] == ["Old reasons", "New reasons"]
    assert decisions[-1].amend_reason == "School shared more"


async def test_ending_twice_exports_again_without_ending_again(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Session ended" in text_of(app, "#end-hint")
    assert count(store, "session_end") == 1
    assert len(list((tmp_path / "exports").glob("*.csv"))) == 4


async def test_someone_joining_later_is_added_to_the_room(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("r")
        assert "Hana Testwell" in text_of(app, "#present")
        app.screen.query_one("#agency", Select).value = "health"
        app.screen.query_one("#name", Input).focus()
        await type_text(pilot, "Hana Testwell")
        await pilot.press("enter")  # already here: refused
        assert "already in the room" in text_of(app, "#form-error")
        app.screen.query_one("#name", Input).value = "Jo Secondnurse"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("w")
        people = app.screen.query_one("#people", OptionList)
        shown = [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]
        assert "7  Jo Secondnurse (Health)" in shown
    session = store.session_for(store.today())
    assert session is not None
    assert [a.name for a in session.attendees if a.agency == "health"] == [
        "Hana Testwell",
        "Jo Secondnurse",
    ]


async def test_the_palette_lists_the_screens_actions(store: Store, tmp_path: Path) -> None:
    from textual.command import CommandPalette

    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "add a call")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CallFormScreen)
