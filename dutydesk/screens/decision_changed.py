"""The decision changed while someone was typing theirs: show it and let them choose.

A: amend it with theirs (their form stays as typed and asks why it changes);
Ctrl+D: drop theirs (the decision made meanwhile stands; a deliberate key, as it throws
their typing away); Escape: back to their form, unsaved.
Two decisions are never merged: one is saved, or the other becomes an amendment of it.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from dutydesk.domain import vocab
from dutydesk.domain.clock import when
from dutydesk.domain.records import Decision
from dutydesk.widgets.base import duty
from dutydesk.widgets.dialog import Dialog
from dutydesk.widgets.literal import block

AMEND, DROP = "amend", "drop"


class DecisionChangedScreen(Dialog[str | None]):
    """AMEND, DROP, or None (back to the form, nothing decided)."""

    PALETTE_NAME = "decision changed"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "answer('amend')",
            "Amend with mine",
            id="changed-amend",
            tooltip="keep my form and save it as an amendment, with a reason",
        ),
        Binding(
            "ctrl+d",
            "answer('drop')",
            "Drop mine",
            id="changed-drop",
            tooltip="the decision made meanwhile stands; mine is not saved",
            priority=True,
        ),
        Binding(
            "escape",
            "answer(None)",
            "Back",
            id="changed-back",
            tooltip="back to my form, nothing saved yet",
        ),
    ]
    HELP = (
        "Someone saved a decision on this referral while you were typing yours. "
        "Nothing of yours is lost: A keeps your form as an amendment, Ctrl+D drops it."
    )

    def __init__(self, ref: str, meanwhile: Decision, mine: str, today: date) -> None:
        super().__init__()
        self.ref = ref
        self.meanwhile = meanwhile
        self.mine = mine
        self.today = today

    def compose(self) -> ComposeResult:
        made = self.meanwhile
        verb = "amended" if made.version > 1 else "recorded"
        agreed = ", ".join(vocab.label(duty(self).lists.agencies, a) for a in made.agreed_by) or "-"
        with Vertical(id="dialog", classes="form"):
            yield Static(
                Content.styled(f"The decision on {self.ref} changed while you typed", "bold"),
                classes="heading",
            )
            yield Static(
                block(
                    f"{made.recorded_by} {verb} it at {when(made.created_at, self.today)}:\n",
                    (made.outcome_label, "bold reverse"),
                    f"  agreed by {agreed}\n",
                    ("Reasons: ", "bold"),
                    made.reasons,
                    *(
                        (("\nChanged because: ", "bold"), made.amend_reason)
                        if made.amend_reason
                        else ()
                    ),
                ),
                id="meanwhile",
            )
            yield Static(
                block(("Yours, not saved: ", "bold"), self.mine or "(no outcome chosen)"),
                id="mine",
            )
            yield Static(
                Content(
                    "A: amend it with yours (your form stays; say why it changes)   "
                    "Ctrl+D: drop yours   Escape: back to your form"
                ),
                classes="hint",
            )
        yield Footer()

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
