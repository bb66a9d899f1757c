"""Schema 3: form drafts, kept so that a crash loses nothing typed (not part of the record).

The one table that is not append-only (see storage/append_only.py `MUTABLE_TABLES`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "draft" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "draft",
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("actor_agency", sa.String(), nullable=False),
        sa.Column("actor_role", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("desk", sa.String(), nullable=False),
        sa.Column("fields_json", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_draft_session_id", "draft", ["session_id"])


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
