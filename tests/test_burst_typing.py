"""Keys typed at full speed (a burst posted at once, as tmux send-keys or a fast typist
gives them) land where they would at a person's pace, across Tab and choosing from a list
(issue 14, item 7; dutydesk/settle.py)."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.storage import Store
from tests.pilot_helpers import start_room

NAMED = {" ": "space", "\t": "tab", "\n": "enter"}
CHARS = {"tab": "\t", "enter": "\r", "space": " ", "down": None, "up": None}


def key_events(*parts: str | list[str]) -> list[events.Key]:
    """Text (each character a key) and lists of key names, in order."""
    keys: list[events.Key] = []
    for part in parts:
        if isinstance(part, list):
            keys += [events.Key(name, CHARS.get(name, name)) for name in part]
            continue
        for ch in part:
            name = NAMED.get(ch, ch)
            keys.append(events.Key(name, CHARS.get(name, ch)))
    return keys


async def burst(pilot: Pilot[None], *parts: str | list[str]) -> None:
    """Post every key at once, with no pause between (as a terminal delivers a burst)."""
    app = pilot.app
    for key in key_events(*parts):
        app.post_message(key)
    await pilot.pause(0.3)
    # Until every held key is handed on and handled, however busy the machine (no clock in
    # the assertion: only the wait is bounded, so a lost key still fails the test).
    for _ in range(200):
        drain = getattr(app, "_drain", None)
        if not getattr(app, "_held", None) and (drain is None or drain.done()):
            break
        await pilot.pause(0.05)
    await pilot.pause()


def test_the_textual_api_the_settling_uses_is_there() -> None:
    """A canary: dutydesk/settle.py relies on these; a Textual upgrade that changes them
    must fail here, loudly, not lose keys quietly."""
    for name in ("call_later", "is_running", "message_queue_size"):
        assert hasattr(MessagePump, name), name
    assert hasattr(events.Key, "is_forwarded")


async def test_a_burst_with_tabs_on_the_start_screen(store: Store, tmp_path: Path) -> None:
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await burst(pilot, "Hana Testwell\tHealth visitor\tDC Sam Ortiz\tDetective constable")
        field = app.screen.query_one
        assert field("#name-health", Input).value == "Hana Testwell"
        assert field("#role-health", Input).value == "Health visitor"
        assert field("#name-police", Input).value == "DC Sam Ortiz"
        assert field("#role-police", Input).value == "Detective constable"


async def test_a_burst_through_the_experience_form(store: Store, tmp_path: Path) -> None:
    """Choose the agency by its number, a rating from the list, then the comments."""
    session = start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("e", "x")
        await pilot.pause()
        await burst(
            pilot,
            "1",
            ["enter", "down", "down", "enter", "tab"],
            "Quick decisions",
            ["tab"],
            "Fewer repeat calls",
            ["ctrl+s"],
        )
        await pilot.pause()
    (rated,) = store.experiences(session.id)
    assert (rated.agency, rated.worked, rated.change) == (
        "health",
        "Quick decisions",
        "Fewer repeat calls",
    )


async def test_a_burst_through_the_decision_form(store: Store, tmp_path: Path) -> None:
    """Choose the outcome from its list, and type the reasons straight after."""
    from dutydesk.domain.records import CallDetails, Child
    from dutydesk.screens.decision_form import DecisionFormScreen
    from tests.pilot_helpers import MASH

    session = start_room(store)
    store.add_call(session.id, CallDetails("today", (Child("Bo Unreal"),), "seen"), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionFormScreen)
        await burst(pilot, ["enter", "down", "enter", "tab"], "Injury seen at school")
        reasons = app.screen.query_one("#reasons", TextArea)
        assert reasons.text == "Injury seen at school"
        assert app.screen.query_one("#outcome").value is not None


def _referral(store: Store) -> int:
    from dutydesk.domain.records import CallDetails, Child
    from tests.pilot_helpers import MASH

    session = start_room(store)
    return store.add_call(
        session.id, CallDetails("today", (Child("Bo Unreal"),), "seen"), MASH
    ).referral_id


async def test_a_burst_through_the_call_form(store: Store, tmp_path: Path) -> None:
    """A whole call typed at once, as tmux send-keys gives it: every field, a need ticked,
    the urgency chosen from its list, saved; stored exactly as typed, once."""
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await burst(
            pilot,
            "Gail Gray\tClass teacher\tOakfield Primary\t\t01632 960123\tTeacher\t\t",
            "Tia Tamsin\t8y\tOakfield Primary\t",
            "Bruise on arm\tSaid dad shouted\tA safe adult at home\t",
            ["space", "tab", "enter", "down", "down", "enter", "ctrl+s"],
        )
        await pilot.pause()
    (ref,) = store.referral_details([1])
    call = ref.call
    assert (call.referrer_name, call.referrer_role, call.referrer_org) == (
        "Gail Gray",
        "Class teacher",
        "Oakfield Primary",
    )
    assert (call.referrer_contact, call.referrer_relationship) == ("01632 960123", "Teacher")
    (child,) = call.children
    assert (child.name, child.age, child.school) == ("Tia Tamsin", "8", "Oakfield Primary")
    assert (call.worry_seen, call.worry_told) == ("Bruise on arm", "Said dad shouted")
    assert call.referrer_view == "A safe adult at home"
    assert len(call.needs) == 1 and call.urgency == "today"


async def test_a_burst_through_the_view_form(store: Store, tmp_path: Path) -> None:
    referral_id = _referral(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await burst(
            pilot,
            "2",
            "DV call-out in June\tJoint visit if needed\t",
            ["enter", "down", "enter", "ctrl+s"],
        )
        await pilot.pause()
    (view,) = store.referral(referral_id).views
    assert (view.agency, view.knows, view.needed) == (
        "police",
        "DV call-out in June",
        "Joint visit if needed",
    )


async def test_a_burst_through_the_action_form(store: Store, tmp_path: Path) -> None:
    """What, the owner agency chosen from its list, the owner's name, a due date, Enter:
    one action, exactly as typed."""
    referral_id = _referral(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await burst(
            pilot,
            "a",
            "Early help worker to visit\t",
            ["enter"] + ["down"] * 6 + ["enter", "tab"],
            "Erin Ezra\tmon",
            ["enter"],
        )
        await pilot.pause()
    (action,) = store.referral(referral_id).actions
    assert (action.what, action.owner_agency, action.owner_name) == (
        "Early help worker to visit",
        "early_help",
        "Erin Ezra",
    )
    assert action.due_at is not None


async def test_a_burst_through_the_feedback_form(store: Store, tmp_path: Path) -> None:
    """How from its list, past the drafted text, a satisfaction score and a comment."""
    from tests.pilot_helpers import MASH

    referral_id = _referral(store)
    session = store.session_for(store.today())
    assert session is not None
    store.decide(
        referral_id,
        session.id,
        "early_help",
        "Needs met by early help",
        ("health",),
        MASH,
        expected_version=0,
    )
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await burst(
            pilot,
            "f",
            ["enter", "down", "enter", "tab", "tab", "tab"],
            ["enter", "down", "down", "enter", "tab"],
            "Clear and quick",
            ["ctrl+s"],
        )
        await pilot.pause()
    (told,) = store.feedback_for(referral_id)
    assert (told.how, told.comment) == ("phone", "Clear and quick")
    assert told.satisfaction is not None
