"""What the store tests share: invented people, a clock moved by hand and short ways to
add a call, read SQL back, decide and start the next day. The fixtures built on them are in
tests/store/conftest.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from dutydesk.domain.records import Actor, CallDetails, Child, Decision, SessionInfo
from dutydesk.storage import Store

MASH = Actor("Sam Test", "mash", "MASH officer")
HEALTH = Actor("Ola Example", "health", "Health visitor")
SOCIAL = Actor("Kit Example", "social_work", "Advanced practitioner")
THURSDAY = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PEOPLE = [("mash", "Sam Test", "MASH officer"), ("health", "Ola Example", "Health visitor")]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **kwargs: float) -> None:
        self.moment += timedelta(**kwargs)


def call(name: str = "Amira Khan", urgency: str = "today", **changes: Any) -> CallDetails:
    details = CallDetails(
        urgency=urgency,
        children=(Child(name, age="7"),),
        worry_seen="Bruise on arm, says she fell.",
        referrer_name="Jo Example",
        referrer_org="Example Primary School",
    )
    return replace(details, **changes)


def sql(store: Store, query: str, *params: Any) -> list[Any]:
    """The rows of `query`, each ? standing for the next of `params` (on either engine)."""
    parts = query.split("?")
    named = parts[0] + "".join(f":p{n}{part}" for n, part in enumerate(parts[1:]))
    with store.engine.connect() as conn:
        found = conn.execute(text(named), {f"p{n}": value for n, value in enumerate(params)})
        return [tuple(row) for row in found.all()]


def decide(
    store: Store,
    rid: int,
    sid: int,
    outcome: str,
    version: int = 0,
    why: str = "",
    by: Actor = SOCIAL,
) -> Decision:
    """Decide (version 0) or amend the decision at `version` for the reason `why`."""
    return store.decide(
        rid,
        sid,
        outcome,
        f"Reasons for {outcome}.",
        ["health"],
        by,
        expected_version=version,
        amend_reason=why,
    )


def next_day(store: Store, clock: Clock, people: list[Any] = PEOPLE) -> SessionInfo:
    clock.advance(days=1)
    return store.start_session(store.today(), people, MASH)
