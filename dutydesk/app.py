"""The Textual application: holds the store, today's session and who is at the keyboard."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.content import Content
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Static

from dutydesk.domain.clock import Clock, day_label, london_day, system_clock, to_utc
from dutydesk.domain.records import Actor, SessionInfo
from dutydesk.domain.text import without_bidi
from dutydesk.failsafe import FailsafeApp
from dutydesk.settings import load_settings, save_settings
from dutydesk.storage.errors import DatabaseError
from dutydesk.widgets.commands import ScreenActions
from dutydesk.widgets.live import LIVE_EVERY, StoreChanged, visible_screens
from dutydesk.widgets.work import WAIT_LOOK_EVERY, Calls, in_thread

if TYPE_CHECKING:
    from dutydesk.domain.vocab import Lists
    from dutydesk.keymap import Holders
    from dutydesk.storage.store import Store
    from dutydesk.widgets.base import Duty


_BIDI_FREE: dict[type[Driver], type[Driver]] = {}


def bidi_free(driver: type[Driver]) -> type[Driver]:
    """`driver` whose `write` (everything drawn goes through it) drops bidi controls."""
    if driver not in _BIDI_FREE:

        def write(self: Driver, data: str) -> None:
            driver.write(self, without_bidi(data))

        _BIDI_FREE[driver] = type(f"BidiFree{driver.__name__}", (driver,), {"write": write})
    return _BIDI_FREE[driver]


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
    # Only the team's actions: not Textual's own (Screenshot, Maximize, Theme, Keys, Quit).
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenActions}
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
        store: Store | Callable[[], Store],
        exports_dir: Path,
        *,
        demo: bool = False,
        crash_dir: Path | None = None,
        config_dir: Path | None = None,
        clock: Clock = system_clock,
        opening: Callable[[], Screen[Any]] | None = None,
    ) -> None:
        """`store` is the open Store, or what opens it: then it is opened in a thread (the
        slow imports, migrations, the file's check) while the first frame is drawn.
        `opening`: the screen to open on instead of the day's (`dutydesk review`)."""
        self.opening = opening
        super().__init__(crash_dir)
        # The keymap and remembered choices; None (tests) means shipped keys, nothing saved.
        self.config_dir = config_dir
        self.settings = load_settings(config_dir)
        # What is wrong with the partnership's lists.toml (then the shipped lists are used).
        self.lists_warning = ""
        self._store: Store | None = None if callable(store) else store
        self._open_store: Callable[[], Store] | None = store if callable(store) else None
        self.clock = clock
        self.start_error = ""  # the Store could not be opened: why (said on the terminal)
        self.exports_dir = exports_dir
        self.demo = demo
        self.session: SessionInfo | None = None
        self.actor = Actor("", "mash", "")
        self.seen_token: int | None = None  # the Store's change token when last looked
        self.calls = Calls(self)  # the database calls running in threads
        self._looking = False  # a look for changes is running

    def get_driver_class(self) -> type[Driver]:
        """The terminal's driver, sending no bidirectional control to the terminal: one in
        a stored name (U+202E) would otherwise reverse the rest of its line on screen."""
        return bidi_free(super().get_driver_class())

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

    @property
    def store(self) -> Store:
        """The Store (open before any screen that uses it is shown)."""
        assert self._store is not None, "the Store is not open yet"
        return self._store

    @property
    def lists(self) -> Lists:
        """The lists every screen shows and checks codes against: the Store's, which
        `start` gives the partnership's lists.toml (no config folder, as in tests: the
        lists the Store was opened with)."""
        return self.store.lists

    def now(self) -> datetime:
        return self._store.now() if self._store is not None else to_utc(self.clock())

    def today(self) -> date:
        return london_day(self.now())

    def compose(self) -> ComposeResult:
        yield Static(Content("Opening the database…"), id="opening")

    def on_mount(self) -> None:
        self.use_config()
        self.set_interval(WAIT_LOOK_EVERY, self.calls.show)
        # Keys typed meanwhile are not held: Ctrl+Q quits and F1 helps while it opens.
        self.run_worker(self.start(), group="start")

    async def start(self) -> None:
        """Open the Store (in a thread), read today's session and queue, then show them."""
        if self._store is None:
            assert self._open_store is not None
            try:
                self._store = await in_thread(self, self._open_store)
            except DatabaseError as error:
                self.start_error = str(error)
                self.exit(return_code=2)
                return
        store = self._store
        if self.config_dir is not None:
            from dutydesk.lists import load

            config_dir = self.config_dir
            store.lists, self.lists_warning = await in_thread(self, lambda: load(config_dir))
            if self.lists_warning:
                self.notify(
                    self.lists_warning,
                    title="The partnership's lists are not used",
                    severity="error",
                    timeout=60,
                )
        if self.opening is not None:
            self.push_screen(self.opening())
            return
        try:
            session = await in_thread(self, lambda: store.session_for(store.today()))
            self.seen_token = await in_thread(self, store.change_token)
        except DatabaseError as error:
            self.start_error = str(error)
            self.exit(return_code=2)
            return
        self.set_interval(LIVE_EVERY, self.look_for_changes)
        if session is None or not session.attendees:
            from dutydesk.screens.session_start import SessionStartScreen

            self.push_screen(SessionStartScreen())
        else:
            from dutydesk.screens.queue import QueueScreen

            try:
                rows = await in_thread(self, lambda: store.queue(session))
            except DatabaseError:
                rows = None  # the queue reads again, and says what is wrong
            self.use_session(session)
            self.push_screen(QueueScreen(rows))

    def look_for_changes(self) -> None:
        """Another desk may save to the same database: look (cheaply, in a thread) twice a
        second; a look still running (a slow database) is not started again."""
        if not self._looking:
            self._looking = True
            self.run_worker(self.look(), group="live")

    async def look(self) -> None:
        """If anything was saved since the last look, the screens on view read again."""
        try:
            store = self.store
            try:
                token = await in_thread(self, store.change_token)
            except DatabaseError:
                return  # the next look tries again; a screen's own read says what is wrong
            if token == self.seen_token:
                return
            self.seen_token = token
            if self.session is not None:  # people may have joined the room, or the day ended
                day = self.session.day
                try:
                    session = await in_thread(self, lambda: store.session_for(day))
                except DatabaseError:
                    session = None
                if session is not None and self.session is not None:
                    self.session = session  # who is typing stays as it was
            for screen in visible_screens(self):
                screen.post_message(StoreChanged())
        finally:
            self._looking = False

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
        self.sub_title = f"{day_label(self.session.day)} · typing: {self.actor.label(self.lists)}"

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
        keymap = load_keymap(self.config_dir, key_holders)
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


if TYPE_CHECKING:  # mypy checks here that the app is what screens and widgets ask for
    _IS_DUTY: type[Duty] = DutyDeskApp


def screen_classes() -> list[type[Screen[object]]]:
    """Every screen and dialog (a Screen with a PALETTE_NAME) in `dutydesk.screens` and
    `dutydesk.widgets`, by module name: found, never listed."""
    import dutydesk.screens
    import dutydesk.widgets

    found: list[type[Screen[object]]] = []
    for package in (dutydesk.screens, dutydesk.widgets):
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, Screen)
                    and value.__module__ == module.__name__
                    and "PALETTE_NAME" in vars(value)
                ):
                    found.append(value)
    return found


def key_holders() -> Holders:
    """The classes whose bindings Help, the palette, `dutydesk keys` and keys.toml know."""
    from dutydesk.keymap import Holders

    return Holders(DutyDeskApp, tuple(screen_classes()))
