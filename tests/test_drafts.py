"""Typed but unsaved text survives a crash: forms keep a draft, and offer it back.

A "crash" here is the app going away without saving (the run_test block ends with the form
open), then a fresh DutyDeskApp opening the same database, as after a power cut.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, SelectionList, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.decision_form import DecisionFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.screens.view_form import ViewFormScreen
from dutydesk.storage import Store
from dutydesk.widgets.dialog import DiscardScreen
from dutydesk.widgets.form import FormScreen
from tests.conftest import MovableClock
from tests.pilot_helpers import start_room, text_of, type_text
from tests.safety_helpers import count, events, notes

WORRY = "Came to nursery with a cut lip; mum said the dog jumped up"


def new_app(store: Store, tmp_path: Path) -> DutyDeskApp:
    return DutyDeskApp(store, tmp_path / "exports")


async def offered(pilot: Pilot[None]) -> None:
    """Wait until the form shows its offer of a recovered draft (after it is drawn)."""
    for _ in range(100):
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, FormScreen) and pilot.app.screen.query("#draft-offer"):
            return


def form_of(app: DutyDeskApp) -> FormScreen[object]:
    assert isinstance(app.screen, FormScreen)
    return app.screen


async def type_a_call_and_crash(store: Store, tmp_path: Path, *, by_timer: bool = False) -> None:
    """The MASH officer types most of a call, with two children, then the app dies."""
    before = count(store, "referral")
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Dr Ima Fictitious")
        form = form_of(app)
        form.query_one("#child_name_0", Input).value = "Kit Example"
        await pilot.press("ctrl+n")  # a second child: a row the form did not start with
        await pilot.pause()
        await type_text(pilot, "Rae Example")
        form.query_one("#worry_seen", TextArea).text = WORRY
        form.query_one("#urgency", Select).value = "today"
        form.query_one("#needs", SelectionList).select("education")
        if by_timer:
            await pilot.pause(1.2)  # the draft timer runs once a second
        else:
            await form.keep_draft()  # what the timer does
        assert count(store, "draft") == 1
    # Leaving the block without Ctrl+S is the crash: nothing was saved.
    assert count(store, "referral") == before


async def test_a_call_being_typed_survives_a_crash(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    await type_a_call_and_crash(store, tmp_path, by_timer=True)
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, QueueScreen)
        await pilot.pause()
        assert any(
            "Unsaved call being typed at 10:00" in n and "press A to restore it" in n
            for n in notes(app)
        )
        await pilot.press("a")
        await offered(pilot)
        form = form_of(app)
        assert "A draft of yours from 10:00 was recovered: Ctrl+R restores it" in text_of(
            app, "#draft-offer"
        )
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(form, CallFormScreen)
        assert form.query_one("#referrer_name", Input).value == "Dr Ima Fictitious"
        assert form.query_one("#child_name_0", Input).value == "Kit Example"
        assert form.query_one("#child_name_1", Input).value == "Rae Example"
        assert form.query_one("#worry_seen", TextArea).text == WORRY
        assert form.query_one("#urgency", Select).value == "today"
        assert list(form.query_one("#needs", SelectionList).selected) == ["education"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
    detail = store.referral(1)
    assert [c.name for c in detail.call.children] == ["Kit Example", "Rae Example"]
    assert detail.call.worry_seen == WORRY
    assert store.drafts(session.id) == []
    kinds = [kind for kind, _ in events(store)]
    assert "draft restored" in kinds
    # The event log names the form, never what was typed.
    assert not any(WORRY in detail or "Kit" in detail for _, detail in events(store))


async def test_the_draft_is_kept_only_when_something_changed(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    session = start_room(store)
    logged = count(store, "event")
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = form_of(app)
        await form.keep_draft()
        assert store.drafts(session.id) == []  # an untouched form keeps nothing
        await type_text(pilot, "Ms Pat Madeup")
        await form.keep_draft()
        (first,) = store.drafts(session.id)
        assert first.fields["referrer_name"] == "Ms Pat Madeup"
        clock.advance(seconds=5)
        await form.keep_draft()
        (again,) = store.drafts(session.id)
        assert again.updated_at == first.updated_at  # unchanged: not written again
        form.query_one("#referrer_name", Input).value = ""
        await form.keep_draft()
        assert store.drafts(session.id) == []  # typed, then taken out again
    assert count(store, "event") == logged  # no event per keystroke, nor per draft


async def test_saving_the_form_removes_its_draft(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = form_of(app)
        form.query_one("#child_name_0", Input).value = "Ari Unreal"
        form.query_one("#worry_told", TextArea).text = "Told a teacher she was scared"
        form.query_one("#urgency", Select).value = "routine"
        await form.keep_draft()
        assert len(store.drafts(session.id)) == 1
        await pilot.press("ctrl+s")
        await pilot.pause(1.2)  # a timer tick after saving must not bring the draft back
        assert isinstance(app.screen, QueueScreen)
    assert store.drafts(session.id) == []
    assert count(store, "referral") == 1


async def test_throwing_the_form_away_removes_its_draft(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Half a name")
        await form_of(app).keep_draft()
        assert len(store.drafts(session.id)) == 1
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardScreen)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
    assert store.drafts(session.id) == []


async def test_typing_as_the_form_opens_goes_into_the_form(store: Store, tmp_path: Path) -> None:
    """After a crash, A then a name at once: the name is in the field, nothing answers for
    the recovered draft (a letter once threw it away, or restored it), and it is kept."""
    session = start_room(store)
    await type_a_call_and_crash(store, tmp_path)
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", *"Nadia Nolan yn".replace(" ", "-"))
        await offered(pilot)
        form = form_of(app)
        assert form.query_one("#referrer_name", Input).value == "Nadia-Nolan-yn"
        assert "was recovered" in text_of(app, "#draft-offer")
        assert form.query_one("#worry_seen", TextArea).text == ""  # not restored by a y
        await pilot.press("ctrl+r")  # typed already: restoring asks first, deliberately
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen)
        await pilot.press("y", "enter")  # not answers
        assert isinstance(app.screen, DiscardScreen)
        await pilot.press("escape")  # keep mine
        await pilot.pause()
        assert form_of(app).query_one("#referrer_name", Input).value == "Nadia-Nolan-yn"
        await pilot.press("ctrl+r", "ctrl+d")  # replace mine with the draft
        await pilot.pause()
        assert form.query_one("#referrer_name", Input).value == "Dr Ima Fictitious"
        assert form.query_one("#worry_seen", TextArea).text == WORRY
        assert not form.query("#draft-offer")
    kinds = [kind for kind, _ in events(store)]
    assert "draft discarded" not in kinds and "draft restored" in kinds
    assert len(store.drafts(session.id)) == 1  # the restored draft, now this desk's


async def test_leaving_the_offer_keeps_the_draft_for_later(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    await type_a_call_and_crash(store, tmp_path)
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, CallFormScreen)
        await pilot.press("escape")  # the empty form closes; the draft stays
        await pilot.pause()
        await pilot.press("a")
        await offered(pilot)
        assert "was recovered" in text_of(app, "#draft-offer")
    (kept,) = store.drafts(session.id)
    assert kept.fields["worry_seen"] == WORRY


async def test_an_agency_view_survives_a_crash(store: Store, tmp_path: Path) -> None:
    from dutydesk.domain.records import CallDetails, Child
    from tests.pilot_helpers import MASH

    session = start_room(store)
    row = store.add_call(session.id, CallDetails("today", (Child("Bo Unreal"),), "seen"), MASH)
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "2")  # police
        assert isinstance(app.screen, ViewFormScreen)
        await type_text(pilot, "Two call-outs in 2025")
        app.screen.query_one("#consent", Select).value = "without"
        app.screen.query_one("#without_consent_reason", TextArea).text = "Risk of harm"
        await form_of(app).keep_draft()
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any(f"agency view on {row.ref}" in n and "press V" in n for n in notes(app))
        await pilot.press("enter")
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("v")
        await offered(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ViewFormScreen)
        assert form.agency == "police"
        assert form.query_one("#agency", OptionList).highlighted == 1
        assert form.query_one("#knows", TextArea).text == "Two call-outs in 2025"
        assert form.query_one("#consent", Select).value == "without"  # the draft keeps it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
    (view,) = store.referral(row.referral_id).views
    assert (view.agency, view.knows) == ("police", "Two call-outs in 2025")
    assert (view.consent, view.without_consent_reason) == ("without", "Risk of harm")
    assert store.drafts(session.id) == []


async def test_a_draft_is_only_offered_on_the_same_form_and_referral(
    store: Store, tmp_path: Path
) -> None:
    from dutydesk.domain.records import CallDetails, Child
    from tests.pilot_helpers import MASH

    session = start_room(store)
    row = store.add_call(session.id, CallDetails("today", (Child("Cy Unreal"),), "seen"), MASH)
    await type_a_call_and_crash(store, tmp_path)  # a new call's draft
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "c")  # correcting the saved call is another form
        await pilot.pause()
        assert isinstance(app.screen, CallFormScreen)
        assert app.screen.query_one("#child_name_0", Input).value == "Cy Unreal"
        await pilot.press("escape")
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("d")  # and so is the decision
        await pilot.pause()
        assert isinstance(app.screen, DecisionFormScreen)
    assert [d.key.referral_id for d in store.drafts(session.id)] == [None]
    assert row.referral_id is not None


async def test_ctrl_q_in_the_middle_of_a_form_keeps_a_draft(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    app = new_app(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Typed just before quitting")
        await pilot.press("ctrl+q")  # no time for the timer: quitting keeps it
        await pilot.pause()
    (kept,) = store.drafts(session.id)
    assert kept.fields["referrer_name"] == "Typed just before quitting"
