"""Who is at the keyboard: every change records this person and their agency."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from dutydesk.domain import vocab
from dutydesk.widgets.base import duty
from dutydesk.widgets.dialog import Dialog


class WhoScreen(Dialog[None]):
    PALETTE_NAME = "who"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back", id="who-back")]

    def compose(self) -> ComposeResult:
        people = duty(self).require_session().attendees
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled("Who is at the keyboard?", "bold"), classes="heading")
            yield OptionList(
                *(
                    Option(
                        Content(
                            f"{n}  {a.name} ({vocab.label(duty(self).lists.agencies, a.agency)})"
                        ),
                        id=str(a.id),
                    )
                    for n, a in enumerate(people, start=1)
                ),
                id="people",
            )
            yield Static(
                Content("Enter or a number picks. R on the queue adds people."), classes="hint"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        key = event.character
        people = duty(self).require_session().attendees
        if key and key.isdigit() and 1 <= int(key) <= len(people):
            self.pick(people[int(key) - 1].id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.pick(int(event.option.id))

    def pick(self, attendee_id: int) -> None:
        app = duty(self)
        person = next(a for a in app.require_session().attendees if a.id == attendee_id)
        app.set_actor(person.actor())
        self.notify(f"At the keyboard: {app.actor.label(app.lists)}")
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
