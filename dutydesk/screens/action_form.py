"""One step of the action plan: what, who owns it, by when, which need it meets."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Select, Static

from dutydesk.domain import vocab
from dutydesk.domain.clock import when
from dutydesk.domain.due import DueError, parse_due
from dutydesk.domain.records import Action, ReferralDetail
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair


class ActionFormScreen(FormScreen[Action]):
    PALETTE_NAME = "action"
    DRAFT_FORM = "action"
    ENTER_SAVES = True

    def __init__(self, detail: ReferralDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        needs = list(self.detail.call.needs) + [
            c.code for c in vocab.NEEDS if c.code not in self.detail.call.needs
        ]
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled(f"Action for {self.detail.ref}", "bold"), classes="heading")
            with VerticalScroll():
                yield pair(
                    "What *",
                    Input(id="what", placeholder="e.g. Early help worker to visit", compact=True),
                )
                yield pair(
                    "Owner agency *",
                    Select(
                        [(c.label, c.code) for c in vocab.ACTION_OWNERS],
                        prompt="choose",
                        id="owner",
                        compact=True,
                    ),
                )
                yield pair(
                    "Owner's name",
                    Input(id="owner_name", placeholder="who will do it", compact=True),
                )
                yield pair(
                    "Due",
                    Input(
                        id="due",
                        placeholder="today 16:00 / tomorrow / fri / 2026-12-01",
                        compact=True,
                    ),
                )
                yield Static("", id="due-preview", classes="hint")
                yield pair(
                    "Need it meets",
                    Select(
                        [(vocab.label(vocab.NEEDS, n), n) for n in needs],
                        prompt="choose",
                        id="need",
                        compact=True,
                    ),
                )
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#what", Input).focus()

    def draft_referral_id(self) -> int | None:
        return self.detail.referral_id

    @on(Input.Changed, "#due")
    def preview_due(self, event: Input.Changed) -> None:
        preview = self.query_one("#due-preview", Static)
        try:
            due = parse_due(event.value, duty(self).store.now())
        except DueError as error:
            preview.update(Content(str(error)))
            return
        preview.update(Content(f"Due: {when(due)}" if due else "No due date"))

    def submit(self) -> Action:
        app = duty(self)
        owner = self.query_one("#owner", Select).value
        need = self.query_one("#need", Select).value
        due = parse_due(self.query_one("#due", Input).value, app.store.now())
        return app.store.add_action(
            self.detail.referral_id,
            app.require_session().id,
            self.query_one("#what", Input).value,
            owner if isinstance(owner, str) else "",
            self.query_one("#owner_name", Input).value,
            due,
            need if isinstance(need, str) else "",
            app.actor,
        )
