"""Nothing is agreed by default: the decision form's "Agreed by" starts with the agencies
that added a view on this referral (none ticked if none did), and the amendment form
likewise; the team ticks the rest."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, SelectionList, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.screens.decision_form import DecisionFormScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room

EDUCATION = Actor("Mo Fictional", "education", "Education adviser")


def ticked(app: DutyDeskApp) -> list[str]:
    return sorted(app.screen.query_one("#agreed_by", SelectionList).selected)


async def test_agreed_by_starts_with_who_gave_a_view(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    quiet = store.add_call(session.id, CallDetails("today", (Child("Al Pretend"),), "x"), MASH)
    spoke = store.add_call(session.id, CallDetails("today", (Child("Bo Pretend"),), "y"), MASH)
    store.add_view(spoke.referral_id, session.id, "education", "Attends well.", "", EDUCATION)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "d")  # the first referral: no view yet
        assert isinstance(app.screen, DecisionFormScreen)
        assert ticked(app) == []
        await pilot.press("escape", "escape", "down", "enter", "d")
        assert isinstance(app.screen, DecisionFormScreen)
        assert app.screen.detail.referral_id == spoke.referral_id
        assert ticked(app) == ["education"]  # the six others in the room are not ticked
        app.screen.query_one("#outcome", Select).value = "early_help"
        app.screen.query_one("#reasons", TextArea).text = "Routines at home"
        app.screen.query_one("#response", Select).value = "agreed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
    decision = store.referral(spoke.referral_id).decision
    assert decision is not None and decision.agreed_by == ("education",)
    assert quiet.referral_id != spoke.referral_id


async def test_the_amendment_starts_with_who_gave_a_view(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    row = store.add_call(session.id, CallDetails("today", (Child("Cy Pretend"),), "x"), MASH)
    store.decide(
        row.referral_id,
        session.id,
        "early_help",
        "Routines",
        ["health", "police", "mash"],
        MASH,
        expected_version=0,
        referrer_response="agreed",
    )
    store.add_view(row.referral_id, session.id, "education", "Absent often.", "", EDUCATION)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "d")
        assert isinstance(app.screen, DecisionFormScreen)
        assert app.screen.base is not None  # an amendment
        assert ticked(app) == ["education"]
        # The agencies that agreed before are still there to tick.
        listed = app.screen.query_one("#agreed_by", SelectionList)
        values = {listed.get_option_at_index(i).value for i in range(listed.option_count)}
        assert {"health", "police", "mash", "education"} <= values
