"""Telling the referrer the outcome: how, and how satisfied they were (1-5)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Select, Static

from dutydesk.domain.records import Feedback, ReferralDetail
from dutydesk.domain.text import FieldError
from dutydesk.storage.measures import HOW
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair
from dutydesk.widgets.literal import block

SATISFACTION = (
    ("5 very satisfied", 5),
    ("4 satisfied", 4),
    ("3 neither", 3),
    ("2 dissatisfied", 2),
    ("1 very dissatisfied", 1),
    ("not asked / would not say", 0),
)


class FeedbackFormScreen(FormScreen[Feedback]):
    PALETTE_NAME = "feedback"

    def __init__(self, detail: ReferralDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        decision = self.detail.decision
        call = self.detail.call
        referrer = ", ".join(x for x in (call.referrer_name, call.referrer_org) if x) or "-"
        with Vertical(id="dialog", classes="form"):
            yield Static(
                Content.styled(f"Outcome fed back to the referrer: {self.detail.ref}", "bold"),
                classes="heading",
            )
            yield Static(
                block(
                    ("Referrer: ", "bold"),
                    referrer,
                    "\n",
                    ("Outcome: ", "bold"),
                    decision.outcome_label if decision else "not decided yet",
                ),
                classes="hint",
            )
            yield pair(
                "How *",
                Select([(h, h) for h in HOW], prompt="choose", id="how", compact=True),
            )
            yield pair(
                "Satisfaction",
                Select(SATISFACTION, prompt="ask: how satisfied?", id="satisfaction", compact=True),
            )
            yield pair("Comment", Input(id="comment", placeholder="in their words", compact=True))
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#how", Select).focus()

    def submit(self) -> Feedback:
        app = duty(self)
        how = self.query_one("#how", Select).value
        if not isinstance(how, str):
            raise FieldError("Choose how the referrer was told")
        rating = self.query_one("#satisfaction", Select).value
        return app.store.add_feedback(
            self.detail.referral_id,
            app.require_session().id,
            how,
            rating if isinstance(rating, int) and rating else None,
            self.query_one("#comment", Input).value,
            app.actor,
        )
