"""Open actions from every session: see what is due or overdue and close what is done."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from dutydesk.domain import vocab
from dutydesk.domain.clock import when
from dutydesk.domain.records import Action
from dutydesk.storage import DatabaseError
from dutydesk.widgets.base import duty
from dutydesk.widgets.literal import cell
from dutydesk.widgets.live import StoreChanged, TablePlace


class OpenActionsScreen(Screen[None]):
    PALETTE_NAME = "open actions"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Queue", id="actions-back", tooltip="back to the queue"),
        Binding("x", "done", "Mark done", id="actions-done", tooltip="mark the action done"),
        Binding("enter", "open", "Open referral", id="actions-open", tooltip="open its referral"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[Action] = []

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
        self.reload()

    def on_store_changed(self, _message: StoreChanged) -> None:
        self.reload()

    def reload(self) -> None:
        app = duty(self)
        try:
            actions = app.store.open_actions()
        except DatabaseError as error:
            self.notify(str(error), title="Could not read actions", severity="error")
            return
        now, today = app.store.now(), app.require_session().day
        table = self.query_one(DataTable)
        place = TablePlace.of(table, [str(a.id) for a in self.actions])
        self.actions = actions
        table.clear()
        for action in self.actions:
            overdue = action.overdue(now)
            due = (when(action.due_at, today) or "no date") + (" OVERDUE" if overdue else "")
            owner = vocab.label(vocab.ACTION_OWNERS, action.owner_agency)
            owner += f": {action.owner_name}" if action.owner_name else ""
            table.add_row(
                cell(due, "bold reverse" if overdue else ""),
                cell(action.ref),
                cell(action.what),
                cell(owner),
                cell(action.need or "-"),
                key=str(action.id),
            )
        place.restore(table, [str(a.id) for a in self.actions])
        overdue_count = sum(1 for a in self.actions if a.overdue(now))
        self.query_one("#summary", Static).update(
            Content(f"Open actions: {len(self.actions)}   Overdue: {overdue_count}")
        )

    def selected(self) -> Action | None:
        table = self.query_one(DataTable)
        return self.actions[table.cursor_row] if self.actions else None

    def action_done(self) -> None:
        action = self.selected()
        if action is None:
            self.notify("No open actions.")
            return
        app = duty(self)
        try:
            app.store.set_action_done(action.id, app.require_session().id, True, app.actor)
        except DatabaseError as error:
            self.notify(str(error), title="Not saved", severity="error")
            return
        self.notify(f"Done: {action.what[:60]}")
        self.reload()

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
