"""Record when a referral was passed to the Assessment Team (now, or a time typed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Static

from dutydesk.domain.clock import hhmm, when
from dutydesk.domain.due import parse_due
from dutydesk.domain.records import ReferralDetail
from dutydesk.domain.text import FieldError
from dutydesk.storage import PassedOnConflict
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair


class PassOnScreen(FormScreen[datetime]):
    PALETTE_NAME = "passed on"
    ENTER_SAVES = True

    def __init__(self, detail: ReferralDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        now = duty(self).store.now()
        decision = self.detail.decision
        with Vertical(id="dialog", classes="form"):
            yield Static(
                Content.styled(f"Passed {self.detail.ref} to the Assessment Team", "bold"),
                classes="heading",
            )
            if decision is None or decision.outcome not in duty(self).lists.to_assessment_team:
                yield Static(
                    Content("The decision so far does not send it to the Assessment Team."),
                    classes="hint",
                )
            yield pair("When", Input(hhmm(now), id="passed_at", compact=True))
            yield Static(
                Content("Enter saves. Type another time if it went earlier, e.g. 14:05."),
                classes="hint",
            )
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#passed_at", Input).focus()

    def dirty(self) -> bool:
        return False  # one prefilled field: nothing worth asking about

    def submit(self) -> Callable[[], datetime]:
        app = duty(self)
        now = app.store.now()
        passed = parse_due(self.query_one("#passed_at", Input).value, now) or now
        if passed > now + timedelta(minutes=1):
            raise FieldError(f"{when(passed)} is still to come: type the time it was passed on")
        if passed < self.detail.received_at - timedelta(minutes=1):
            raise FieldError("That is before the call came in")
        return partial(
            app.store.pass_on,
            self.detail.referral_id,
            app.require_session().id,
            app.actor,
            at=passed,
            first=True,
            token=self.token,
        )

    def refused(self, error: Exception) -> None:
        if not isinstance(error, PassedOnConflict):
            super().refused(error)
            return
        # Recorded at another desk meanwhile: the first record stays, and they are told.
        self.close_with(None)
        self.app.notify(
            f"{self.detail.ref} was already passed to the Assessment Team at "
            f"{when(error.passed_at, duty(self).require_session().day)} "
            f"(recorded by {error.recorded_by}). That record is kept.",
            title="Already passed on",
            severity="warning",
            timeout=15,
        )
