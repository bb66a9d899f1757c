"""Tests of change, baseline days from the case system, and the team's retrospectives.

Each write is one transaction through the Store's write path, logged in the event chain;
nothing is changed after: a rename or an end is a new `trial` row (version + 1), a baseline
day imported again is a new `baseline_day` row (the latest is the one used).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from dutydesk.domain.baseline import BaselineDay, BaselineError
from dutydesk.domain.records import Actor
from dutydesk.domain.text import FieldError, field
from dutydesk.domain.trials import Retrospective, Trial, TrialError, find, name_of
from dutydesk.storage import convert
from dutydesk.storage.base import StoreBase, Tx
from dutydesk.storage.reading import SESSION, mappings
from dutydesk.storage.rows import actor_fields
from dutydesk.storage.tables import BASELINE, RETRO, TRIAL, TRIAL_DAY


class TrialStore(StoreBase):
    # -- tests ------------------------------------------------------------------------

    def add_trial(self, name: str, days: Sequence[date], actor: Actor) -> Trial:
        if not days:
            raise TrialError("a test needs at least one day")
        with self._write() as tx:
            trials = read_trials(tx.conn)
            name = name_of(name, trials)
            number = max((t.number for t in trials), default=0) + 1
            self._version(tx, number, 1, name, None, actor)
            for day in sorted(set(days)):
                tx.insert(TRIAL_DAY, {"number": number, "day": day.isoformat()})
            self._log(tx, "test added", actor, f"{name}: {len(set(days))} day(s)")
            return read_trials(tx.conn, number)[0]

    def rename_trial(self, name: str, new_name: str, actor: Actor) -> Trial:
        with self._write() as tx:
            trials = read_trials(tx.conn)
            trial = find(trials, name)
            new = name_of(new_name, trials, number=trial.number)
            self._change(tx, trial, new, trial.ended_on, actor)
            self._log(tx, "test renamed", actor, f"{trial.name} -> {new}")
            return read_trials(tx.conn, trial.number)[0]

    def end_trial(self, name: str, on: date, actor: Actor) -> Trial:
        """End the test on `on`: its days after are no longer test days."""
        with self._write() as tx:
            trial = find(read_trials(tx.conn), name)
            if trial.ended_on is not None:
                raise TrialError(f'"{trial.name}" was already ended on {trial.ended_on}')
            if on < trial.days[0]:
                raise TrialError(f'"{trial.name}" starts on {trial.days[0]}, after {on}')
            self._change(tx, trial, trial.name, on, actor)
            self._log(tx, "test ended", actor, f"{trial.name} on {on}")
            return read_trials(tx.conn, trial.number)[0]

    def trials(self) -> list[Trial]:
        """Every test, as it is now, in the order they were added."""
        with self._read() as c:
            return read_trials(c)

    def _change(self, tx: Tx, trial: Trial, name: str, ended: date | None, actor: Actor) -> None:
        latest = select(func.max(TRIAL.c.version)).where(TRIAL.c.number == trial.number)
        self._version(tx, trial.number, int(tx.scalar(latest)) + 1, name, ended, actor)

    def _version(
        self, tx: Tx, number: int, version: int, name: str, ended: date | None, actor: Actor
    ) -> None:
        row = {"number": number, "version": version, "name": name, "at": self.now()}
        row["ended_on"] = ended.isoformat() if ended else ""
        tx.insert(TRIAL, {**row, **actor_fields(actor)})

    # -- baseline days from the case system ---------------------------------------------

    def import_baseline(self, days: Sequence[BaselineDay], source: str, actor: Actor) -> int:
        """Keep the days of a checked file (all in one transaction); how many. Refused
        (BaselineError) if dutydesk recorded any of them: a day's figures come from one place."""
        with self._write() as tx:
            wanted = [d.day.isoformat() for d in days]
            recorded = tx.conn.scalars(select(SESSION.c.day).where(SESSION.c.day.in_(wanted)))
            if clash := sorted(recorded):
                raise BaselineError(
                    [
                        f"{day}: dutydesk has a duty session that day (a day's figures come from "
                        "one place: take it out of the file)"
                        for day in clash
                    ]
                )
            for day in days:
                tx.insert(BASELINE, {**_baseline_row(day, source, self), **actor_fields(actor)})
            self._log(tx, "baseline imported", actor, f"{len(days)} day(s) from {source}")
        return len(days)

    def baseline_days(
        self, first: date | None = None, last: date | None = None
    ) -> list[BaselineDay]:
        with self._read() as c:
            return read_baseline(c, first, last)

    # -- the team's retrospectives ------------------------------------------------------

    def add_retrospective(
        self,
        day: date,
        trial: int | None,
        texts: tuple[str, str, str, str],
        actor: Actor,
        *,
        token: str = "",
    ) -> Retrospective:
        """What worked, what did not, what to try next and who was there, for a day (or a
        test ending on it). A second save with the same `token` answers with the first."""
        worked, not_worked, try_next, present = (
            field(label, text)
            for label, text in zip(
                ("What worked", "What did not", "What to try next", "Who was there"),
                texts,
                strict=True,
            )
        )
        if not (worked or not_worked or try_next):
            raise FieldError("Write what worked, what did not, or what to try next")
        row: dict[str, Any] = {
            "day": day.isoformat(),
            "trial": trial,
            "worked": worked,
            "not_worked": not_worked,
            "try_next": try_next,
            "present": present,
            "recorded_at": self.now(),
            **actor_fields(actor),
        }
        with self._write() as tx:
            if (saved := self._save_once(tx, token, RETRO, row)) is not None:
                found = mappings(tx.conn, select(RETRO).where(RETRO.c.id == saved))
                return convert.retrospective(found[0])
            self._log(tx, "retrospective recorded", actor, day.isoformat())
        return convert.retrospective(row)

    def retrospectives(self, first: date, last: date) -> list[Retrospective]:
        with self._read() as c:
            return read_retrospectives(c, first, last)


