"""Working days in England: Monday to Friday, excluding English bank holidays.

Statutory guidance expects a decision within one working day. A call's decision is due at
the same London wall-clock time on the first working day after the day of the call: a call
at 16:50 on Friday is due by 16:50 on Monday (or Tuesday, if Monday is a bank holiday).
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any

from dutydesk.domain.clock import LONDON_ZONE


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays that fall on a weekday (a weekend one's substitute
    included), from the `holidays` package: its rules and the one-off days proclaimed
    (jubilees, the 2022 state funeral, the 2023 coronation, VE Day's moved May Day)."""
    england = _united_kingdom()(subdiv="ENG", years=year)
    return frozenset(day for day in england if day.weekday() < 5)


@cache
def _united_kingdom() -> Any:
    """The `holidays` package's United Kingdom, imported on first use and on its own:
    `holidays.country_holidays` imports its `countries` package, which imports all 250
    countries first (90 ms of CPU on every export and start, against 40 ms this way)."""
    import holidays

    path = Path(holidays.__path__[0], "countries", "united_kingdom.py")
    spec = importlib.util.spec_from_file_location("holidays.countries.united_kingdom", path)
    if spec is None or spec.loader is None or not path.is_file():  # laid out otherwise
        return partial(holidays.country_holidays, "GB")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.UnitedKingdom


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def decision_due(received: datetime) -> datetime:
    """When a decision on a call received at `received` is due, in UTC: the same London
    wall time (to the second) on the next working day. A working day is never a day the
    clocks change (a Sunday), so that wall time is never missing nor doubled."""
    local = received.astimezone(LONDON_ZONE)
    day = next_working_day(local.date())
    wall = datetime(day.year, day.month, day.day, local.hour, local.minute, local.second)
    return wall.replace(tzinfo=LONDON_ZONE).astimezone(UTC)
