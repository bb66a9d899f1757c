"""The event log's hash chain: each event carries SHA-256(previous hash + its own content).

Changing, removing or reordering an event behind dutydesk's back breaks the chain at that
event, and `dutydesk check` says which one. The canonical form below must never change:
every hash already written depends on it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dutydesk.storage.seal import KEY_ENV, Expected, key_id

# json.dumps(ensure_ascii=False, separators=(",", ":")), made once (a million events a check).
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
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
# Before schema 10 (the 0004 migration chains with it); `SEALED_EVENT_QUERY` from then.
EVENT_QUERY = f"SELECT {', '.join(CONTENT_COLUMNS)}, prev_hash, hash FROM event ORDER BY id"
SEALED_EVENT_QUERY = EVENT_QUERY.replace("hash FROM", "hash, seals, key_id FROM")


def stamp(moment: datetime | str) -> str:
    """The event's time as naive UTC text with microseconds, however it was read."""
    if isinstance(moment, str):
        if len(moment) == 26 and moment[10] == " " and moment[19] == ".":
            return moment  # as SQLite keeps it: already this form
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
    seals: str = "",
    key_id: str = "",
) -> str:
    """One event's canonical text: a compact JSON list of the columns above, then (schema
    10 on, when either is set) the seals of the rows it recorded and its key's id."""
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
    if seals or key_id:
        values += [seals, key_id]
    return _ENCODE(values)


def link(prev_hash: str, text: str, key: bytes | None = None) -> str:
    """SHA-256 of the previous hash and this event's text; HMAC-SHA-256 with a key."""
    data = (prev_hash + text).encode("utf-8")
    if key is not None:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


@dataclass
class ChainReport:
    """How far the chain holds: `broken_at` is the first event that fails, or None.

    `expected` has the seals of every event read (after a break too: the rows are still
    checked against them). `keyed` counts the events verified with the key; `key_problem`
    says why some could not be (no key, another key, or written without it)."""

    events: int
    last_id: int | None
    last_hash: str
    broken_at: int | None = None
    reason: str = ""
    keyed: int = 0
    key_problem: str = ""
    expected: Expected = field(default_factory=Expected)
    broken_seals: str = ""  # the rows the first broken event recorded

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(rows: Iterable[Sequence[Any]], key: bytes | None = None) -> ChainReport:
    """Walk the events (rows of `reading.CHAIN`, in id order) and report the first break."""
    n = len(CONTENT_COLUMNS)
    ours = key_id(key) if key is not None else ""
    report = ChainReport(0, None, GENESIS)
    expected_prev = GENESIS
    for row in rows:
        report.events += 1
        event_id = int(row[0])
        seals, kid = (row[n + 2] or "", row[n + 3] or "") if len(row) > n + 2 else ("", "")
        if seals:
            report.expected.add(seals, event_id)
        if report.broken_at is not None:
            continue  # past the break: only the seals are still collected
        prev_hash, stored = row[n], row[n + 1]
        reason = ""
        if prev_hash != expected_prev:
            reason = (
                "it is the first event left but was not the first one written"
                if report.last_id is None
                else f"an event between {report.last_id} and it was removed, added or changed"
            )
        else:
            try:
                text = content(*row[:n], seals, kid)  # type: ignore[call-arg]
            except (TypeError, ValueError):
                reason = "its time is unreadable"
            else:
                if kid and kid != ours:
                    _note_key(report, event_id, kid, ours)  # not checkable here: trusted
                elif link(expected_prev, text, key if kid else None) != stored:
                    reason = "its content was changed after it was saved"
                elif kid:
                    report.keyed += 1
                elif report.keyed and not report.key_problem:
                    report.key_problem = (
                        f"Event {event_id} and perhaps others after it were sealed without "
                        "the key, after events sealed with it: written at a desk that has no "
                        "key set, or the log was rewritten from there."
                    )
        if reason:
            report.broken_at, report.reason, report.broken_seals = event_id, reason, seals
            continue
        expected_prev = str(stored)
        report.last_id, report.last_hash = event_id, expected_prev
    return report


def _note_key(report: ChainReport, event_id: int, kid: str, ours: str) -> None:
    if report.key_problem:
        return
    if not ours:
        report.key_problem = (
            f"Events from {event_id} are sealed with a key (key id {kid}) that is not set "
            f"here: set {KEY_ENV} or the key file to check them. Their rows were checked; "
            "their links in the chain could not be."
        )
    else:
        report.key_problem = (
            f"Event {event_id} was sealed with another key (key id {kid}; the key set here "
            f"is {ours}): the key set here is wrong, so its link in the chain could not be "
            "checked. Its rows were checked."
        )