def read_baseline(c: Connection, first: date | None, last: date | None) -> list[BaselineDay]:
    """The imported days (the latest import of each), in order, from `first` to `last`."""
    query = select(BASELINE).order_by(BASELINE.c.id)
    if first is not None:
        query = query.where(BASELINE.c.day >= first.isoformat())
    if last is not None:
        query = query.where(BASELINE.c.day <= last.isoformat())
    latest = {r["day"]: convert.baseline_day(r) for r in mappings(c, query)}
    return [latest[d] for d in sorted(latest)]


def read_retrospectives(c: Connection, first: date, last: date) -> list[Retrospective]:
    query = (
        select(RETRO)
        .where(RETRO.c.day >= first.isoformat(), RETRO.c.day <= last.isoformat())
        .order_by(RETRO.c.day, RETRO.c.id)
    )
    return [convert.retrospective(r) for r in mappings(c, query)]


def read_trials(c: Connection, number: int | None = None) -> list[Trial]:
    rows = select(TRIAL).order_by(TRIAL.c.number, TRIAL.c.version)
    days = select(TRIAL_DAY.c.number, TRIAL_DAY.c.day).order_by(TRIAL_DAY.c.day)
    if number is not None:
        rows, days = rows.where(TRIAL.c.number == number), days.where(TRIAL_DAY.c.number == number)
    found: dict[int, list[date]] = {}
    for n, day in c.execute(days):
        found.setdefault(n, []).append(date.fromisoformat(day))
    first: dict[int, Any] = {}
    latest: dict[int, Any] = {}
    for row in mappings(c, rows):
        first.setdefault(row["number"], row)
        latest[row["number"]] = row
    return [
        Trial(
            number=n,
            name=row["name"],
            days=tuple(found.get(n, ())),
            ended_on=date.fromisoformat(row["ended_on"]) if row["ended_on"] else None,
            added_at=first[n]["at"],
            added_by=first[n]["actor_name"],
        )
        for n, row in latest.items()
    ]


def _baseline_row(day: BaselineDay, source: str, store: StoreBase) -> dict[str, Any]:
    return {
        "day": day.day.isoformat(),
        "contacts": day.contacts,
        "decisions": day.decisions,
        "median_minutes_to_decision": day.median_minutes_to_decision,
        "immediate": day.immediate,
        "immediate_median_minutes": day.immediate_median_minutes,
        "decided_within_one_working_day": day.decided_within_one_working_day,
        "outcomes_json": json.dumps(day.outcomes),
        "source": source,
        "imported_at": store.now(),
    }
