"""The team's retrospective, of the day or of a test that ran to it: what worked, what did
not, what to try next, and who was there. Reached by R from the end-of-day summary."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Label, Select, Static, TextArea

from dutydesk.domain.trials import Retrospective, Trial
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair
from dutydesk.widgets.work import load

THE_DAY = 0  # the "About" choice for the day itself; a test's is its number


class RetrospectiveFormScreen(FormScreen[Retrospective]):
    PALETTE_NAME = "retrospective"
    HELP = (
        "The team's retrospective: of today, or of a test whose days include today (a test "
        "week). Ctrl+S saves it once; it is listed in `dutydesk report`."
    )

    def compose(self) -> ComposeResult:
        session = duty(self).require_session()
        here = ", ".join(dict.fromkeys(a.name for a in session.attendees if a.name))
        today = f"Today, {session.day:%a %d %b}"
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled("Team retrospective", "bold"), classes="heading")
            with VerticalScroll():
                about = Select([(today, THE_DAY)], allow_blank=False, id="about", compact=True)
                yield pair("About", about)
                yield pair("Who was there", Input(here, id="present", compact=True))
                yield Label("What worked")
                yield TextArea(id="worked", classes="notes", compact=True)
                yield Label("What did not")
                yield TextArea(id="not-worked", classes="notes", compact=True)
                yield Label("What to try next")
                yield TextArea(id="try-next", classes="notes", compact=True)
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        app = duty(self)
        session = app.require_session()
        self.query_one("#worked", TextArea).focus()

        def show(trials: list[Trial]) -> None:
            running = [t for t in trials if session.day in t.test_days]
            if running:
                about = self.query_one("#about", Select)
                today = f"Today, {session.day:%a %d %b}"
                about.set_options(
                    [(today, THE_DAY), *((f'The test "{t.name}"', t.number) for t in running)]
                )

        load(self, app.store.trials, show)

    def submit(self) -> Callable[[], Retrospective]:
        app = duty(self)
        about = self.query_one("#about", Select).value
        texts = (
            self.query_one("#worked", TextArea).text,
            self.query_one("#not-worked", TextArea).text,
            self.query_one("#try-next", TextArea).text,
            self.query_one("#present", Input).value,
        )
        trial = about if isinstance(about, int) and about != THE_DAY else None
        return partial(
            app.store.add_retrospective,
            app.require_session().day,
            trial,
            texts,
            app.actor,
            token=self.token,
        )
