"""Alembic's entry point. dutydesk hands it a connection already inside its own
BEGIN IMMEDIATE transaction (`storage/migrate.py`), so every step commits together."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from dutydesk.storage.tables import UTCDateTime, metadata


def render_item(kind: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Write new revisions with plain SQLAlchemy types: a migration must not change
    meaning when dutydesk's own column types do."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=metadata, render_item=render_item)
    with context.begin_transaction():
        context.run_migrations()


run()
