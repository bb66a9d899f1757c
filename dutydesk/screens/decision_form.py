"""The team's decision: outcome, reasons, who agreed; a change is an amendment with a reason."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from dutydesk.domain import vocab
from dutydesk.domain.records import RESPONSES, Decision, ReferralDetail
from dutydesk.domain.text import FieldError
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair
from dutydesk.widgets.literal import block


class DecisionFormScreen(FormScreen[Decision]):
    PALETTE_NAME = "decision"
    DRAFT_FORM = "decision"

    def __init__(self, detail: ReferralDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        current = self.detail.decision
        title = (
            f"Amend the decision on {self.detail.ref}"
            if current
            else f"Decision on {self.detail.ref}"
        )
        present = [a.agency for a in duty(self).require_session().attendees]
        agreed = set(current.agreed_by) if current else set(present)
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled(title, "bold"), classes="heading")
            with VerticalScroll():
                call = self.detail.call
                yield Static(
                    block(
                        ("Referrer thinks the child needs: ", "bold"),
                        call.referrer_view or "(not recorded)",
                        "\n",
                        ("Needs on the call: ", "bold"),
                        ", ".join(call.needs_shown()) or "none chosen",
                    ),
                    id="referrer-view",
                    classes="hint",
                )
                if current is not None:
                    yield Static(
                        block(
                            ("Now: ", "bold"), current.outcome_label, " because ", current.reasons
                        ),
                        classes="hint",
                    )
                yield pair(
                    "Outcome *",
                    Select(
                        [(c.label, c.code) for c in vocab.OUTCOMES],
                        prompt="choose",
                        value=current.outcome if current else Select.NULL,
                        id="outcome",
                        compact=True,
                    ),
                )
                yield Label("Reasons * (the needs, and why this meets them)")
                # An amendment gives its own reasons; the current ones are shown above.
                yield TextArea(id="reasons", classes="notes", compact=True)
                if current is not None:
                    yield Label("Why is it changing? *")
                    yield TextArea(id="amend_reason", classes="notes", compact=True)
                yield pair(
                    "Referrer's view *",
                    Select(
                        [(label, code) for code, label in RESPONSES],
                        prompt="agreed or different?",
                        value=current.referrer_response
                        if current and current.referrer_response
                        else Select.NULL,
                        id="response",
                        compact=True,
                    ),
                )
                yield Label("Why different from the referrer's view? (needed if different)")
                yield TextArea(
                    current.response_reason if current else "",
                    id="response_reason",
                    classes="notes",
                    compact=True,
                )
                yield Label("Agreed by (Space to tick)")
                yield SelectionList[str](
                    *(
                        Selection(c.label, c.code, c.code in agreed)
                        for c in vocab.AGENCIES
                        if c.code in present or c.code in agreed
                    ),
                    id="agreed_by",
                )
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#outcome", Select).focus()

    def draft_referral_id(self) -> int | None:
        return self.detail.referral_id

    def submit(self) -> Decision:
        app = duty(self)
        outcome = self.query_one("#outcome", Select).value
        response = self.query_one("#response", Select).value
        if not isinstance(response, str):
            raise FieldError(
                "Say how the decision answers the referrer's view: agreed, or different (and why)"
            )
        amend = self.query("#amend_reason").results(TextArea)
        return app.store.decide(
            self.detail.referral_id,
            app.require_session().id,
            outcome if isinstance(outcome, str) else "",
            self.query_one("#reasons", TextArea).text,
            list(self.query_one("#agreed_by", SelectionList).selected),
            app.actor,
            expected_version=self.detail.decision.version if self.detail.decision else 0,
            amend_reason=next((t.text for t in amend), ""),
            referrer_response=response,
            response_reason=self.query_one("#response_reason", TextArea).text,
        )
