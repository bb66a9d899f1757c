"""Who is in the room: see everyone present today and add someone who arrives later."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Select, Static

from dutydesk.domain import vocab
from dutydesk.domain.records import SessionInfo
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair
from dutydesk.widgets.literal import block


class RoomScreen(FormScreen[SessionInfo]):
    PALETTE_NAME = "room"
    ENTER_SAVES = True

    def compose(self) -> ComposeResult:
        session = duty(self).require_session()
        lines: list[tuple[str, str] | str] = []
        for person in session.attendees:
            agency = vocab.label(duty(self).lists.agencies, person.agency)
            lines += [(f"{agency:<14}", "bold"), person.name]
            lines += [f", {person.role}" if person.role else "", "\n"]
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled("In the room today", "bold"), classes="heading")
            yield Static(block(*lines), id="present")
            yield Static(Content.styled("Someone else has joined", "bold"), classes="heading")
            yield pair(
                "Agency",
                Select(
                    [(c.label, c.code) for c in duty(self).lists.agencies],
                    prompt="choose",
                    id="agency",
                    compact=True,
                ),
            )
            yield pair("Name", Input(id="name", compact=True))
            yield pair("Role", Input(id="role", compact=True))
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#agency", Select).focus()

    def submit(self) -> Callable[[], SessionInfo]:
        from dutydesk.domain.text import FieldError

        app = duty(self)
        agency = self.query_one("#agency", Select).value
        if not isinstance(agency, str):
            raise FieldError("Choose their agency")
        name = self.query_one("#name", Input).value
        role = self.query_one("#role", Input).value
        if not name.strip():
            raise FieldError("Type their name")
        session = app.require_session()

        def add() -> SessionInfo:  # (in a thread)
            updated = app.store.start_session(session.day, [(agency, name, role)], app.actor)
            if len(updated.attendees) == len(session.attendees):
                raise FieldError(f"{name.strip()} is already in the room")
            return updated

        return add

    def close_with(self, result: SessionInfo | None) -> None:
        if result is not None:
            duty(self).use_session(result)
        super().close_with(result)
