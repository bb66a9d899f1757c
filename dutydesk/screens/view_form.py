"""An agency's view on a referral: pick the agency (a number key), type, Ctrl+S."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from dutydesk.domain import vocab
from dutydesk.domain.records import CONSENT_CHOICES, Actor, ReferralDetail, Sharing, View
from dutydesk.storage.drafts import DraftFields, DraftValue
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair


class ViewFormScreen(FormScreen[View]):
    PALETTE_NAME = "view"
    DRAFT_FORM = "view"

    def __init__(self, detail: ReferralDetail, agency: str | None = None) -> None:
        super().__init__()
        self.detail = detail
        self.agency = agency

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            yield Static(
                Content.styled(f"Agency view on {self.detail.ref}", "bold"), classes="heading"
            )
            with VerticalScroll():
                yield Label("Agency (press its number)")
                yield OptionList(
                    *(
                        Option(f"{n}  {c.label}", id=c.code)
                        for n, c in enumerate(duty(self).lists.agencies, start=1)
                    ),
                    id="agency",
                )
                yield Static("", id="author", classes="hint")
                yield Label("What your agency knows")
                yield TextArea(id="knows", classes="notes", compact=True)
                yield Label("What your agency thinks the child or family needs")
                yield TextArea(id="needed", classes="notes", compact=True)
                yield Static(Content.styled("Information sharing", "bold"), classes="hint")
                yield pair(
                    "Consent *",
                    Select(
                        list((label, code) for code, label in CONSENT_CHOICES),
                        prompt="given, or shared without?",
                        id="consent",
                        compact=True,
                    ),
                )
                yield Label("Why shared without consent? (needed then)")
                yield TextArea(id="without_consent_reason", classes="notes", compact=True)
                yield pair(
                    "What was shared",
                    Input(id="shared_what", placeholder="e.g. school attendance", compact=True),
                )
                yield pair(
                    "Shared with",
                    Input(id="shared_with", placeholder="e.g. duty team", compact=True),
                )
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        agencies = self.query_one("#agency", OptionList)
        if self.agency is not None:
            self.choose(self.agency)
            self.query_one("#knows", TextArea).focus()
        else:
            agencies.focus()

    def draft_referral_id(self) -> int | None:
        return self.detail.referral_id

    def draft_values(self) -> DraftFields:
        return super().draft_values() | {"agency": self.agency}

    async def restore_values(self, values: dict[str, DraftValue]) -> None:
        await super().restore_values(values)
        agency = values.get("agency")
        if isinstance(agency, str) and agency in vocab.codes(duty(self).lists.agencies):
            self.choose(agency)
            self.query_one("#knows", TextArea).focus()

    def on_key(self, event: events.Key) -> None:
        key = event.character
        agencies = self.query_one("#agency", OptionList)
        if (
            agencies.has_focus
            and key
            and key.isdigit()
            and 1 <= int(key) <= len(duty(self).lists.agencies)
        ):
            self.choose(duty(self).lists.agencies[int(key) - 1].code)
            self.query_one("#knows", TextArea).focus()
            event.stop()

    @on(OptionList.OptionSelected, "#agency")
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.choose(event.option.id)
            self.query_one("#knows", TextArea).focus()

    def choose(self, agency: str) -> None:
        self.agency = agency
        agencies = self.query_one("#agency", OptionList)
        agencies.highlighted = vocab.codes(duty(self).lists.agencies).index(agency)
        self.query_one("#author", Static).update(
            Content(f"Recorded as: {self.author().label(duty(self).lists)}")
        )

    def author(self) -> Actor:
        app = duty(self)
        assert self.agency is not None
        attendee = app.require_session().attendee_for(self.agency)
        return attendee.actor() if attendee else Actor("", self.agency, "")

    def submit(self) -> Callable[[], View]:
        from dutydesk.domain.text import FieldError

        if self.agency is None:
            highlighted = self.query_one("#agency", OptionList).highlighted
            if highlighted is None:
                raise FieldError("Choose the agency (press its number)")
            self.choose(duty(self).lists.agencies[highlighted].code)
        assert self.agency is not None
        consent = self.query_one("#consent", Select).value
        if not isinstance(consent, str):
            raise FieldError(
                "Information sharing: was consent given, or why was it shared without?"
            )
        sharing = Sharing(
            consent,
            self.query_one("#without_consent_reason", TextArea).text,
            self.query_one("#shared_what", Input).value,
            self.query_one("#shared_with", Input).value,
        )
        app = duty(self)
        return partial(
            app.store.add_view,
            self.detail.referral_id,
            app.require_session().id,
            self.agency,
            self.query_one("#knows", TextArea).text,
            self.query_one("#needed", TextArea).text,
            self.author(),
            sharing,
            token=self.token,
        )
