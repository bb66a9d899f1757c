"""The safety-netting advice in the drafted feedback is the partnership's own wording."""

from __future__ import annotations

import dataclasses

from dutydesk.domain import feedback_text, vocab
from dutydesk.domain.records import CallDetails, Child
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room


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
