"""The Textual application: holds the store, today's session and who is at the keyboard."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel

from dutydesk.domain.clock import day_label
from dutydesk.domain.records import Actor, SessionInfo
from dutydesk.failsafe import FailsafeApp
from dutydesk.lists import load_and_install
from dutydesk.settings import load_settings, save_settings
from dutydesk.storage import DatabaseError, Store
from dutydesk.widgets.commands import ScreenActions
from dutydesk.widgets.live import LIVE_EVERY, StoreChanged, visible_screens


class DutyDeskApp(FailsafeApp):
    CSS_PATH = "dutydesk.tcss"
    # Screens narrower than 100 columns get the class -narrow (a tighter footer).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual's type)
    # Textual's footer keeps the key named here at its right edge whatever else is cut off:
    # F1 (Help, which lists every other key) rather than Ctrl+P. Ctrl+P still opens the
    # palette: the binding below is the palette's, so Textual adds none of its own.
    COMMAND_PALETTE_BINDING = "f1"
    TITLE = "dutydesk"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="help", show=False, tooltip="the keys of this screen"),
        Binding(
            "question_mark",
            "help",
            "Help",
            show=False,
            id="help-question",
            tooltip="the keys of this screen",
        ),
        Binding(
            "f2",
            "cycle_theme",
            "Theme",
            show=False,
            id="theme",
            tooltip="next theme (high contrast for a wall screen)",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Palette",
            id="palette",
            priority=True,
            tooltip="every action of this screen, by name",
        ),
        # Not in the footer: at 80 columns F1 (where Quit is listed) matters more.
        Binding(
            "ctrl+q", "quit", "Quit", id="quit", priority=True, show=False, tooltip="quit dutydesk"
        ),
    ]

    def __init__(
        self,
        store: Store,
        exports_dir: Path,
        *,
        demo: bool = False,
        crash_dir: Path | None = None,
        config_dir: Path | None = None,
    ) -> None:
        super().__init__(crash_dir)
        # The keymap and remembered choices; None (tests) means shipped keys, nothing saved.
        self.config_dir = config_dir
        self.settings = load_settings(config_dir)
        # The partnership's lists (lists.toml); a bad file means the shipped lists, said
        # on screen at start. None (tests) leaves the lists in use as they are.
        self.lists_warning = load_and_install(config_dir) if config_dir is not None else ""
        self.store = store
        self.exports_dir = exports_dir
        self.demo = demo
        self.session: SessionInfo | None = None
        self.actor = Actor("", "mash", "")
        self.seen_token: int | None = None  # the Store's change token when last looked

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

        self.use_config()
        self.look_for_changes()
        # Another desk may save to the same database: look (cheaply) twice a second.
        self.set_interval(LIVE_EVERY, self.look_for_changes)
        session = self.store.session_for(self.store.today())
        if session is None or not session.attendees:
            self.push_screen(SessionStartScreen())
        else:
            self.use_session(session)
            self.push_screen(QueueScreen())

    def look_for_changes(self) -> None:
        """If anything was saved since the last look, the screens on view read again."""
        try:
            token = self.store.change_token()
        except DatabaseError:
            return  # the next look tries again; a screen's own read says what is wrong
        if token == self.seen_token:
            return
        first, self.seen_token = self.seen_token is None, token
        if first:
            return
        if self.session is not None:  # people may have joined the room, or the day ended
            try:
                session = self.store.session_for(self.session.day)
            except DatabaseError:
                session = None
            if session is not None:
                self.session = session  # who is typing stays as it was
        for screen in visible_screens(self):
            screen.post_message(StoreChanged())

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
            self.screen.dismiss(None)  # F1 again closes it
            return
        self.push_screen(HelpScreen(self.screen))

    def use_config(self) -> None:
        """The remembered theme and the team's keymap (a bad keymap: say so, keep the keys)."""
        from dutydesk.keymap import load_keymap
        from dutydesk.themes import HIGH_CONTRAST

        self.register_theme(HIGH_CONTRAST)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, lambda theme: self.remember(theme=theme.name))
        if self.lists_warning:
            self.notify(
                self.lists_warning,
                title="The partnership's lists are not used",
                severity="error",
                timeout=60,
            )
        keymap = load_keymap(self.config_dir)
        if keymap.problems:
            self.notify(
                "\n".join(keymap.problems) + "\nThe shipped keys are in use (dutydesk keys).",
                title=f"Keymap not used: {keymap.path}",
                severity="error",
                timeout=30,
            )
        elif keymap.keymap:
            self.set_keymap(keymap.keymap)
            if moved := keymap.keymap.get("help"):  # keep Help at the footer's edge
                object.__setattr__(self, "COMMAND_PALETTE_BINDING", moved.split(",")[0])

    def remember(self, **changes: str) -> None:
        """Keep a choice (theme, layout) for next time; say so if it cannot be kept."""
        updated = replace(self.settings, **changes)
        if updated == self.settings:
            return
        self.settings = updated
        if problem := save_settings(self.config_dir, updated):
            self.notify(problem, severity="warning")

    def action_cycle_theme(self) -> None:
        from dutydesk.themes import THEME_NAMES, next_theme

        self.theme = next_theme(self.theme)
        self.notify(f"Theme: {THEME_NAMES.get(self.theme, self.theme)}. F2 for the next one.")
