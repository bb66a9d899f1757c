"""A range of duty days read at once: what the exports, the measures and a day's figures are
built from.

The whole range is read in a few statements (each table once, or once per 500 referrals;
`details.read` for the referrals) and every day is assembled in memory into the records
the Store gives: `SessionInfo`, `QueueRow`, `ReferralDetail`, `DaySummary`,
`PeriodRecords`. A referral's record is the same on every day it appears: only whether it
was carried over depends on the day. It is carried over to a later day while no decision
or hand-off was made in a session before that day (advice calls wait for nobody), as
`queue.undecided_any_kind` says for one day.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, func, select, union_all

from dutydesk.domain import records, vocab
from dutydesk.domain.day import DaySummary, QueueRow, summarise
from dutydesk.domain.period import PeriodRecords
from dutydesk.domain.records import SessionInfo, View
from dutydesk.storage import convert, details
from dutydesk.storage.queue import (
    IN_DAYS,
    NOT_DECIDED,
    NOT_PASSED,
    by_session,
    handled,
    in_days,
    sessions,
)
from dutydesk.storage.reading import (
    ACTION,
    CONTACT,
    DECISION,
    EXPERIENCE,
    HANDOFF,
    REFERRAL,
    SESSION,
    STATUS,
    mappings,
    newest_version,
    rows_in,
)
from dutydesk.storage.seal import Head, head


class Opened(Protocol):
    """An open Store, as much of it as a period's read needs (the Store imports this
    module: it does not import the Store)."""

    engine: Engine
    lists: vocab.Lists

    def now(self) -> datetime: ...


def _first_closed(closing: Any) -> Any:
    """The first day the referral was decided (or passed on), if it was."""
    when = SESSION.alias()
    return (
        select(func.min(when.c.day))
        .select_from(closing)
        .join(when, when.c.id == closing.c.session_id)
        .where(closing.c.referral_id == REFERRAL.c.id)
        .scalar_subquery()
    )


def _maybe_carried(first: date, last: date) -> Any:
    """Referrals that may be carried over to one of the range's days: from before its last
    day, and either closed in a session on or after its first day, or never closed (an
    anti-join on the indexes); each with the first day it was decided and passed on, and
    its newest call's kind of contact. Read so, the history before the range costs index
    entries only."""
    kind = (
        select(CONTACT.c.kind)
        .where(
            CONTACT.c.referral_id == REFERRAL.c.id,
            CONTACT.c.version == newest_version(REFERRAL.c.id),
        )
        .scalar_subquery()
    )
    maybe = (
        select(
            REFERRAL.c.id,
            SESSION.c.day,
            _first_closed(DECISION).label("decided"),
            _first_closed(HANDOFF).label("passed"),
            kind.label("kind"),
        )
        .join(SESSION, SESSION.c.id == REFERRAL.c.session_id)
        .where(SESSION.c.day < last.isoformat())
    )
    later = SESSION.alias()
    since = select(later.c.id).where(later.c.day >= first.isoformat())
    closed_later = (
        select(DECISION.c.referral_id)
        .where(DECISION.c.session_id.in_(since))
        .union(select(HANDOFF.c.referral_id).where(HANDOFF.c.session_id.in_(since)))
    )
    return union_all(
        maybe.where(REFERRAL.c.id.in_(closed_later)), maybe.where(NOT_DECIDED, NOT_PASSED)
    )


@dataclass(frozen=True)
class Source:
    """Where a period is read from (an engine: an open Store's, or a read-only one on a
    file), and the moment it is read at (overdue actions, the measures, the manifest)."""

    engine: Engine
    now: datetime
    lists: vocab.Lists  # what the codes are called (the app's or the command's)

    @classmethod
    def of(cls, source: Opened | Source) -> Source:
        if isinstance(source, Source):
            return source
        return cls(source.engine, source.now(), source.lists)

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def read(self, first: date, last: date) -> PeriodRead:
        with self.connect() as conn:
            return read_period(conn, first, last, self.now, self.lists)

    def days(self, first: date, last: date) -> int:
        """How many session days there are from `first` to `last`."""
        with self.connect() as conn:
            return len(mappings(conn, IN_DAYS, in_days(first, last)))


@dataclass(frozen=True)
class DayRead:
    """One session's day: what its four CSV files are made of."""

    session: SessionInfo
    queue: tuple[QueueRow, ...]  # what it handled and what was carried over to it
    views: tuple[tuple[str, View], ...]  # (ref, view) for the views added in the session
    summary: DaySummary


@dataclass(frozen=True)
class PeriodRead:
    days: tuple[DayRead, ...]
    details: dict[int, records.ReferralDetail]  # every referral on any day's queue
    records: PeriodRecords  # for the measures
    now: datetime
    lists: vocab.Lists  # those it was read with, for the exports and measures made of it
    seal: Head | None = None  # the chain's head as it was read (the manifest's seal)


