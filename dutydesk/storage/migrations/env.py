"""Alembic's entry point. dutydesk hands it a connection already inside its own
BEGIN IMMEDIATE transaction (`storage/migrate.py`), so every step commits together."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from dutydesk.storage.tables import UTCDateTime


def render_item(kind: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Write new revisions with plain SQLAlchemy types: a migration must not change
    meaning when dutydesk's own column types do."""
    if kind == "type" and isinstance(obj, AutoString):
        return "sa.String()"
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run() -> None:
    connection = context.config.attributes["connection"]
    # The tables register themselves on SQLModel.metadata when tables.py is imported.
    context.configure(
        connection=connection, target_metadata=SQLModel.metadata, render_item=render_item
    )
    with context.begin_transaction():
        context.run_migrations()


run()
