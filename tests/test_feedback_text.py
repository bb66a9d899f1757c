"""The safety-netting advice in the drafted feedback is the partnership's own wording."""

from __future__ import annotations

import dataclasses

from dutydesk.domain import feedback_text, vocab


def test_the_draft_uses_the_safety_netting_text_from_the_lists() -> None:
    ours = "If the worry grows, ring the Riverside MASH on 01632 960000 (fictional)."
    vocab.install(dataclasses.replace(vocab.defaults(), safety_netting=ours))
    assert feedback_text.safety_netting() == ours


def test_an_empty_safety_netting_text_falls_back_to_the_shipped_words() -> None:
    vocab.install(dataclasses.replace(vocab.defaults(), safety_netting="  "))
    assert feedback_text.safety_netting() == feedback_text.SAFETY_NETTING
    assert "999" in feedback_text.safety_netting()


def test_the_shipped_lists_carry_safety_netting_advice() -> None:
    assert "999" in vocab.defaults().safety_netting
