"""Schema 6: advice calls, online-form contacts, feedback in full, earlier contacts.

New tables only (the rows already saved are not touched): `call_contact` (what kind of
contact a call version is and how it came in; a call without one is a phoned referral),
`child_key` (each child named on a call version, normalised for finding earlier contacts;
filled here for the calls already saved), `contact_link` (a match someone confirmed) and
`feedback_told` (when, by whom and what the referrer was told). Each is append-only.
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import op

from dutydesk.domain.matching import key_of
from dutydesk.domain.records import Child
from dutydesk.storage.append_only import protect

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NEW_TABLES = ("call_contact", "child_key", "contact_link", "feedback_told")


def actor() -> list[sa.Column[str]]:
    return [
        sa.Column("actor_name", sa.String(), nullable=False),
        sa.Column("actor_agency", sa.String(), nullable=False),
        sa.Column("actor_role", sa.String(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "call_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("advice", sa.String(), nullable=False),
        sa.Column("earlier_ref", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referral_id", "version"),
    )
    op.create_index("ix_call_contact_referral_id", "call_contact", ["referral_id"])
    op.create_table(
        "child_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("surname_key", sa.String(), nullable=False),
        sa.Column("dob", sa.String(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("referral_id", "name_key", "dob"):
        op.create_index(f"ix_child_key_{column}", "child_key", [column])
    op.create_table(
        "contact_link",
        *actor(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("earlier_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["earlier_id"], ["referral.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["duty_session.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referral_id", "earlier_id"),
    )
    for column in ("referral_id", "earlier_id", "session_id"):
        op.create_index(f"ix_contact_link_{column}", "contact_link", [column])
    op.create_table(
        "feedback_told",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("told_at", sa.DateTime(), nullable=False),
        sa.Column("told_by", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["feedback_id"], ["feedback.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_feedback_told_feedback_id", "feedback_told", ["feedback_id"], unique=True)
    _key_saved_children()
    for table in NEW_TABLES:
        protect(op.execute, table)


def _key_saved_children() -> None:
    """Child keys for every call version already saved, so earlier contacts are found."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT c.referral_id, c.version, c.children_json, r.received_at "
            "FROM call_version c JOIN referral r ON r.id = c.referral_id ORDER BY c.id"
        )
    ).all()
    for referral_id, version, children_json, received_at in rows:
        received = date.fromisoformat(str(received_at)[:10])
        for item in json.loads(children_json):
            dob = date.fromisoformat(item["dob"]) if item.get("dob") else None
            child = Child(name=item.get("name", ""), dob=dob, age=item.get("age", ""))
            key = key_of(referral_id, child, received)
            if not key.name:
                continue
            bind.execute(
                sa.text(
                    "INSERT INTO child_key (referral_id, version, name_key, surname_key, dob, "
                    "birth_year) VALUES (:r, :v, :n, :s, :d, :y)"
                ),
                {
                    "r": referral_id,
                    "v": version,
                    "n": key.name,
                    "s": key.surname,
                    "d": dob.isoformat() if dob else "",
                    "y": key.year,
                },
            )


def downgrade() -> None:
    raise NotImplementedError("dutydesk never goes back a schema: restore a backup instead")
