"""Schema 5: a needs-led front door (issue 4, items 1, 2, 3 and 8).

- `service_import` and `service`: the services directory, one set of rows per import;
- `action.service_id`, `action.service_name`: the service an action links to, as saved;
- `decision.referrer_response`, `decision.response_reason`: agreed with the referrer's
  view, or different and why;
- `call_version.urgency_label`: the urgency's label as saved, like the needs' labels;
- `agency_view.consent`, `without_consent_reason`, `shared_what`, `shared_with`:
  information sharing with each agency view.

Rows already saved keep every value; their new columns are empty ("not recorded").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dutydesk.storage.append_only import protect

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "service_import",
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("actor_agency", sa.String(), nullable=False),
        sa.Column("actor_role", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("services", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("needs_json", sa.String(), nullable=False),
        sa.Column("who_for", sa.String(), nullable=False),
        sa.Column("how_to_refer", sa.String(), nullable=False),
        sa.Column("contact", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["service_import.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_service_import_id", "service", ["import_id"])
    op.add_column("action", sa.Column("service_id", sa.Integer(), nullable=True))
    op.add_column("action", text("service_name"))
    op.add_column("call_version", text("urgency_label"))
    op.add_column("decision", text("referrer_response"))
    op.add_column("decision", text("response_reason"))
    for name in ("consent", "without_consent_reason", "shared_what", "shared_with"):
        op.add_column("agency_view", text(name))
    protect(op.execute, "service_import")
    protect(op.execute, "service")


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
