"""The invented people, places and calls that `dutydesk.demo` builds a test day from.

Everything here is fiction: no child, family, worker, school or service is real. The data
is in two files next to this one, read once when the module is first imported:

- people.toml: referrers, names, schools and settings, the duty team roster and the
  workers outside the room who take on actions;
- scenarios.toml: what agencies say when they have nothing particular to add, and the
  calls themselves.

The names below are what the demo uses: tuples and frozen dataclasses, in the order the
files give them (the demo picks from them with a seeded random number generator, so the
order is part of the output). Each file's shape is declared below (pydantic checks it):
one that does not have it raises `DemoDataError` naming the table and key.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Annotated, Any, NamedTuple, TypeVar

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
)
from pydantic.dataclasses import dataclass

UNBORN = -1  # an age in `Scenario.ages`: a pre-birth referral
UNDER_ONE = 0  # an age in `Scenario.ages`: a baby of some months
AGE_WORDS = {"unborn": UNBORN, "under one": UNDER_ONE}  # how the files write those two

Text = StrictStr
Texts = tuple[StrictStr, ...]
T = TypeVar("T")
# A key the shape does not name is refused (catches misspellings).
SHAPE = ConfigDict(extra="forbid")


class DemoDataError(ValueError):
    """A demo data file is missing something or has it in the wrong shape."""


def _age(value: Any) -> Any:
    """An age in years, or how the files write UNBORN and UNDER_ONE."""
    if isinstance(value, str):
        if value not in AGE_WORDS:
            raise ValueError(f"an age in words is one of {', '.join(AGE_WORDS)}")
        return AGE_WORDS[value]
    return value


class View(NamedTuple):
    knows: Text  # what an agency knows
    needed: Text  # what it thinks is needed


class AgencyView(NamedTuple):
    agency: Text
    knows: Text
    needed: Text


class Decision(NamedTuple):
    outcome: Text  # its code
    reasons: Text


class ActionText(NamedTuple):
    what: Text
    owner: Text  # owner agency, or 'referrer'/'other'
    need: Text  # need code
    days: StrictInt  # working days on
    hour: StrictInt  # hour due


class Amendment(NamedTuple):
    outcome: Text  # the first outcome
    reasons: Text  # its reasons
    why_changed: Text


class Setting(NamedTuple):
    youngest: StrictInt  # years
    oldest: StrictInt
    names: Texts


@dataclass(frozen=True, config=SHAPE)
class Scenario:
    key: Text
    urgency: Text
    ages: tuple[Annotated[StrictInt, BeforeValidator(_age)], ...]  # eldest first
    referrer: Text  # a key of REFERRERS
    seen: Text
    told: Text
    wants: Text  # what the referrer thinks the child needs
    needs: Texts  # need codes (the shipped lists)
    knows: Text  # does the family know about the call (vocab.KNOWS)
    consent: Text  # did they agree to it (vocab.KNOWS)
    decisions: tuple[Decision, ...] = Field((), alias="decision")  # likeliest first
    views: tuple[AgencyView, ...] = Field((), alias="view")
    actions: tuple[ActionText, ...] = Field((), alias="action")
    amend: Amendment | None = None
    dob_known: StrictBool = True  # False: the referrer only knew a first name and rough age


@dataclass(frozen=True, config=SHAPE)
class Referrer:
    orgs: Texts  # () means the child's own school or setting
    roles: Texts
    relationship: Text
    family: StrictBool = False  # a parent: shares the child's surname
    sex: Text = ""  # "f" or "m" when the relationship says (mother, father, grandmother)


# -- the files' shapes ----------------------------------------------------------------------


@dataclass(frozen=True, config=SHAPE)
class _Names:
    girls: Texts
    boys: Texts
    surnames: Texts
    adult_women: Texts
    adult_men: Texts
    adult_surnames: Texts


@dataclass(frozen=True, config=SHAPE)
class _People:
    referrer: dict[str, Referrer]
    names: _Names
    setting: tuple[Setting, ...]
    roster: dict[str, tuple[tuple[Text, Text], ...]]  # agency: (name, role)
    other_owners: dict[str, Text]  # need: who; and a "default"


@dataclass(frozen=True, config=SHAPE)
class _Calls:
    preschool_view: View
    generic_view: dict[str, tuple[View, ...]]
    scenario: tuple[Scenario, ...]


# What pydantic's error types are called here.
_SAID = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "tuple_type": "expected a list",
    "dict_type": "expected a table",
    "dataclass_type": "expected a table",
}


def read(shape: type[T], table: Any, where: str) -> T:
    """`table` as a `shape`, or DemoDataError naming the first place that is wrong."""
    try:
        return TypeAdapter(shape).validate_python(table)
    except ValidationError as error:
        first = error.errors()[0]
        kind, loc = first["type"], (where, *first["loc"])
        if kind == "missing":
            said = f"{_path(loc[:-1])}: {loc[-1]} is missing"
        elif kind in ("extra_forbidden", "unexpected_keyword_argument"):
            said = f"{_path(loc[:-1])}: unexpected {loc[-1]}"
        else:
            why = first.get("ctx", {}).get("error") or _SAID.get(kind, first["msg"])
            said = f"{_path(loc)}: {why}"
        raise DemoDataError(said) from None


def _path(loc: tuple[Any, ...]) -> str:
    """('scenario', 3, 'action', 0) as scenario[3].action[0]."""
    return str(loc[0]) + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc[1:])


def load(name: str, shape: type[T]) -> T:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{name}: {error}") from error
    return read(shape, table, name.removesuffix(".toml"))


def _scenario(table: Any, where: str) -> Scenario:
    return read(Scenario, table, where)


# -- the data -------------------------------------------------------------------------------

_PEOPLE = load("people.toml", _People)
_CALLS = load("scenarios.toml", _Calls)

REFERRERS: dict[str, Referrer] = _PEOPLE.referrer
GIRLS = _PEOPLE.names.girls
BOYS = _PEOPLE.names.boys
SURNAMES = _PEOPLE.names.surnames
ADULT_WOMEN = _PEOPLE.names.adult_women
ADULT_MEN = _PEOPLE.names.adult_men
ADULT_SURNAMES = _PEOPLE.names.adult_surnames

# Schools and settings by age (years): nursery, primary, secondary, sixth form.
SETTINGS: tuple[Setting, ...] = _PEOPLE.setting

# The duty team: people each agency might send to the room, (name, role).
ROSTER: dict[str, tuple[tuple[str, str], ...]] = _PEOPLE.roster

# Workers outside the room who take on actions ('other' owner), by the need they meet.
OTHER_OWNERS = {need: who for need, who in _PEOPLE.other_owners.items() if need != "default"}
if "default" not in _PEOPLE.other_owners:
    raise DemoDataError("people.other_owners: default is missing")
OTHER_OWNER = _PEOPLE.other_owners["default"]

# Education's view of a child not yet at school.
PRESCHOOL_VIEW = _CALLS.preschool_view

# What each agency says when the scenario gives it nothing particular to add.
GENERIC_VIEWS: dict[str, tuple[View, ...]] = _CALLS.generic_view

SCENARIOS: tuple[Scenario, ...] = _CALLS.scenario

del _PEOPLE, _CALLS  # the files as read: what the demo uses is named above
