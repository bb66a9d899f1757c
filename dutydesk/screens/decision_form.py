"""The team's decision: outcome, reasons, who agreed; a change is an amendment with a reason."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from dutydesk.domain import vocab
from dutydesk.domain.records import RESPONSES, Decision, ReferralDetail
from dutydesk.domain.text import FieldError
from dutydesk.screens.decision_changed import AMEND, DROP, DecisionChangedScreen
from dutydesk.storage import DecisionConflict
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair
from dutydesk.widgets.literal import block


class DecisionFormScreen(FormScreen[Decision]):
    PALETTE_NAME = "decision"
    DRAFT_FORM = "decision"

    def __init__(self, detail: ReferralDetail) -> None:
        super().__init__()
        self.detail = detail
        # The decision this form amends (None: a first decision). The save is refused if
        # the referral's current decision is no longer this one (storage checks it).
        self.base: Decision | None = detail.decision

    def compose(self) -> ComposeResult:
        current = self.detail.decision
        title = self.title_for(current)
        present = [a.agency for a in duty(self).require_session().attendees]
        # Nothing is agreed by default: the agencies that gave a view on this referral are
        # ticked (an amendment too); the team ticks the rest. Those who agreed the current
        # decision are listed, to tick again.
        agreed = {v.agency for v in self.detail.views}
        listed = set(present) | agreed | set(current.agreed_by if current else ())
        with Vertical(id="dialog", classes="form"):
            yield Static(title, id="decision-title", classes="heading")
            with VerticalScroll():
                call = self.detail.call
                yield Static(
                    block(
                        ("Referrer thinks the child needs: ", "bold"),
                        call.referrer_view or "(not recorded)",
                        "\n",
                        ("Needs on the call: ", "bold"),
                        ", ".join(call.needs_shown(duty(self).lists)) or "none chosen",
                    ),
                    id="referrer-view",
                    classes="hint",
                )
                if current is not None:
                    yield Static(now_line(current), id="now", classes="hint")
                yield pair(
                    "Outcome *",
                    Select(
                        [(c.label, c.code) for c in duty(self).lists.outcomes],
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
                    yield from amend_fields()
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
                        for c in duty(self).lists.agencies
                        if c.code in listed
                    ),
                    id="agreed_by",
                )
            yield Static("", id="form-error")
        yield Footer()

    def title_for(self, current: Decision | None) -> Content:
        verb = "Amend the decision" if current else "Decision"
        return Content.styled(f"{verb} on {self.detail.ref}", "bold")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#outcome", Select).focus()

    def draft_referral_id(self) -> int | None:
        return self.detail.referral_id

    def submit(self) -> Callable[[], Decision]:
        app = duty(self)
        outcome = self.query_one("#outcome", Select).value
        response = self.query_one("#response", Select).value
        if not isinstance(response, str):
            raise FieldError(
                "Say how the decision answers the referrer's view: agreed, or different (and why)"
            )
        amend = self.query("#amend_reason").results(TextArea)
        return partial(
            app.store.decide,
            self.detail.referral_id,
            app.require_session().id,
            outcome if isinstance(outcome, str) else "",
            self.query_one("#reasons", TextArea).text,
            list(self.query_one("#agreed_by", SelectionList).selected),
            app.actor,
            expected_version=self.base.version if self.base else 0,
            amend_reason=next((t.text for t in amend), ""),
            referrer_response=response,
            response_reason=self.query_one("#response_reason", TextArea).text,
            token=self.token,
        )

    def refused(self, error: Exception) -> None:
        if not isinstance(error, DecisionConflict) or error.current is None:
            super().refused(error)
            return
        meanwhile = error.current
        outcome = self.query_one("#outcome", Select)
        mine = (
            vocab.label(duty(self).lists.outcomes, outcome.value)
            if isinstance(outcome.value, str)
            else ""
        )
        today = duty(self).require_session().day

        async def chosen(answer: str | None) -> None:
            if answer == AMEND:
                await self.amend_on(meanwhile)
            elif answer == DROP:
                self.close_with(None)
                self.app.notify(
                    f"Your decision was not saved: {meanwhile.outcome_label}, "
                    f"recorded by {meanwhile.recorded_by}, stands."
                )
            else:
                self.show_message(
                    "Not saved: the decision changed at another desk. Ctrl+S to see it again."
                )

        self.app.push_screen(DecisionChangedScreen(self.detail.ref, meanwhile, mine, today), chosen)

    async def amend_on(self, meanwhile: Decision) -> None:
        """Make this form an amendment of the decision made meanwhile, keeping what is typed."""
        first_amendment = self.base is None
        self.base = meanwhile
        self.query_one("#decision-title", Static).update(self.title_for(meanwhile))
        scroll = self.query_one("#dialog VerticalScroll", VerticalScroll)
        reasons = self.query_one("#reasons", TextArea)
        if now := next(iter(self.query("#now").results(Static)), None):
            now.update(now_line(meanwhile))
        else:
            await scroll.mount(Static(now_line(meanwhile), id="now", classes="hint"), after=0)
        if first_amendment:
            await scroll.mount_all(amend_fields(), after=reasons)
        self.query_one("#amend_reason", TextArea).focus()
        self.show_message(
            "Your decision is kept here as an amendment of the one made meanwhile: "
            "say why it changes, then Ctrl+S."
        )

    def show_message(self, message: str) -> None:
        for shown in self.query("#form-error").results(Static):
            shown.update(Content(message))
            shown.display = True


def now_line(current: Decision) -> Content:
    return block(("Now: ", "bold"), current.outcome_label, " because ", current.reasons)


def amend_fields() -> tuple[Label, TextArea]:
    return (
        Label("Why is it changing? *"),
        TextArea(id="amend_reason", classes="notes", compact=True),
    )
