"""Open actions from every session: see what is due or overdue and close what is done.

The list's ids are read whole (a few bytes an action); the table holds the rows of a window
of them at first (soonest due first) and reads the next window when the cursor comes near
the end of what it holds.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from dutydesk.domain import vocab
from dutydesk.domain.clock import when
from dutydesk.domain.records import Action
from dutydesk.widgets.base import duty
from dutydesk.widgets.literal import cell
from dutydesk.widgets.live import StoreChanged, TablePlace
from dutydesk.widgets.work import load, saving

WINDOW = 100  # actions read at a time (4 ms at 100,000 referrals; a screen shows ~30)
NEAR_END = 40  # the next window is read when the cursor comes this close to the last row


class OpenActionsScreen(Screen[None]):
    PALETTE_NAME = "open actions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Queue", id="actions-back", tooltip="back to the queue"),
        Binding("x", "done", "Mark done", id="actions-done", tooltip="mark the action done"),
        Binding("enter", "open", "Open referral", id="actions-open", tooltip="open its referral"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[int] = []  # every open action, in the list's order
        self.loaded = 0  # how many of those ids have been read into the table
        self.actions: list[Action] = []  # their rows, in the table's order
        self.just_mounted = True
        self.reading_more = False  # the next window is being read

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary")
        yield DataTable(id="open-actions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (
            ("due", "Due"),
            ("ref", "Ref"),
            ("what", "What"),
            ("owner", "Owner"),
            ("need", "Need met"),
        ):
            table.add_column(label, key=key)
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        if self.just_mounted:  # read a moment ago, in on_mount: nothing to read again
            self.just_mounted = False
            return
        self.reload()

    def on_store_changed(self, _message: StoreChanged) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the list again (in a thread): every open action's id, and the rows of as
        many as were loaded (a window at least)."""
        app = duty(self)
        now = app.now()
        loaded = max(self.loaded, WINDOW)

        def read() -> tuple[list[tuple[int, bool]], list[Action]]:
            keys = app.store.open_action_keys(now)
            return keys, app.store.actions_of([ident for ident, _late in keys][:loaded])

        def show(read: tuple[list[tuple[int, bool]], list[Action]]) -> None:
            keys, actions = read
            ids = [ident for ident, _late in keys]
            table = self.query_one(DataTable)
            place = TablePlace.of(table, [str(a.id) for a in self.actions])
            self.ids, self.actions, self.loaded = ids, [], 0
            table.clear()
            self.add_rows(actions, now, len(ids[:loaded]))
            place.restore(table, [str(a.id) for a in self.actions])
            overdue = sum(1 for _ident, late in keys if late)
            self.query_one("#summary", Static).update(
                Content(f"Open actions: {len(ids)}   Overdue: {overdue}")
            )

        load(self, read, show, failed=self.not_read)

    def not_read(self, error: Exception) -> None:
        self.notify(str(error), title="Could not read actions", severity="error")

    def more(self) -> None:
        """The next window of the list's actions, added at the end (read in a thread)."""
        window = self.ids[self.loaded : self.loaded + WINDOW]
        if not window or self.reading_more:
            return
        self.reading_more = True
        app = duty(self)

        def show(actions: list[Action]) -> None:
            self.reading_more = False
            if self.ids[self.loaded : self.loaded + WINDOW] == window:  # not read again since
                self.add_rows(actions, app.now(), len(window))

        def failed(error: Exception) -> None:
            self.reading_more = False
            self.not_read(error)

        load(self, lambda: app.store.actions_of(window), show, failed=failed, group="more")

    def add_rows(self, actions: list[Action], now: datetime, listed: int) -> None:
        """`actions`: the rows read of the next `listed` ids (fewer if one was purged since)."""
        today = duty(self).require_session().day
        table = self.query_one(DataTable)
        for action in actions:
            overdue = action.overdue(now)
            due = (when(action.due_at, today) or "no date") + (" OVERDUE" if overdue else "")
            owner = vocab.label(duty(self).lists.action_owners, action.owner_agency)
            owner += f": {action.owner_name}" if action.owner_name else ""
            table.add_row(
                cell(due, "bold reverse" if overdue else ""),
                cell(action.ref),
                cell(action.what),
                cell(owner),
                cell(action.need or "-"),
                key=str(action.id),
            )
        self.actions.extend(actions)
        self.loaded += listed

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.actions) - NEAR_END:
            self.more()

    def selected(self) -> Action | None:
        table = self.query_one(DataTable)
        return self.actions[table.cursor_row] if self.actions else None

    def action_done(self) -> None:
        action = self.selected()
        if action is None:
            self.notify("No open actions.")
            return
        app = duty(self)
        session_id, actor = app.require_session().id, app.actor

        def done() -> None:
            self.notify(f"Done: {action.what[:60]}")
            self.reload()

        saving(self, lambda: app.store.set_action_done(action.id, session_id, True, actor), done)

    def action_open(self) -> None:
        from dutydesk.screens.referral import open_referral

        action = self.selected()
        if action is not None:
            open_referral(self.app, action.referral_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()
