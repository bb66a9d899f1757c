"""The Textual application: holds the store, today's session and who is at the keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel

from dutydesk.domain.clock import day_label
from dutydesk.domain.records import Actor, SessionInfo
from dutydesk.storage import Store
from dutydesk.widgets.commands import ScreenActions


class DutyDeskApp(App[None]):
    CSS_PATH = "dutydesk.tcss"
    TITLE = "dutydesk"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help-question"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, store: Store, exports_dir: Path, *, demo: bool = False) -> None:
        super().__init__()
        self.store = store
        self.exports_dir = exports_dir
        self.demo = demo
        self.session: SessionInfo | None = None
        self.actor = Actor("", "mash", "")

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications often quote what users typed: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        from dutydesk.screens.queue import QueueScreen
        from dutydesk.screens.session_start import SessionStartScreen

        session = self.store.session_for(self.store.today())
        if session is None or not session.attendees:
            self.push_screen(SessionStartScreen())
        else:
            self.use_session(session)
            self.push_screen(QueueScreen())

    def use_session(self, session: SessionInfo) -> None:
        """Make `session` current; the MASH officer (or the first person) is at the keyboard."""
        self.session = session
        current = next((a for a in session.attendees if a.name == self.actor.name), None)
        chosen = current or session.attendee_for("mash") or session.attendees[0]
        self.actor = chosen.actor()
        self.refresh_title()

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.refresh_title()

    def refresh_title(self) -> None:
        if self.session is None:
            return
        demo = " · DEMO (fictional data)" if self.demo else ""
        self.title = f"dutydesk{demo}"
        self.sub_title = f"{day_label(self.session.day)} · typing: {self.actor.label}"

    def require_session(self) -> SessionInfo:
        assert self.session is not None, "no session yet"
        return self.session

    def action_help(self) -> None:
        from dutydesk.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))
