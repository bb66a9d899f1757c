"""Open actions from every day, a window at a time: the open actions screen's reads.

An action is open while its newest status row is not "done" (or it has none). Telling
which are open needs a look at every action and its newest status, however it is asked (no
index says "open"): about 130 ms at 100,000 referrals (203,000 actions), so it is done once
per reading of the list, and reads ids only: the open actions' ids in the list's order
(soonest due first, no due date last, then by id) with whether each is overdue, a few
bytes an action. The screen then reads its rows a window of ids at a time, as tuples (no
ORM objects): a window costs a few ms whatever the history's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, func, select

from dutydesk.domain.records import Action
from dutydesk.storage import convert
from dutydesk.storage.base import StoreBase
from dutydesk.storage.reading import ACTION, REFERRAL, STATUS, rows_in
from dutydesk.storage.tables import UTCDateTime


def _open(action: Any) -> ColumnElement[bool]:
    """Not done: the action's newest status row (one index seek) is not "done", or it has
    none."""
    newest = (
        select(STATUS.c.done)
        .where(STATUS.c.action_id == action.c.id)
        .order_by(STATUS.c.id.desc())
        .limit(1)
        .correlate(action)
        .scalar_subquery()
    )
    return func.coalesce(newest, False).is_(False)


_SCANNED = ACTION.alias("scanned")
# The open ids found on an index of the action table (ids only: far less to read than its
# rows), then only those rows read for their due dates and sorted.
_KEYS = (
    select(ACTION.c.id, case((ACTION.c.due_at < bindparam("now", type_=UTCDateTime), 1), else_=0))
    .where(ACTION.c.id.in_(select(_SCANNED.c.id).where(_open(_SCANNED))))
    .order_by(case((ACTION.c.due_at.is_(None), 1), else_=0), ACTION.c.due_at, ACTION.c.id)
)
_DETAILS = select(ACTION, REFERRAL.c.ref).join(REFERRAL, REFERRAL.c.id == ACTION.c.referral_id)


class ActionReads(StoreBase):
    def open_action_keys(self, now: datetime) -> list[tuple[int, bool]]:
        """Every open action's id, soonest due first (no due date last, then by id), and
        whether it was due before `now`."""
        with self._read() as s:
            rows = s.execute(_KEYS, {"now": now}).all()
        return [(int(ident), bool(late)) for ident, late in rows]

    def actions_of(self, ids: Sequence[int]) -> list[Action]:
        """These actions, in this order, as they are when read (a window of the ids from
        `open_action_keys`; one done since is still read, as it was listed)."""
        with self._read() as c:
            rows = rows_in(c, _DETAILS, ACTION.c.id, ids)
        found = {row["id"]: convert.action(row, row["ref"], None) for row in rows}  # open
        return [found[i] for i in ids if i in found]

    def open_actions(self) -> list[Action]:
        """Every action not yet done, from any session, soonest due first."""
        return self.actions_of([ident for ident, _late in self.open_action_keys(self.now())])
