"""Schema 1: the tables as first released (git 858b9ad), made then by create_all.

A database made by that create_all (user_version 1, no alembic_version table) is stamped
with this revision rather than run through it (see `storage/migrate.py`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


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


def when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def number(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def index(table: str, *columns: str, unique: bool = False) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column], unique=unique)


def upgrade() -> None:
    op.create_table(
        "duty_session", key(), text("day"), when("started_at"), sa.PrimaryKeyConstraint("id")
    )
    index("duty_session", "day", unique=True)
    op.create_table(
        "attendee",
        *actor(),
        key(),
        number("session_id"),
        text("agency"),
        text("name"),
        text("role"),
        when("added_at"),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    index("attendee", "session_id")
    op.create_table(
        "referral",
        key(),
        text("ref"),
        number("session_id"),
        when("received_at"),
        when("created_at"),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    index("referral", "received_at", "session_id")
    index("referral", "ref", unique=True)
    op.create_table(
        "session_end",
        *actor(),
        key(),
        number("session_id"),
        when("ended_at"),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    index("session_end", "session_id")
    op.create_table(
        "action",
        *actor(),
        key(),
        number("referral_id"),
        number("session_id"),
        text("what"),
        text("owner_agency"),
        text("owner_label"),
        text("owner_name"),
        when("due_at", nullable=True),
        text("need_code"),
        text("need_label"),
        when("created_at"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    index("action", "referral_id", "session_id")
    op.create_table(
        "agency_view",
        *actor(),
        key(),
        number("referral_id"),
        number("session_id"),
        text("agency"),
        text("agency_label"),
        text("author_name"),
        text("author_role"),
        when("created_at"),
        text("knows"),
        text("needed"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    index("agency_view", "referral_id", "session_id")
    op.create_table(
        "call_version",
        *actor(),
        key(),
        number("referral_id"),
        sa.Column("version", sa.Integer(), nullable=False),
        when("created_at"),
        *(
            text(name)
            for name in (
                "urgency",
                "children_json",
                "worry_seen",
                "worry_told",
                "referrer_name",
                "referrer_role",
                "referrer_org",
                "referrer_contact",
                "referrer_relationship",
                "referrer_view",
                "needs_json",
                "family_knows",
                "consent",
            )
        ),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referral_id", "version"),
    )
    index("call_version", "referral_id")
    op.create_table(
        "decision",
        *actor(),
        key(),
        number("referral_id"),
        number("session_id"),
        sa.Column("version", sa.Integer(), nullable=False),
        number("supersedes_id", nullable=True),
        text("outcome"),
        text("outcome_label"),
        text("reasons"),
        text("agreed_by_json"),
        text("amend_reason"),
        when("created_at"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.ForeignKeyConstraint(["supersedes_id"], ["decision.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referral_id", "version"),
    )
    index("decision", "referral_id", "session_id")
    op.create_table(
        "event",
        *actor(),
        key(),
        when("at"),
        number("session_id", nullable=True),
        number("referral_id", nullable=True),
        text("kind"),
        text("detail"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    index("event", "at", "referral_id", "session_id")
    op.create_table(
        "handoff",
        *actor(),
        key(),
        number("referral_id"),
        number("session_id"),
        when("passed_at"),
        when("recorded_at"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    index("handoff", "referral_id", "session_id")
    op.create_table(
        "action_status",
        *actor(),
        key(),
        number("action_id"),
        number("session_id"),
        sa.Column("done", sa.Boolean(), nullable=False),
        when("at"),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    index("action_status", "action_id", "session_id")


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
