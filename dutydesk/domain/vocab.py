"""The lists the duty team chooses from: agencies, urgencies, outcomes, needs, statuses.

The partnership's own lists come from a TOML file (`dutydesk.lists` reads and checks
it); the defaults ship as `lists.toml` beside this module. A `Lists` is a value: the app
loads one at start-up and hands it to screens, the Store (the labels a write saves),
exports and measures; a command loads one and passes it. No module keeps lists of its own.

Codes are stored; labels are shown. Records keep the label they were saved with, so a
label can be reworded later without rewriting history.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
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


CORE = ("agencies", "urgencies", "outcomes", "needs", "plan_rubric")  # the lists of the rules
FIXED: dict[str, tuple[Choice, ...]] = {"knows": KNOWS}  # lists of ours, not the file's


@dataclass(frozen=True)
class Lists:
    """One complete set of the partnership's lists, held by the app (or a command) and
    handed to what shows or checks a code. `chosen` holds the other lists of lists.toml
    (those a call's chosen field names, `CallField.choices`), by their name there."""

    agencies: tuple[Choice, ...]
    urgencies: tuple[Choice, ...]
    outcomes: tuple[Choice, ...]
    needs: tuple[Choice, ...]
    safety_netting: str = ""
    plan_rubric: tuple[Choice, ...] = ()  # what reviewers score action plans against
    chosen: dict[str, tuple[Choice, ...]] = field(default_factory=dict, hash=False)
    source: str = field(default="the defaults shipped with dutydesk", compare=False)

    def of(self, name: str) -> tuple[Choice, ...]:
        """A list by its name in lists.toml (or one of ours: `knows`); () if none."""
        if name in CORE:
            return tuple(getattr(self, name))
        return FIXED.get(name) or self.chosen.get(name, ())

    @property
    def action_owners(self) -> tuple[Choice, ...]:
        """The agencies in the room, plus services outside it."""
        return (*self.agencies, Choice("referrer", "Referrer"), Choice("other", "Other service"))

    @property
    def urgency_hints(self) -> dict[str, str]:
        return {c.code: c.hint for c in self.urgencies}

    @property
    def to_assessment_team(self) -> frozenset[str]:
        """The outcomes that hand the referral to the Assessment Team."""
        return frozenset(c.code for c in self.outcomes if c.to_assessment_team)

    def urgency_rank(self, code: str) -> int:
        order = codes(self.urgencies)
        return order.index(code) if code in order else len(order)

    def immediate_target_hours(self) -> float:
        """The IMMEDIATE target from the lists (4 hours if they do not set one)."""
        for choice in self.urgencies:
            if choice.code == IMMEDIATE and choice.target_hours:
                return choice.target_hours
        return DEFAULT_TARGET_HOURS


def lists_from(data: dict[str, Any], source: str) -> Lists:
    return Lists(
        agencies=choices_from(data, "agencies"),
        urgencies=choices_from(data, "urgencies"),
        outcomes=choices_from(data, "outcomes"),
        needs=choices_from(data, "needs"),
        safety_netting=str(data.get("safety_netting", "")).strip(),
        plan_rubric=choices_from(data, "plan_rubric"),
        chosen={
            name: choices_from(data, name)
            for name, value in data.items()
            if name not in CORE and isinstance(value, list)
        },
        source=source,
    )


def default_text() -> str:
    """The shipped lists.toml, comments and all (what `dutydesk config init` writes)."""
    return resources.files("dutydesk.domain").joinpath("lists.toml").read_text("utf-8")


@cache
def defaults() -> Lists:
    """The shipped lists (read once: a `Lists` never changes)."""
    return lists_from(tomllib.loads(default_text()), "the defaults shipped with dutydesk")


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
