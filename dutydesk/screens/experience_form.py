"""End of session: each agency rates the day 1-5 and says what worked and what to change."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from dutydesk.domain.period import Experience
from dutydesk.domain.records import Actor
from dutydesk.domain.text import FieldError
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair

RATINGS = (("5 very good", 5), ("4 good", 4), ("3 all right", 3), ("2 poor", 2), ("1 very poor", 1))


class ExperienceFormScreen(FormScreen[Experience]):
    PALETTE_NAME = "experience"

    def __init__(self) -> None:
        super().__init__()
        self.agency: str | None = None

    def compose(self) -> ComposeResult:
        present = duty(self).require_session().attendees
        agencies = [
            c for c in duty(self).lists.agencies if any(a.agency == c.code for a in present)
        ]
        self.choices = agencies
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled("How did today go?", "bold"), classes="heading")
            with VerticalScroll():
                yield Label("Agency (press its number)")
                yield OptionList(
                    *(
                        Option(f"{n}  {c.label}", id=c.code)
                        for n, c in enumerate(agencies, start=1)
                    ),
                    id="agency",
                )
                yield pair("Rating *", Select(RATINGS, prompt="choose", id="rating", compact=True))
                yield Label("What worked")
                yield TextArea(id="worked", classes="notes", compact=True)
                yield Label("What to change")
                yield TextArea(id="change", classes="notes", compact=True)
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#agency", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        key = event.character
        if self.query_one("#agency", OptionList).has_focus and key and key.isdigit():
            index = int(key) - 1
            if 0 <= index < len(self.choices):
                self.choose(index)
                event.stop()

    @on(OptionList.OptionSelected, "#agency")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option_index)

    def choose(self, index: int) -> None:
        self.agency = self.choices[index].code
        self.query_one("#agency", OptionList).highlighted = index
        self.query_one("#rating", Select).focus()

    def submit(self) -> Callable[[], Experience]:
        app = duty(self)
        if self.agency is None:
            highlighted = self.query_one("#agency", OptionList).highlighted
            if highlighted is None:
                raise FieldError("Choose the agency (press its number)")
            self.agency = self.choices[highlighted].code
        rating = self.query_one("#rating", Select).value
        if not isinstance(rating, int):
            raise FieldError("Choose a rating from 1 to 5")
        session = app.require_session()
        person = session.attendee_for(self.agency)
        actor = person.actor() if person else Actor("", self.agency)
        return partial(
            app.store.add_experience,
            session.id,
            self.agency,
            rating,
            self.query_one("#worked", TextArea).text,
            self.query_one("#change", TextArea).text,
            actor,
            token=self.token,
        )
