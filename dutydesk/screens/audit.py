"""A referral's history: every change to it, when (London time), by whom, from which agency.

Read from the event log, which keeps labels and field names, never what was typed; names
are shown exactly as typed, never read as markup.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from dutydesk.domain.audit import AuditEntry
from dutydesk.domain.clock import to_london
from dutydesk.widgets.base import duty
from dutydesk.widgets.literal import cell
from dutydesk.widgets.live import StoreChanged, TablePlace
from dutydesk.widgets.work import load

COLUMNS = (
    ("when", "When"),
    ("who", "Who"),
    ("agency", "Agency"),
    ("kind", "What"),
    ("detail", "Detail"),
)


class AuditScreen(Screen[None]):
    PALETTE_NAME = "audit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Referral", id="audit-back", tooltip="back to the referral"),
    ]
    HELP = (
        "Every change to this referral, oldest first: when it was saved (London time), who "
        "was at the keyboard and their agency. Corrections are new lines; nothing is removed."
    )

    def __init__(self, referral_id: int, ref: str) -> None:
        super().__init__()
        self.referral_id = referral_id
        self.ref = ref
        self.entries: list[AuditEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content(f"History of {self.ref}"), id="audit-title", classes="section")
        yield DataTable(id="audit", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.ref} · history"
        table = self.query_one(DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        self.reload()
        table.focus()

    def on_store_changed(self, _message: StoreChanged) -> None:
        self.reload()  # a change made meanwhile, at this desk or another

    def reload(self) -> None:
        """Read the referral's history (in a thread), then show it."""
        store, referral_id = duty(self).store, self.referral_id

        def failed(error: Exception) -> None:
            self.notify(str(error), title="Could not read the history", severity="error")

        load(self, lambda: store.referral_events(referral_id), self.show, failed=failed)

    def show(self, entries: list[AuditEntry]) -> None:
        table = self.query_one(DataTable)
        place = TablePlace.of(table, [str(e.id) for e in self.entries])
        self.entries = entries
        table.clear()
        for entry in self.entries:
            table.add_row(
                cell(to_london(entry.at).format("ddd D MMM YYYY HH:mm:ss")),
                cell(entry.actor_name or "-"),
                cell(entry.agency(duty(self).lists) or entry.actor_role or "-"),
                cell(entry.kind),
                cell(entry.detail),
                key=str(entry.id),
            )
        place.restore(table, [str(e.id) for e in self.entries])

    def action_back(self) -> None:
        self.app.pop_screen()
