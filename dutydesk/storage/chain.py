"""The event log's hash chain: each event carries SHA-256(previous hash + its own content).

Changing, removing or reordering an event behind dutydesk's back breaks the chain at that
event, and `dutydesk check` says which one. The canonical form below must never change:
every hash already written depends on it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first event

# The event's columns that the hash covers, in this order (see `EVENT_QUERY`).
CONTENT_COLUMNS = (
    "id",
    "at",
    "session_id",
    "referral_id",
    "kind",
    "detail",
    "actor_name",
    "actor_agency",
    "actor_role",
)
EVENT_QUERY = f"SELECT {', '.join(CONTENT_COLUMNS)}, prev_hash, hash FROM event ORDER BY id"


def stamp(moment: datetime | str) -> str:
    """The event's time as naive UTC text with microseconds, however it was read."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}"
    )


def content(
    event_id: int,
    at: datetime | str,
    session_id: int | None,
    referral_id: int | None,
    kind: str,
    detail: str,
    actor_name: str,
    actor_agency: str,
    actor_role: str,
) -> str:
    """One event's canonical text: a compact JSON list of the columns above."""
    values = [
        event_id,
        stamp(at),
        session_id,
        referral_id,
        kind,
        detail,
        actor_name,
        actor_agency,
        actor_role,
    ]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def link(prev_hash: str, text: str) -> str:
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """How far the chain holds: `broken_at` is the first event that fails, or None."""

    events: int
    last_id: int | None
    last_hash: str
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(rows: Iterable[Sequence[Any]]) -> ChainReport:
    """Walk the events (rows of `EVENT_QUERY`, in id order) and report the first break."""
    expected_prev = GENESIS
    count = 0
    last_id: int | None = None
    for row in rows:
        count += 1
        event_id = int(row[0])
        prev_hash, stored = row[len(CONTENT_COLUMNS)], row[len(CONTENT_COLUMNS) + 1]
        if prev_hash != expected_prev:
            reason = (
                "it is the first event left but was not the first one written"
                if last_id is None
                else f"an event between {last_id} and it was removed, added or changed"
            )
            return ChainReport(count, last_id, expected_prev, event_id, reason)
        try:
            text = content(*row[: len(CONTENT_COLUMNS)])
        except (TypeError, ValueError):
            return ChainReport(count, last_id, expected_prev, event_id, "its time is unreadable")
        if link(expected_prev, text) != stored:
            reason = "its content was changed after it was saved"
            return ChainReport(count, last_id, expected_prev, event_id, reason)
        expected_prev = str(stored)
        last_id = event_id
    return ChainReport(count, last_id, expected_prev)
