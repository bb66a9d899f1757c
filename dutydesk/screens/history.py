"""Every referral from every day, newest first: type to search, Enter to open one.

The list is virtual (`widgets/history_list.py`): with 100,000 referrals it reads (in a
thread) and draws only the rows on screen. Typing searches the ref, a child's initials (in
capitals: AS), the referrer's organisation and the needs; every word typed must match.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from dutydesk.domain.records import HistoryRow
from dutydesk.widgets.base import duty
from dutydesk.widgets.footer import KeptFooter
from dutydesk.widgets.history_list import HistoryList, header_text
from dutydesk.widgets.work import load

SEARCH_DELAY = 0.2  # seconds of no typing before the search runs
SCREEN_NAME = "history"  # the one history screen the app keeps (installed)


def open_history(app: App[object]) -> None:
    """Show the history screen the app keeps (made on first use: opening it again costs
    its reads, not a new screen). It reads afresh, calls may have come in, and keeps what
    was typed; once made, it reads before it is shown, so it is drawn once, up to date."""
    if not app.is_screen_installed(SCREEN_NAME):
        app.install_screen(HistoryScreen(), SCREEN_NAME)
    screen = app.get_screen(SCREEN_NAME)
    if isinstance(screen, HistoryScreen) and screen.is_mounted:
        screen.load()
        screen.loaded = True
    app.push_screen(screen)


class HistoryScreen(Screen[None]):
    PALETTE_NAME = "history"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Queue", id="history-back", tooltip="back to the queue"),
        Binding("enter", "open", "Open", id="history-open", tooltip="open the referral"),
        Binding("down", "move(1)", "Down", id="history-down", show=False, tooltip="next row"),
        Binding("up", "move(-1)", "Up", id="history-up", show=False, tooltip="previous row"),
        Binding("pagedown", "page(1)", "Page down", id="history-page-down", tooltip="next page"),
        Binding("pageup", "page(-1)", "Page up", id="history-page-up", tooltip="previous page"),
    ]
    HELP = (
        "Every referral from every day, newest first. Type to search: a ref (261126-03), "
        "a child's initials in capitals (AS), the referrer's organisation or a need; every "
        "word must match. Up and Down move, Page Up and Page Down move a page, Enter opens."
    )

    def __init__(self) -> None:
        super().__init__()
        self.search = ""
        self.pending: Timer | None = None
        self.loaded = False  # read just before it was shown: no second read

    def compose(self) -> ComposeResult:
        yield Header()
        search = Input(
            placeholder="Search: ref, child's initials (AS), organisation, need",
            id="history-search",
        )
        search.cursor_blink = False  # steady: easier to find, and the same in every snapshot
        yield search
        yield Static("", id="history-summary")
        yield Static("", id="history-head")
        yield HistoryList(id="history-list")
        yield KeptFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.loaded = False
        else:  # shown for the first time, or back from a referral: read afresh
            self.load()

    def on_resize(self) -> None:
        # The list always has its scroll bar, so its lines are this wide from the start.
        listing = self.query_one(HistoryList)
        width = self.size.width - listing.styles.scrollbar_size_vertical
        self.query_one("#history-head", Static).update(Content(header_text(max(width, 40))))

    def load(self) -> None:
        """Count what matches (in a thread) and show its first page (only that page is
        read, as the list asks for it)."""
        store = duty(self).store
        search = self.search

        def fetch(offset: int, limit: int) -> list[HistoryRow]:  # in a thread
            return store.history_window(offset, limit, search)

        def show(count: int) -> None:
            self.query_one(HistoryList).show(count, fetch)
            self.on_resize()
            self.query_one("#history-summary", Static).update(self.summary(count))

        load(self, lambda: store.history_count(search), show, failed=self.not_read)

    def not_read(self, error: Exception) -> None:
        self.notify(str(error), title="Could not read the history", severity="error")

    def summary(self, count: int) -> Content:
        if not self.search:
            return Content.assemble(
                (f"{count:,}", "bold"), " referrals, every day, newest first. Type to search."
            )
        if not count:
            return Content.assemble("Nothing matches ", (self.search, "bold"), ".")
        return Content.assemble(
            (f"{count:,}", "bold"), " match ", (self.search, "bold"), ", newest first."
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.pending is not None:
            self.pending.stop()
        self.pending = self.set_timer(SEARCH_DELAY, lambda: self.run_search(event.value))

    def run_search(self, text: str) -> None:
        self.pending = None
        if text.strip() != self.search:
            self.search = text.strip()
            self.load()

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.pending is not None:  # Enter straight after typing: search first
            self.pending.stop()
            self.run_search(event.value)
        await self.action_open()

    def action_move(self, rows: int) -> None:
        self.query_one(HistoryList).move(rows)

    def action_page(self, pages: int) -> None:
        self.query_one(HistoryList).page(pages)

    async def action_open(self) -> None:
        row = await self.query_one(HistoryList).selected()
        if row is None:
            self.notify("Nothing to open: change the search.")
            return
        self.open(row.referral_id)

    def open(self, referral_id: int) -> None:
        from dutydesk.screens.referral import open_referral

        open_referral(self.app, referral_id)

    def action_back(self) -> None:
        self.dismiss(None)
