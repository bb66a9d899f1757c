"""Schema 10: every saved row sealed (storage/seal.py).

Two new columns on `event`: `seals`, the seals of the rows the event recorded, and `key_id`,
the id of the key that sealed it when the partnership set one. The rows saved before are
sealed now: one event per table, "sealed at upgrade", carries their seals, chained to the
events before (without a key: the upgrade does not read one).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from dutydesk.storage import chain, seal
from dutydesk.storage.tables import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

KIND = "sealed at upgrade"
# The event table as this revision leaves it (not tables.py's, which later ones may change).
EVENT = sa.table(
    "event",
    *(sa.column(name, sa.String()) for name in ("kind", "detail", "prev_hash", "hash")),
    *(sa.column(name, sa.String()) for name in ("actor_name", "actor_agency", "actor_role")),
    *(sa.column(name, sa.String()) for name in ("seals", "key_id")),
    sa.column("id", sa.Integer()),
    sa.column("at", UTCDateTime()),
)


def upgrade() -> None:
    # Plain ADD COLUMNs (not a batch copy): they keep the append-only triggers.
    op.add_column("event", sa.Column("seals", sa.String(), nullable=False, server_default=""))
    op.add_column("event", sa.Column("key_id", sa.String(), nullable=False, server_default=""))
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    present = set(inspector.get_table_names())
    last = bind.execute(sa.text("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1")).first()
    event_id, prev = (int(last[0]), str(last[1])) if last else (0, chain.GENESIS)
    now = datetime.now(UTC)
    for into in seal.sealed_tables():
        if into.name not in present:
            continue
        columns = [c["name"] for c in inspector.get_columns(into.name)]
        entries = [
            seal.entry(into, row_id, digest)
            for row_id, digest in seal.stored_hashes(bind, into, columns)
        ]
        if not entries:
            continue
        event_id += 1
        seals = " ".join(entries)
        detail = f"{len(entries)} {into.name} rows saved before schema 10, sealed at upgrade"
        text = chain.content(
            event_id, now, None, None, KIND, detail, "dutydesk", "", "upgrade", seals, ""
        )
        digest = chain.link(prev, text)
        bind.execute(
            EVENT.insert(),
            {
                "id": event_id,
                "at": now,
                "kind": KIND,
                "detail": detail,
                "actor_name": "dutydesk",
                "actor_agency": "",
                "actor_role": "upgrade",
                "prev_hash": prev,
                "hash": digest,
                "seals": seals,
                "key_id": "",
            },
        )
        prev = digest
    if bind.dialect.name == "postgresql" and event_id:
        bind.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('event', 'id'), {event_id})")


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
