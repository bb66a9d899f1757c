"""${message}

Revision ${up_revision} (schema ${int(up_revision)}), after ${down_revision}.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dutydesk.storage.append_only import protect  # noqa: F401  (for a new record table)

${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
    # A new saved-record table: protect(op.execute, "its_name") keeps it append-only.


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
