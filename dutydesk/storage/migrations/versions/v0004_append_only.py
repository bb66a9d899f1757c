"""Schema 4: the event log's hash chain, and append-only triggers on every saved record.

The event table is rebuilt (SQLite cannot drop a foreign key in place) with `prev_hash`
and `hash`, and without the foreign key from referral_id, so that the log outlives a
referral removed by the retention purge. The events already written are chained in id
order; then each saved-record table gets its UPDATE and DELETE triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dutydesk.storage import chain
from dutydesk.storage.append_only import protect

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The saved-record tables at schema 4. A later migration protects the tables it adds.
PROTECTED = (
    "duty_session",
    "attendee",
    "session_end",
    "referral",
    "call_version",
    "agency_view",
    "decision",
    "handoff",
    "action",
    "action_status",
    "event",
    "feedback",
    "team_experience",
)
OLD_COLUMNS = "actor_name, actor_agency, actor_role, id, at, session_id, referral_id, kind, detail"


def upgrade() -> None:
    op.create_table(
        "_event_new",
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("actor_agency", sa.String(), nullable=False),
        sa.Column("actor_role", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        f"INSERT INTO _event_new ({OLD_COLUMNS}, prev_hash, hash) "
        f"SELECT {OLD_COLUMNS}, '', '' FROM event ORDER BY id"
    )
    op.drop_table("event")
    op.rename_table("_event_new", "event")
    for column in ("at", "referral_id", "session_id"):
        op.create_index(f"ix_event_{column}", "event", [column])
    _chain_existing_events()
    for table in PROTECTED:
        protect(op.execute, table)


def _chain_existing_events() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(chain.EVENT_QUERY)).all()
    prev = chain.GENESIS
    for row in rows:
        digest = chain.link(prev, chain.content(*row[: len(chain.CONTENT_COLUMNS)]))
        bind.execute(
            sa.text("UPDATE event SET prev_hash = :prev, hash = :hash WHERE id = :id"),
            {"prev": prev, "hash": digest, "id": row[0]},
        )
        prev = digest


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
