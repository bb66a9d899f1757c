"""The lists the duty team chooses from: agencies, urgencies, outcomes, needs, statuses.

The one place every screen, export and measure reads them from. The partnership's own
lists come from a TOML file (`dutydesk.lists` reads and checks it); the defaults ship as
`lists.toml` beside this module. `install` makes a set of lists the active one, at start-up.

Codes are stored; labels are shown. Records keep the label they were saved with, so a
label can be reworded later without rewriting history.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    group: str = ""  # needs: the group it is shown under
    hint: str = ""  # urgencies: what the level means
    target_hours: float | None = None  # urgencies: how soon it should be dealt with
    to_assessment_team: bool = False  # outcomes: hands the referral to the Assessment Team


@dataclass(frozen=True)
class Lists:
    """One complete set of the partnership's lists."""

    agencies: tuple[Choice, ...]
    urgencies: tuple[Choice, ...]
    outcomes: tuple[Choice, ...]
    needs: tuple[Choice, ...]
    safety_netting: str = ""
    referrer_org_types: tuple[Choice, ...] = ()
    plan_rubric: tuple[Choice, ...] = ()  # what reviewers score action plans against
    source: str = field(default="the defaults shipped with dutydesk", compare=False)


KNOWS: tuple[Choice, ...] = (
    Choice("yes", "Yes"),
    Choice("no", "No"),
    Choice("unknown", "Not known"),
)

WAITING = "waiting"
IN_DISCUSSION = "in discussion"
DECIDED = "decided"
PASSED_ON = "passed to Assessment Team"
ADVICE_GIVEN = "advice given"  # an advice call: nothing more is waiting on the team
STATUSES = (WAITING, IN_DISCUSSION, DECIDED, PASSED_ON, ADVICE_GIVEN)

# What a contact is: a referral for the duty team, or a call that only needed advice
# ("should I refer?": no enquiry is a wrong enquiry).
REFERRAL = "referral"
ADVICE = "advice"
KINDS: tuple[Choice, ...] = (
    Choice(REFERRAL, "Referral"),
    Choice(ADVICE, "Advice only (should I refer?)"),
)
# How the contact came in.
PHONE = "phone"
ONLINE_FORM = "online form"
SOURCES = (PHONE, ONLINE_FORM)

IMMEDIATE = "immediate"  # the urgency the test's measure is about; every list must have it
DEFAULT_TARGET_HOURS = 4.0


def choices_from(data: dict[str, Any], key: str) -> tuple[Choice, ...]:
    """The entries of one list from already-checked TOML data."""
    return tuple(
        Choice(
            code=str(item["code"]),
            label=str(item["label"]),
            group=str(item.get("group", "")),
            hint=str(item.get("hint", "")),
            target_hours=float(item["target_hours"]) if "target_hours" in item else None,
            to_assessment_team=bool(item.get("to_assessment_team", False)),
        )
        for item in data.get(key, [])
    )


def lists_from(data: dict[str, Any], source: str) -> Lists:
    return Lists(
        agencies=choices_from(data, "agencies"),
        urgencies=choices_from(data, "urgencies"),
        outcomes=choices_from(data, "outcomes"),
        needs=choices_from(data, "needs"),
        safety_netting=str(data.get("safety_netting", "")).strip(),
        referrer_org_types=choices_from(data, "referrer_org_types"),
        plan_rubric=choices_from(data, "plan_rubric"),
        source=source,
    )


def default_text() -> str:
    """The shipped lists.toml, comments and all (what `dutydesk config init` writes)."""
    return resources.files("dutydesk.domain").joinpath("lists.toml").read_text("utf-8")


def defaults() -> Lists:
    return lists_from(tomllib.loads(default_text()), "the defaults shipped with dutydesk")


# The active lists. Screens, exports and measures read these names at call time
# (`vocab.NEEDS`, never `from vocab import NEEDS`), so `install` reaches all of them.
ACTIVE: Lists
AGENCIES: tuple[Choice, ...]
ACTION_OWNERS: tuple[Choice, ...]  # the agencies in the room, plus services outside it
URGENCIES: tuple[Choice, ...]
URGENCY_HINTS: dict[str, str]
OUTCOMES: tuple[Choice, ...]
TO_ASSESSMENT_TEAM: frozenset[str]  # outcomes that hand the referral to the Assessment Team
NEEDS: tuple[Choice, ...]
SAFETY_NETTING: str
ORG_TYPES: tuple[Choice, ...]  # the referrer's organisation type


def install(lists: Lists) -> None:
    """Make `lists` the ones every screen, export and measure uses from now on."""
    global ACTIVE, AGENCIES, ACTION_OWNERS, URGENCIES, URGENCY_HINTS, OUTCOMES
    global TO_ASSESSMENT_TEAM, NEEDS, SAFETY_NETTING, ORG_TYPES
    ACTIVE = lists
    AGENCIES = lists.agencies
    ACTION_OWNERS = (
        *lists.agencies,
        Choice("referrer", "Referrer"),
        Choice("other", "Other service"),
    )
    URGENCIES = lists.urgencies
    URGENCY_HINTS = {c.code: c.hint for c in lists.urgencies}
    OUTCOMES = lists.outcomes
    TO_ASSESSMENT_TEAM = frozenset(c.code for c in lists.outcomes if c.to_assessment_team)
    NEEDS = lists.needs
    SAFETY_NETTING = lists.safety_netting
    ORG_TYPES = lists.referrer_org_types


install(defaults())


def label(choices: tuple[Choice, ...], code: str | None) -> str:
    """The label for a code, or the code itself if the list no longer has it."""
    if not code:
        return ""
    for choice in choices:
        if choice.code == code:
            return choice.label
    return code


def codes(choices: tuple[Choice, ...]) -> list[str]:
    return [choice.code for choice in choices]


def urgency_rank(code: str) -> int:
    order = codes(URGENCIES)
    return order.index(code) if code in order else len(order)


def immediate_target_hours() -> float:
    """The IMMEDIATE target from the lists (4 hours if they do not set one)."""
    for choice in URGENCIES:
        if choice.code == IMMEDIATE and choice.target_hours:
            return choice.target_hours
    return DEFAULT_TARGET_HOURS
