"""Schema 2: referrer feedback and the team's experience (the test's measures).

Databases made by create_all at git b4f63df already have these two tables (and say
user_version 1): they are created only where missing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def actor() -> list[sa.Column[str]]:
    return [
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("actor_agency", sa.String(), nullable=False),
        sa.Column("actor_role", sa.String(), nullable=False),
    ]


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    if "feedback" not in present:
        op.create_table(
            "feedback",
            *actor(),
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("referral_id", sa.Integer(), nullable=False),
            sa.Column("session_id", sa.Integer(), nullable=False),
            sa.Column("how", sa.String(), nullable=False),
            sa.Column("satisfaction", sa.Integer(), nullable=True),
            sa.Column("comment", sa.String(), nullable=False),
            sa.Column("recorded_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
            sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_feedback_referral_id", "feedback", ["referral_id"])
        op.create_index("ix_feedback_session_id", "feedback", ["session_id"])
    if "team_experience" not in present:
        op.create_table(
            "team_experience",
            *actor(),
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("session_id", sa.Integer(), nullable=False),
            sa.Column("agency", sa.String(), nullable=False),
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("rating", sa.Integer(), nullable=False),
            sa.Column("worked", sa.String(), nullable=False),
            sa.Column("change", sa.String(), nullable=False),
            sa.Column("recorded_at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_team_experience_session_id", "team_experience", ["session_id"])


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
