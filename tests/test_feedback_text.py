"""The safety-netting advice in the drafted feedback is the partnership's own wording."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pendulum
from textual.widgets import TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain import feedback_text, vocab
from dutydesk.domain.records import Action, CallDetails, Child, ReferralDetail, SessionInfo
from dutydesk.screens.feedback_form import FeedbackFormScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room


def store_exports(store: Store) -> Path:
    return Path(str(store.engine.url.database)).parent / "exports"


def test_the_draft_uses_the_safety_netting_text_from_the_lists() -> None:
    ours = "If the worry grows, ring the Riverside MASH on 01632 960000 (fictional)."
    lists = dataclasses.replace(vocab.defaults(), safety_netting=ours)
    assert feedback_text.safety_netting(lists) == ours


def test_an_empty_safety_netting_text_falls_back_to_the_shipped_words() -> None:
    lists = dataclasses.replace(vocab.defaults(), safety_netting="  ")
    assert feedback_text.safety_netting(lists) == feedback_text.SAFETY_NETTING
    assert "999" in feedback_text.safety_netting(lists)


def test_the_shipped_lists_carry_safety_netting_advice() -> None:
    assert "999" in vocab.defaults().safety_netting


def test_an_action_linked_to_a_service_names_the_service_to_the_referrer(
    store: Store,
) -> None:
    """Seen in a walk-through: the draft said "Other service", which tells a referrer nothing."""
    from dutydesk.demo import load_directory

    load_directory(store)
    hub = next(s for s in store.services() if s.name == "Brightwater Family Hub")
    session = start_room(store)
    rid = store.add_call(
        session.id, CallDetails("today", (Child("Wren Madeup", age="5"),), "Tired"), MASH
    ).referral_id
    store.decide(rid, session.id, "early_help", "Routines", [], MASH, expected_version=0)
    store.add_action(rid, session.id, "Family support visit", "other", "", None, "", MASH, hub)
    text = feedback_text.draft(store.referral(rid), store.today(), store.lists)
    assert "- Family support visit: Brightwater Family Hub" in text
    assert "Other service" not in text


def test_no_other_childs_name_reaches_the_referrer() -> None:
    """The draft quotes the actions and the advice as typed: a name of another child of
    the day becomes [another child]; this referral's own people stay as they are."""
    session = SessionInfo(1, date(2026, 11, 26), pendulum.datetime(2026, 11, 26, 9), None, ())
    call = CallDetails("today", (Child("Wren Lowe", age="5"),), "Tired", referrer_name="Jo Ash")
    action = Action(
        1,
        1,
        "261126-01",
        "Wren's and Leo Lowe's school: joint visit, Amara O’Neill too",
        "mash",
        "Jo Ash",
        None,
        "",
        pendulum.datetime(2026, 11, 26, 10),
    )
    detail = ReferralDetail(
        1,
        "261126-01",
        pendulum.datetime(2026, 11, 26, 9),
        session.day,
        call,
        1,
        (),
        (),
        None,
        (action,),
    )
    text = feedback_text.draft(
        detail, session.day, vocab.defaults(), ["Leo Lowe", "Amara O'Neill", "Kai Ash"]
    )
    assert "- Wren's and [another child]'s school: joint visit, [another child] too: " in text
    for name in ("Leo", "Amara", "O’Neill", "Kai"):
        assert name not in text


async def test_the_feedback_form_drafts_without_the_days_other_children(store: Store) -> None:
    session = start_room(store)
    other = store.add_call(
        session.id, CallDetails("today", (Child("Leo Nowak", age="9"),), "Bruise"), MASH
    ).referral_id
    rid = store.add_call(
        session.id,
        CallDetails("today", (Child("Wren Madeup", age="5"),), "Tired", referrer_name="Jo Ash"),
        MASH,
    ).referral_id
    store.decide(rid, session.id, "early_help", "Routines", [], MASH, expected_version=0)
    store.add_action(
        rid, session.id, "Ask Leo Nowak's school about Wren", "education", "", None, "", MASH
    )
    assert other != rid
    app = DutyDeskApp(store, store_exports(store))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(FeedbackFormScreen(store.referral(rid)))
        await pilot.pause()
        text = app.screen.query_one("#text", TextArea).text
    assert "Ask [another child]'s school about Wren" in text
    assert "Leo" not in text and "Nowak" not in text
