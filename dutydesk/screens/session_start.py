"""Who is in the room: starts today's session, or adds people who arrive later."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from dutydesk.domain.clock import day_label
from dutydesk.domain.records import Actor
from dutydesk.widgets.base import duty
from dutydesk.widgets.work import in_thread


class SessionStartScreen(Screen[None]):
    """Asks for a name and role for each agency present."""

    PALETTE_NAME = "start"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start session", id="session-start", priority=True),
        Binding("escape", "leave", "Quit", id="session-back"),
    ]
    HELP = (
        "Leave an agency blank if nobody from it is here. "
        "People can be added later (R on the queue)."
    )

    starting = False  # Ctrl+S pressed: the session is being saved

    def compose(self) -> ComposeResult:
        day = duty(self).today()
        yield Header()
        with VerticalScroll(id="room"):
            yield Static(
                Content.styled(f"Start today's duty session: {day_label(day)}", "bold"),
                classes="heading",
            )
            yield Static(
                Content("Type a name and role for each agency present; leave the rest blank."),
                classes="hint",
            )
            with Grid(id="people"):
                yield Label("Agency", classes="colhead")
                yield Label("Name", classes="colhead")
                yield Label("Role", classes="colhead")
                for choice in duty(self).lists.agencies:
                    yield Label(choice.label)
                    yield Input(placeholder="name", id=f"name-{choice.code}", compact=True)
                    yield Input(placeholder="role", id=f"role-{choice.code}", compact=True)
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        from dutydesk.screens.queue import QueueScreen
        from dutydesk.widgets.form import USER_ERRORS  # with the Store's errors: not at start

        app = duty(self)
        store = app.store
        people = [
            (
                choice.code,
                self.query_one(f"#name-{choice.code}", Input).value,
                self.query_one(f"#role-{choice.code}", Input).value,
            )
            for choice in duty(self).lists.agencies
        ]
        typed = [p for p in people if p[1].strip()]
        # The first person named starts the session (the MASH officer, if named).
        first = next((p for p in typed if p[0] == "mash"), typed[0] if typed else ("mash", "", ""))
        actor = Actor(first[1].strip(), first[0], first[2].strip())
        day = store.today()
        if self.starting:
            return  # started already; the session is being saved
        self.starting = True
        done = asyncio.Event()
        app.hold_keys_until(done)  # keys typed now are for the queue, once it is shown

        async def start() -> None:
            try:
                info = await in_thread(self, lambda: store.start_session(day, people, actor))
            except USER_ERRORS as error:
                error_box = self.query_one("#form-error", Static)
                error_box.update(Content(str(error)))
                error_box.display = True
                self.notify(str(error), title="Not started", severity="error")
                self.starting = False
            else:
                app.use_session(info)
                self.app.switch_screen(QueueScreen())
            finally:
                done.set()

        self.run_worker(start(), group="save")

    def action_leave(self) -> None:
        self.app.exit()
