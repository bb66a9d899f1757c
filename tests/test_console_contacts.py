"""Advice calls, feedback to the referrer and earlier contacts, through the console."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain import vocab
from dutydesk.domain.feedback_text import safety_netting
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.feedback_form import FeedbackFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from dutydesk.widgets.dialog import ConfirmScreen
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, queue_cells, start_room, text_of, type_text

DOB = date(2017, 6, 2)


async def test_an_advice_call_is_recorded_then_made_a_referral(
    store: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, CallFormScreen)
        form.query_one("#kind", Select).value = vocab.ADVICE
        await type_text(pilot, "Jo Example")  # the referrer's name has the focus
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # no advice written yet: not saved, nothing lost
        assert "advice given is needed" in text_of(app, "#form-error")
        form.query_one("#advice", TextArea).focus()
        await type_text(pilot, "Talk to mum first; call back if it happens again.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        (cells,) = queue_cells(app).values()
        assert any("? advice given" in c for c in cells)
        assert "Advice calls: 1" in text_of(app, "#summary")

        await pilot.press("enter")
        assert "ADVICE CALL" in text_of(app, "#call")
        assert "Talk to mum first" in text_of(app, "#call")
        await pilot.press("r")
        again = app.screen
        assert isinstance(again, CallFormScreen) and again.make_referral
        assert again.query_one("#referrer_name", Input).value == "Jo Example"  # not retyped
        assert again.query_one("#kind", Select).value == vocab.REFERRAL
        await type_text(pilot, "Amira Khan")  # the first child's name has the focus
        again.query_one("#worry_seen", TextArea).focus()
        await type_text(pilot, "Bruising again")
        again.query_one("#urgency", Select).value = "today"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert "ADVICE CALL" not in text_of(app, "#call")
        assert "Advice given: Talk to mum first" in text_of(app, "#call")  # kept
    (row,) = store.queue(session)
    detail = store.referral(row.referral_id)
    assert (row.kind, row.status, detail.call_version) == (vocab.REFERRAL, vocab.WAITING, 2)
    assert detail.call.advice.startswith("Talk to mum first")


async def test_feedback_is_drafted_copied_saved_and_recorded(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    session = start_room(store)
    row = store.add_call(
        session.id,
        CallDetails("today", (Child("Kai Unreal"),), "x", referrer_name="Jo Example"),
        MASH,
    )
    store.decide(row.referral_id, session.id, "early_help", "why", [], MASH, expected_version=0)
    store.add_action(
        row.referral_id, session.id, "Family hub key worker", "early_help", "Lou", None, "", MASH
    )
    clock.advance(hours=2)
    exports = tmp_path / "exports"
    app = DutyDeskApp(store, exports)
    async with app.run_test(size=(120, 40)) as pilot:
        assert "Feedback awaited: 1" in text_of(app, "#summary")
        assert "✉ awaiting 2h 00m" in queue_cells(app)[row.ref]
        await pilot.press("enter", "f")
        form = app.screen
        assert isinstance(form, FeedbackFormScreen)
        text = form.query_one("#text", TextArea).text
        assert "Outcome: Early help" in text
        assert "Family hub key worker: Early help (Lou)" in text
        assert safety_netting(app.lists) in text  # the partnership's words (lists.toml)

        await pilot.press("ctrl+l")
        assert app.clipboard == text
        await pilot.press("ctrl+t")
        (saved,) = exports.glob("feedback-*.txt")
        assert saved.read_text("utf-8") == text + "\n"
        assert any(str(saved) in str(n.message) for n in app._notifications)

        form.query_one("#how", Select).value = "email"
        form.query_one("#satisfaction", Select).value = 5
        told_at = form.query_one("#told_at", Input)
        told_at.value = ""
        told_at.focus()
        await type_text(pilot, "11:15")
        form.query_one("#text", TextArea).load_text("Edited: early help will call.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert "Edited: early help will call." in text_of(app, "#decision")
        await pilot.press("escape")
        assert "Feedback awaited: 0" in text_of(app, "#summary")
        assert "told 11:15" in queue_cells(app)[row.ref]
    (given,) = store.feedback_for(row.referral_id)
    assert (given.how, given.satisfaction, given.told_by) == ("email", 5, "Priya Sample")
    assert given.text == "Edited: early help will call."
    assert given.told_at is not None and given.told_at.hour == 11


async def test_earlier_contacts_are_shown_and_a_match_is_confirmed(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    old = start_room(store)
    first = store.add_call(old.id, CallDetails("today", (Child("Amira Khan", DOB),), "x"), MASH)
    store.decide(first.referral_id, old.id, "early_help", "why", [], MASH, expected_version=0)
    store.add_action(first.referral_id, old.id, "Home visit", "early_help", "", None, "", MASH)
    near = store.add_call(old.id, CallDetails("today", (Child("Amira Kahn", DOB),), "y"), MASH)
    store.decide(near.referral_id, old.id, "nfa", "why", [], MASH, expected_version=0)
    clock.advance(days=7)
    session = start_room(store)
    again = store.add_call(
        session.id, CallDetails("today", (Child("AMIRA  khan", DOB),), "z"), MASH
    )
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 44)) as pilot:
        cells = queue_cells(app)[again.ref]
        assert "» AK 9y" in cells  # a repeat contact: a mark, not a colour
        await pilot.press("enter")
        earlier = text_of(app, "#earlier")
        assert f"[LIKELY] {first.ref}" in earlier
        assert "same name and date of birth" in earlier
        assert "Decision: Early help" in earlier
        assert "Open action: Home visit" in earlier
        assert f"[possible] {near.ref}" in earlier
        assert "Repeat contact" in text_of(app, "#call")
        await pilot.press("m")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # not sure: nothing stored
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("m", "y")  # the likely one first (newest first, unconfirmed)
        await pilot.press("m", "y")
        await pilot.pause()
        earlier = text_of(app, "#earlier")
        assert earlier.count("✓ confirmed by Priya Sample") == 2
        await pilot.press("m")
        assert isinstance(app.screen, ReferralScreen)  # nothing left to confirm
    found = store.earlier_contacts(again.referral_id)
    assert all(e.confirmed for e in found)
    assert len(store.queue(session)) == 1 and store.referral(first.referral_id).ref == first.ref
    assert set(store.referral(again.referral_id).repeat_of) == {first.ref, near.ref}


async def test_no_earlier_contacts_says_so(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    store.add_call(session.id, CallDetails("today", (Child("Solo Unreal"),), "x"), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert "None found" in text_of(app, "#earlier")
        await pilot.press("m")
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("r")  # not an advice call: nothing to make
        assert isinstance(app.screen, ReferralScreen)
