"""Every save happens exactly once: a form's submission carries a token and the Store
refuses to save the same token twice (a double Enter, a double Ctrl+S, a key repeat, a
retry after a timeout)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.action_form import ActionFormScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room, type_text


async def test_enter_in_the_action_form_saves_one_action(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    store.add_call(session.id, CallDetails("today", (Child("Al Pretend"),), "seen"), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "a")
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        await type_text(pilot, "Early help worker to visit")
        form.query_one("#owner", Select).value = "early_help"
        form.query_one("#owner_name").focus()
        await type_text(pilot, "Lou Pretend")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
    actions = store.referral(1).actions
    assert [a.what for a in actions] == ["Early help worker to visit"]


async def test_enter_in_the_service_search_never_saves_the_form(
    store: Store, tmp_path: Path
) -> None:
    """The search's own Enter picks a service; the form's Enter handler is not run as well."""
    from dutydesk.demo import load_directory

    load_directory(store)
    session = start_room(store)
    store.add_call(session.id, CallDetails("today", (Child("Al Pretend"),), "seen"), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "a")
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        await type_text(pilot, "Housing options")
        form.query_one("#owner", Select).value = "other"
        form.query_one("#service_search").focus()
        await type_text(pilot, "kestrel")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form  # still open, the service linked
        await pilot.press("ctrl+s", "ctrl+s")  # a double save, as a key repeat sends it
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
    (action,) = store.referral(1).actions
    assert action.service_name.startswith("Kestrel Housing Options")


async def test_a_form_saved_twice_in_a_row_saves_once(store: Store, tmp_path: Path) -> None:
    """Ctrl+S twice, as a key repeat sends it: the second finds the form closing."""
    session = start_room(store)
    store.add_call(session.id, CallDetails("today", (Child("Al Pretend"),), "seen"), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "a")
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        await type_text(pilot, "Visit")
        form.query_one("#owner", Select).value = "early_help"
        form.action_save()
        form.action_save()
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)  # and not back to the queue
    assert [a.what for a in store.referral(1).actions] == ["Visit"]