def read_period(
    conn: Connection, first: date, last: date, now: datetime, lists: vocab.Lists
) -> PeriodRead:
    """Every session day from `first` to `last`, as the Store would give it day by day."""
    found = sessions(conn, IN_DAYS, in_days(first, last))
    handled_by: dict[int, set[int]] = defaultdict(set)
    in_range = select(SESSION.c.id).where(
        SESSION.c.day >= first.isoformat(), SESSION.c.day <= last.isoformat()
    )
    for row in conn.execute(handled(in_range)):
        handled_by[row.session_id].add(row.referral_id)
    carried = _carried(conn, first, last, [s.day for s in found])
    ids = sorted({i for f in (*handled_by.values(), *carried.values()) for i in f})
    read = details.read(conn, ids, lists)
    referrals = read.details
    base = {
        i: details.queue_row(d, read.told, d.session_day, carried=False)
        for i, d in referrals.items()
    }
    views = by_session(sorted(read.views, key=lambda v: v["id"]))
    view_of = {view.id: view for d in referrals.values() for view in d.views}
    figures = session_figures(conn, in_range)
    days = []
    for session in found:
        here = carried.get(session.day, set())
        queue = tuple(
            base[i]
            if referrals[i].session_day >= session.day
            else dataclasses.replace(base[i], carried_from=referrals[i].session_day)
            for i in sorted(handled_by[session.id] | here)
        )
        summary = summarise(session.day, queue, len(here), *figures[session.id], lists=lists)
        shown = tuple(
            (referrals[v["referral_id"]].ref, view_of[v["id"]]) for v in views[session.id]
        )
        days.append(DayRead(session, queue, shown, summary))
    experiences = rows_in(
        conn,
        select(EXPERIENCE).order_by(EXPERIENCE.c.id),
        EXPERIENCE.c.session_id,
        [s.id for s in found],
    )
    return PeriodRead(
        days=tuple(days),
        details=referrals,
        records=PeriodRecords(
            first=first,
            last=last,
            sessions=tuple(found),
            referrals=tuple(referrals[i] for i in ids),
            feedback=tuple(convert.feedback(row, lists) for row in read.feedback),
            experiences=tuple(convert.experience(row) for row in experiences),
        ),
        now=now,
        lists=lists,
        seal=head(conn),
    )


@dataclass
class Figures:
    """What a session did besides its queue: its decisions (referral, version, outcome
    label), how many actions it added, and how many it left done."""

    decisions: list[tuple[int, int, str]] = dataclasses.field(default_factory=list)
    created: int = 0
    done: dict[int, bool] = dataclasses.field(default_factory=dict)  # action: done at its end

    def __iter__(self) -> Iterator[Any]:  # `summarise`'s last three arguments
        return iter((self.decisions, self.created, sum(self.done.values())))


def session_figures(conn: Connection, session_ids: Any) -> dict[int, Figures]:
    """The `Figures` of the sessions `session_ids` (a list, or a select of ids)."""
    found: dict[int, Figures] = defaultdict(Figures)
    query = select(DECISION.c.session_id, DECISION.c.referral_id, DECISION.c.version)
    query = query.add_columns(DECISION.c.outcome_label).where(
        DECISION.c.session_id.in_(session_ids)
    )
    for row in conn.execute(query):
        found[row.session_id].decisions.append((row.referral_id, row.version, row.outcome_label))
    query = select(ACTION.c.session_id, func.count().label("n"))
    query = query.where(ACTION.c.session_id.in_(session_ids)).group_by(ACTION.c.session_id)
    for row in conn.execute(query):
        found[row.session_id].created = row.n
    query = select(STATUS.c.session_id, STATUS.c.action_id, STATUS.c.done).order_by(STATUS.c.id)
    for row in conn.execute(query.where(STATUS.c.session_id.in_(session_ids))):
        found[row.session_id].done[row.action_id] = bool(row.done)
    return found


def _carried(
    conn: Connection, first: date, last: date, days: Sequence[date]
) -> dict[date, set[int]]:
    """The referrals carried over to each day: from an earlier session, no decision nor
    hand-off in a session before the day, not an advice call (its newest version)."""
    found: dict[date, set[int]] = defaultdict(set)
    ordered = sorted(days)
    for row in conn.execute(_maybe_carried(first, last)).mappings():
        if row["kind"] == vocab.ADVICE:
            continue
        received = date.fromisoformat(row["day"])
        closed = min(
            (date.fromisoformat(d) for d in (row["decided"], row["passed"]) if d), default=None
        )
        # The days after the one received, up to and including the one closed.
        start = bisect.bisect_right(ordered, received)
        end = len(ordered) if closed is None else bisect.bisect_right(ordered, closed)
        for when in ordered[start:end]:
            found[when].add(row["id"])
    return found
