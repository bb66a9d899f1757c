"""Schema 7: every form's save exactly once.

One new table, `submission` (append-only): the token a form was given when it opened, the
table and id of the record its save made, and when. The Store writes it in the same
transaction as the record and answers a second save of the same token with the first
record, writing nothing. The rows already saved are not touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dutydesk.storage.append_only import protect

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_submission_token", "submission", ["token"], unique=True)
    protect(op.execute, "submission")


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
