"""Helpers for driving the real app with Pilot the way a person at the keyboard would."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import Actor, SessionInfo
from dutydesk.storage import Store

ROOM = [
    ("health", "Hana Testwell", "Health visitor"),
    ("police", "DC Sam Ortiz-Example", "Detective constable"),
    ("education", "Mo Fictional", "Education adviser"),
    ("social_work", "Ade Madeup", "Advanced practitioner"),
    ("early_help", "Lou Pretend", "Early help coordinator"),
    ("mash", "Priya Sample", "MASH officer"),
]
MASH = Actor("Priya Sample", "mash", "MASH officer")


def start_room(store: Store) -> SessionInfo:
    return store.start_session(store.today(), ROOM, MASH)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type like a person: one key at a time (spaces and all)."""
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


def text_of(app: DutyDeskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def queue_cells(app: DutyDeskApp) -> dict[str, list[str]]:
    table = app.screen.query_one("#queue", DataTable)
    return {str(key.value): [str(c) for c in table.get_row(key)] for key in table.rows}
