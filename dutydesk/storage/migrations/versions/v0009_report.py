"""Schema 9: tests of change, baseline days, team retrospectives, action-plan reviews.

New tables only (the rows already saved are not touched), each append-only: `trial` (a
test named, renamed or ended: one row per change), `trial_day` (its days), `baseline_day`
(days imported from the case system), `retrospective` (the team's, of a day or a test) and
`plan_review` (a reviewer's scores of an action plan against the rubric in lists.toml).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dutydesk.storage.append_only import protect

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NEW_TABLES = ("trial", "trial_day", "baseline_day", "retrospective", "plan_review")


def actor() -> list[sa.Column[str]]:
    return [
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("actor_agency", sa.String(), nullable=False),
        sa.Column("actor_role", sa.String(), nullable=False),
    ]


def key() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(), nullable=False)


def when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "trial",
        *actor(),
        key(),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        text("name"),
        text("ended_on"),
        when("at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number", "version"),
    )
    op.create_index("ix_trial_number", "trial", ["number"])
    op.create_table(
        "trial_day",
        key(),
        sa.Column("number", sa.Integer(), nullable=False),
        text("day"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number", "day"),
    )
    op.create_index("ix_trial_day_number", "trial_day", ["number"])
    op.create_table(
        "baseline_day",
        *actor(),
        key(),
        text("day"),
        sa.Column("contacts", sa.Integer(), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("median_minutes_to_decision", sa.Float(), nullable=True),
        sa.Column("immediate", sa.Integer(), nullable=False),
        sa.Column("immediate_median_minutes", sa.Float(), nullable=True),
        sa.Column("decided_within_one_working_day", sa.Integer(), nullable=False),
        text("outcomes_json"),
        text("source"),
        when("imported_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_baseline_day_day", "baseline_day", ["day"])
    op.create_table(
        "retrospective",
        *actor(),
        key(),
        text("day"),
        sa.Column("trial", sa.Integer(), nullable=True),
        text("worked"),
        text("not_worked"),
        text("try_next"),
        text("present"),
        when("recorded_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_retrospective_day", "retrospective", ["day"])
    op.create_table(
        "plan_review",
        *actor(),
        key(),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        text("scores_json"),
        when("reviewed_at"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_review_referral_id", "plan_review", ["referral_id"])
    for table in NEW_TABLES:
        protect(op.execute, table)


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
