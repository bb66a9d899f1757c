"""The queue's rows, kept between reads while nothing they are made of has changed.

A queue row (`details.queue_rows`) is made of its referral's own records (the newest
call, views, decision, hand-off, feedback), the day it is read for, and whether an
earlier contact makes it a repeat. Every write logs an event in its own transaction,
naming the referral it is about (any desk's: the log is shared). So the rows read are
kept with the newest event at the time; the next read looks at the events since and
reads again only the rows of the referrals they name. A save and the queue's reload then
read the saved referral's row, not every row again.

Whether a referral is a repeat also depends on other referrals: a new call can be an
earlier contact of one received after it, and an amended call can start or stop matching
later ones. So a new call received before any row kept, an amended call, or an event of a
kind not listed here (a purge, a restore) and every row is read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

from sqlalchemy import Connection, bindparam, func, select

from dutydesk.domain.day import QueueRow, sort_queue
from dutydesk.domain.vocab import Lists
from dutydesk.storage import details
from dutydesk.storage.reading import EVENT, REFERRAL, last_event

NEW_CALLS = frozenset({"call added", "advice call added"})
# Events that change only the row of the referral they name (if any).
OWN_ROW = frozenset(
    {
        "view added",
        "decision made",
        "decision amended",
        "passed to Assessment Team",
        "action added",
        "action done",
        "action reopened",
        "feedback given",
        "earlier contact confirmed",  # a link of this referral's own
        "draft restored",
        "draft discarded",
        "session started",
        "session ended",
        "attendee added",
        "experience given",
        "services directory imported",
        "online form imported",  # its calls log "call added" each
    }
)
MOST_EVENTS = 500  # more since the last read (a long pause at a busy office): read all again


SINCE = (
    select(EVENT.c.kind, EVENT.c.referral_id)
    .where(EVENT.c.id > bindparam("mark"))
    .order_by(EVENT.c.id)
    .limit(MOST_EVENTS + 1)
)
EARLIEST = select(func.min(REFERRAL.c.received_at)).where(
    REFERRAL.c.id.in_(bindparam("ids", expanding=True))
)


@dataclass(frozen=True)
class Kept:
    mark: int  # the newest event when these rows were read
    day: date | None = None
    rows: dict[int, QueueRow] = field(default_factory=dict)


class QueueCache:
    """`details.queue_rows`, kept between reads (see the module's docstring)."""

    def __init__(self) -> None:
        self._kept = Kept(-1)
        self._lock = Lock()  # the console reads from worker threads

    def rows(self, c: Connection, ids: Sequence[int], day: date, lists: Lists) -> list[QueueRow]:
        """The queue rows of these referrals on `day`, in the queue's order."""
        mark = last_event(c)  # first: all read after it is at least as new
        with self._lock:
            kept = self._kept
        kept = _still_true(c, kept, mark, day)
        missing = [i for i in ids if i not in kept.rows]
        if missing:
            fresh = {row.referral_id: row for row in details.queue_rows(c, missing, day, lists)}
            kept = Kept(mark, day, {**kept.rows, **fresh})
        with self._lock:
            if kept.mark >= self._kept.mark:
                self._kept = kept
        return sort_queue([kept.rows[i] for i in ids if i in kept.rows], lists)


def _still_true(c: Connection, kept: Kept, mark: int, day: date) -> Kept:
    """The rows kept that the events since they were read have left as they were."""
    if kept.day != day or mark < kept.mark:  # another day, or another log (a restore)
        return Kept(mark, day)
    if mark == kept.mark:
        return kept
    since = c.execute(SINCE, {"mark": kept.mark}).all()
    if len(since) > MOST_EVENTS:
        return Kept(mark, day)
    changed: set[int] = set()
    calls: set[int] = set()
    for kind, referral_id in since:
        if kind in NEW_CALLS and referral_id is not None:
            calls.add(referral_id)
        elif kind not in OWN_ROW:
            return Kept(mark, day)
        elif referral_id is not None:
            changed.add(referral_id)
    if calls and kept.rows:
        latest = max(row.received_at for row in kept.rows.values())
        earliest = c.scalar(EARLIEST, {"ids": sorted(calls)})
        if earliest is not None and earliest < latest:
            return Kept(mark, day)  # an earlier contact of a row kept, perhaps
    changed |= calls
    return Kept(mark, day, {i: row for i, row in kept.rows.items() if i not in changed})
