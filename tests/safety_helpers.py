"""Helpers for the tests of drafts, hostile text and failed saves (all data fictional)."""

from __future__ import annotations

from sqlalchemy import text

from dutydesk.app import DutyDeskApp
from dutydesk.storage import Store

SAVED_TABLES = (
    "referral",
    "call_version",
    "agency_view",
    "decision",
    "handoff",
    "action",
    "action_status",
    "session_end",
    "event",
)


def notes(app: DutyDeskApp) -> list[str]:
    """Every notification still showing, as 'title: message'."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


def count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def counts(store: Store) -> dict[str, int]:
    """How many rows each saved table holds: a failed save must leave these unchanged."""
    return {table: count(store, table) for table in SAVED_TABLES}


def events(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT kind, detail FROM event ORDER BY id")).all()
    return [(str(kind), str(detail)) for kind, detail in rows]
