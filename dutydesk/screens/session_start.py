"""Who is in the room: starts today's session, or adds people who arrive later."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from dutydesk.domain import vocab
from dutydesk.domain.clock import day_label
from dutydesk.domain.records import Actor
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import USER_ERRORS


class SessionStartScreen(Screen[None]):
    """Asks for a name and role for each agency present."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start session", id="session-start", priority=True),
        Binding("escape", "leave", "Back", id="session-back"),
    ]
    HELP = (
        "Leave an agency blank if nobody from it is here. "
        "People can be added later (R on the queue)."
    )

    def compose(self) -> ComposeResult:
        app = duty(self)
        session = app.session
        store = app.store
        day = session.day if session else store.today()
        present = {a.agency: a for a in session.attendees} if session else {}
        yield Header()
        with VerticalScroll(id="room"):
            verb = "Who else is in the room" if session else "Start today's duty session"
            yield Static(Content.styled(f"{verb}: {day_label(day)}", "bold"), classes="heading")
            yield Static(
                Content("Type a name and role for each agency present; leave the rest blank."),
                classes="hint",
            )
            with Grid(id="people"):
                yield Label("Agency", classes="colhead")
                yield Label("Name", classes="colhead")
                yield Label("Role", classes="colhead")
                for choice in vocab.AGENCIES:
                    here = present.get(choice.code)
                    yield Label(choice.label)
                    yield Input(
                        value=here.name if here else "",
                        placeholder="name",
                        id=f"name-{choice.code}",
                        disabled=here is not None,
                        compact=True,
                    )
                    yield Input(
                        value=here.role if here else "",
                        placeholder="role",
                        id=f"role-{choice.code}",
                        disabled=here is not None,
                        compact=True,
                    )
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        first = next((i for i in self.query(Input) if not i.disabled), None)
        if first is not None:
            first.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        from dutydesk.screens.queue import QueueScreen

        app = duty(self)
        store = app.store
        people = [
            (
                choice.code,
                self.query_one(f"#name-{choice.code}", Input).value,
                self.query_one(f"#role-{choice.code}", Input).value,
            )
            for choice in vocab.AGENCIES
            if not self.query_one(f"#name-{choice.code}", Input).disabled
        ]
        session = app.session
        typed = [p for p in people if p[1].strip()]
        first = typed[0] if typed else ("mash", "", "")
        actor = app.actor if session else Actor(first[1].strip(), first[0], first[2].strip())
        try:
            if session is not None and not typed:
                self.app.pop_screen()
                return
            info = store.start_session(session.day if session else store.today(), people, actor)
        except USER_ERRORS as error:
            self.query_one("#form-error", Static).update(Content(str(error)))
            self.notify(str(error), title="Not started", severity="error")
            return
        app.use_session(info)
        if session is None:
            self.app.switch_screen(QueueScreen())
        else:
            self.notify(f"Added {len(typed)} to the room.")
            self.app.pop_screen()

    def action_leave(self) -> None:
        if duty(self).session is None:
            self.app.exit()
        else:
            self.app.pop_screen()
