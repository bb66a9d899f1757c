"""Two people on the same referral at two consoles: views and actions are both kept; two
decisions are never merged: the second is shown the first and chooses to amend or drop.
The other desk is a second Store on the same file; this desk is the real console.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Select, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.screens.decision_changed import DecisionChangedScreen
from dutydesk.screens.decision_form import DecisionFormScreen
from dutydesk.screens.pass_on import PassOnScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store, open_store
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, start_room, text_of, type_text

EARLY_HELP = Actor("Lou Pretend", "early_help", "Early help coordinator")


@pytest.fixture
def desk_b(tmp_path: Path, clock: MovableClock, store: Store) -> Iterator[Store]:
    other = open_store(tmp_path / "dutydesk.db", clock)
    yield other
    other.close()


def add_call(store: Store) -> tuple[int, int]:
    session = start_room(store)
    details = CallDetails("today", (Child("Kit Example", age="7"),), worry_seen="Bruise on arm")
    return session.id, store.add_call(session.id, details, MASH).referral_id


async def test_a_decision_made_meanwhile_is_shown_and_mine_becomes_an_amendment(
    store: Store, desk_b: Store, clock: MovableClock, tmp_path: Path
) -> None:
    sid, rid = add_call(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "d")
        form = app.screen
        assert isinstance(form, DecisionFormScreen)
        form.query_one("#outcome", Select).value = "nfa"
        form.query_one("#reasons", TextArea).text = "Health visitor has no concerns"
        form.query_one("#response", Select).value = "agreed"
        # Meanwhile, at the other desk:
        clock.advance(minutes=2)
        desk_b.decide(
            rid,
            sid,
            "early_help",
            "Routines at home",
            ["early_help"],
            EARLY_HELP,
            expected_version=0,
        )
        clock.advance(minutes=1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecisionChangedScreen)
        meanwhile = text_of(app, "#meanwhile")
        assert "Lou Pretend recorded it at 10:02" in meanwhile
        assert "Early help" in meanwhile and "Routines at home" in meanwhile
        assert "No further action" in text_of(app, "#mine")
        assert len(store.referral(rid).decisions) == 1  # nothing of mine saved yet

        await pilot.press("a")  # amend it with mine
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#outcome", Select).value == "nfa"  # nothing typed is lost
        assert form.query_one("#reasons", TextArea).text == "Health visitor has no concerns"
        assert "Amend the decision" in text_of(app, "#decision-title")
        assert "Now: Early help because Routines at home" in text_of(app, "#now")
        assert app.focused is form.query_one("#amend_reason", TextArea)
        await pilot.press("ctrl+s")  # no reason for the change yet: refused, kept
        assert app.screen is form
        await type_text(pilot, "Seen today")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        decision = text_of(app, "#decision")
        assert "No further action" in decision and "earlier: v1 Early help" in decision
        assert "Seen today" in decision
    decisions = store.referral(rid).decisions
    assert [(d.version, d.outcome, d.recorded_by) for d in decisions] == [
        (1, "early_help", "Lou Pretend"),
        (2, "nfa", "Priya Sample"),
    ]
    assert decisions[1].reasons == "Health visitor has no concerns"
    assert store.drafts(sid) == []


async def test_dropping_mine_keeps_the_decision_made_meanwhile(
    store: Store, desk_b: Store, tmp_path: Path
) -> None:
    sid, rid = add_call(store)
    store.decide(rid, sid, "advice", "Signposted to parenting group", [], MASH, expected_version=0)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "d")  # amending v1
        form = app.screen
        assert isinstance(form, DecisionFormScreen)
        form.query_one("#outcome", Select).value = "partner"
        form.query_one("#reasons", TextArea).text = "Police will follow up"
        form.query_one("#response", Select).value = "agreed"
        form.query_one("#amend_reason", TextArea).text = "Police shared a concern"
        desk_b.decide(
            rid,
            sid,
            "strategy",
            "Injury unexplained",
            ["police"],
            EARLY_HELP,
            expected_version=1,
            amend_reason="New disclosure",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DecisionChangedScreen)
        assert "Lou Pretend amended it" in text_of(app, "#meanwhile")
        assert "New disclosure" in text_of(app, "#meanwhile")
        await pilot.press("escape")  # back to my form first: nothing decided, nothing lost
        assert app.screen_stack[-1] is form
        assert "changed at another desk" in text_of(app, "#form-error")
        assert form.query_one("#reasons", TextArea).text == "Police will follow up"
        await pilot.press("ctrl+s")  # still not on top of v2: shown again
        await pilot.pause()
        assert isinstance(app.screen, DecisionChangedScreen)
        await pilot.press("d")  # a letter typed on does not throw my typing away
        assert isinstance(app.screen, DecisionChangedScreen)
        await pilot.press("ctrl+d")  # drop mine: the deliberate key
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert "Strategy discussion" in text_of(app, "#decision")
        assert "Police will follow up" not in text_of(app, "#decision")
    assert [d.outcome for d in store.referral(rid).decisions] == ["advice", "strategy"]
    assert store.drafts(sid) == []


async def test_passed_on_meanwhile_keeps_the_first_and_says_so(
    store: Store, desk_b: Store, clock: MovableClock, tmp_path: Path
) -> None:
    sid, rid = add_call(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "p")
        assert isinstance(app.screen, PassOnScreen)
        first = desk_b.pass_on(rid, sid, EARLY_HELP, first=True)  # 10:00, at the other desk
        clock.advance(minutes=5)
        await pilot.press("enter")  # mine would say 10:05; theirs came first
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert "passed to Assessment Team" in text_of(app, "#call")
        told = [n.message for n in app._notifications]
        assert any("already passed to the Assessment Team at 10:00" in m for m in told), told
        assert any("recorded by Lou Pretend" in m for m in told), told
    assert store.referral(rid).passed_at == first
    events = [e.kind for e in store.referral_events(rid)]
    assert events.count("passed to Assessment Team") == 1
