"""Schema 8: the referrer's organisation type.

One new column on `call_version`, `referrer_org_type` (a code from the `referrer_org_types`
list in lists.toml). Calls saved before it get "" and are shown as "not recorded".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN (not a batch copy): it keeps the append-only triggers.
    op.add_column(
        "call_version",
        sa.Column("referrer_org_type", sa.String(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
