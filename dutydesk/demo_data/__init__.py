"""The invented people, places and calls that `dutydesk.demo` builds a test day from.

Everything here is fiction: no child, family, worker, school or service is real. The data
is in two files next to this one, read once when the module is first imported:

- people.toml: referrers, names, schools and settings, the duty team roster and the
  workers outside the room who take on actions;
- scenarios.toml: what agencies say when they have nothing particular to add, and the
  calls themselves.

The names below are what the demo uses: tuples and frozen dataclasses, in the order the
files give them (the demo picks from them with a seeded random number generator, so the
order is part of the output). A file that does not have the expected shape raises
`DemoDataError` naming the table and key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

UNBORN = -1  # an age in `Scenario.ages`: a pre-birth referral
UNDER_ONE = 0  # an age in `Scenario.ages`: a baby of some months

# (what, owner agency or 'referrer'/'other', need code, working days on, hour due)
ActionText = tuple[str, str, str, int, int]


@dataclass(frozen=True)
class Scenario:
    key: str
    urgency: str
    ages: tuple[int, ...]  # eldest first
    referrer: str  # a key of REFERRERS
    seen: str
    told: str
    wants: str  # what the referrer thinks the child needs
    needs: tuple[str, ...]  # need codes (the shipped lists)
    knows: str  # does the family know about the call (vocab.KNOWS)
    consent: str  # did they agree to it (vocab.KNOWS)
    decisions: tuple[tuple[str, str], ...]  # (outcome code, reasons), likeliest first
    views: tuple[tuple[str, str, str], ...]  # (agency, what it knows, what it thinks is needed)
    actions: tuple[ActionText, ...]
    amend: tuple[str, str, str] | None = None  # (first outcome, its reasons, why changed)
    dob_known: bool = True  # False: the referrer only knew a first name and rough age


@dataclass(frozen=True)
class Referrer:
    orgs: tuple[str, ...]  # () means the child's own school or setting
    roles: tuple[str, ...]
    relationship: str
    family: bool = False  # a parent: shares the child's surname
    sex: str = ""  # "f" or "m" when the relationship says (mother, father, grandmother)


_Table = TypeVar("_Table", bound=Mapping[str, Any])


class DemoDataError(ValueError):
    """A demo data file is missing something or has it in the wrong shape."""


# -- reading the files ----------------------------------------------------------------------


def _load(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{name}: {error}") from error


def _only(table: _Table, allowed: set[str], where: str) -> _Table:
    """`table`, once it is known to hold no key outside `allowed` (catches misspellings)."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise DemoDataError(f"{where}: unexpected {', '.join(unknown)}")
    return table


def _get(table: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise DemoDataError(f"{where}: {key} is missing")
    return table[key]


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise DemoDataError(f"{where}: expected text, found {value!r}")
    return value


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DemoDataError(f"{where}: expected a whole number, found {value!r}")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise DemoDataError(f"{where}: expected true or false, found {value!r}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise DemoDataError(f"{where}: expected a list, found {value!r}")
    return value


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DemoDataError(f"{where}: expected a table, found {value!r}")
    return value


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    return _str(_get(table, key, where), f"{where}.{key}")


def _texts(value: Any, where: str) -> tuple[str, ...]:
    return tuple(_str(item, f"{where}[{i}]") for i, item in enumerate(_list(value, where)))


def _pair(value: Any, where: str) -> tuple[str, str]:
    items = _texts(value, where)
    if len(items) != 2:
        raise DemoDataError(f"{where}: expected two pieces of text, found {len(items)}")
    return items[0], items[1]


def _tables(table: Mapping[str, Any], key: str, where: str) -> list[tuple[str, dict[str, Any]]]:
    """The array of tables `table[key]` (empty when absent), each with where it came from."""
    found = _list(table.get(key, []), f"{where}.{key}")
    return [
        (f"{where}.{key}[{i}]", _table(item, f"{where}.{key}[{i}]")) for i, item in enumerate(found)
    ]


def _view(table: Mapping[str, Any], where: str) -> tuple[str, str]:
    """(what an agency knows, what it thinks is needed)."""
    _only(table, {"knows", "needed"}, where)
    return _text(table, "knows", where), _text(table, "needed", where)


# -- people.toml ----------------------------------------------------------------------------


def _referrer(table: Mapping[str, Any], where: str) -> Referrer:
    _only(table, {"orgs", "roles", "relationship", "family", "sex"}, where)
    return Referrer(
        orgs=_texts(_get(table, "orgs", where), f"{where}.orgs"),
        roles=_texts(_get(table, "roles", where), f"{where}.roles"),
        relationship=_text(table, "relationship", where),
        family=_bool(table.get("family", False), f"{where}.family"),
        sex=_str(table.get("sex", ""), f"{where}.sex"),
    )


def _setting(table: Mapping[str, Any], where: str) -> tuple[int, int, tuple[str, ...]]:
    _only(table, {"youngest", "oldest", "names"}, where)
    return (
        _int(_get(table, "youngest", where), f"{where}.youngest"),
        _int(_get(table, "oldest", where), f"{where}.oldest"),
        _texts(_get(table, "names", where), f"{where}.names"),
    )


# -- scenarios.toml -------------------------------------------------------------------------


def _age(value: Any, where: str) -> int:
    """An age in years, or how the files write UNBORN and UNDER_ONE."""
    words = {"unborn": UNBORN, "under one": UNDER_ONE}
    if isinstance(value, str):
        if value not in words:
            raise DemoDataError(f"{where}: an age in words is one of {', '.join(words)}")
        return words[value]
    return _int(value, where)


def _scenario(table: Mapping[str, Any], where: str) -> Scenario:
    keys = {
        "key", "urgency", "ages", "referrer", "seen", "told", "wants", "needs", "knows",
        "consent", "dob_known", "decision", "view", "action", "amend",
    }  # fmt: skip
    _only(table, keys, where)
    ages = _list(_get(table, "ages", where), f"{where}.ages")
    decisions: list[tuple[str, str]] = []
    for at, found in _tables(table, "decision", where):
        _only(found, {"outcome", "reasons"}, at)
        decisions.append((_text(found, "outcome", at), _text(found, "reasons", at)))
    views: list[tuple[str, str, str]] = []
    for at, found in _tables(table, "view", where):
        _only(found, {"agency", "knows", "needed"}, at)
        views.append(
            (_text(found, "agency", at), _text(found, "knows", at), _text(found, "needed", at))
        )
    actions: list[ActionText] = []
    for at, found in _tables(table, "action", where):
        _only(found, {"what", "owner", "need", "days", "hour"}, at)
        actions.append(
            (
                _text(found, "what", at),
                _text(found, "owner", at),
                _text(found, "need", at),
                _int(_get(found, "days", at), f"{at}.days"),
                _int(_get(found, "hour", at), f"{at}.hour"),
            )
        )
    amend: tuple[str, str, str] | None = None
    if "amend" in table:
        at = f"{where}.amend"
        found = _only(_table(table["amend"], at), {"outcome", "reasons", "why_changed"}, at)
        amend = (
            _text(found, "outcome", at),
            _text(found, "reasons", at),
            _text(found, "why_changed", at),
        )
    return Scenario(
        key=_text(table, "key", where),
        urgency=_text(table, "urgency", where),
        ages=tuple(_age(age, f"{where}.ages[{i}]") for i, age in enumerate(ages)),
        referrer=_text(table, "referrer", where),
        seen=_text(table, "seen", where),
        told=_text(table, "told", where),
        wants=_text(table, "wants", where),
        needs=_texts(_get(table, "needs", where), f"{where}.needs"),
        knows=_text(table, "knows", where),
        consent=_text(table, "consent", where),
        decisions=tuple(decisions),
        views=tuple(views),
        actions=tuple(actions),
        amend=amend,
        dob_known=_bool(table.get("dob_known", True), f"{where}.dob_known"),
    )


# -- the data -------------------------------------------------------------------------------

_PEOPLE = _only(
    _load("people.toml"), {"referrer", "names", "setting", "roster", "other_owners"}, "people"
)
_NAMES = _only(
    _table(_get(_PEOPLE, "names", "people"), "people.names"),
    {"girls", "boys", "surnames", "adult_women", "adult_men", "adult_surnames"},
    "people.names",
)
_OWNERS = _table(_get(_PEOPLE, "other_owners", "people"), "people.other_owners")
_CALLS = _only(_load("scenarios.toml"), {"preschool_view", "generic_view", "scenario"}, "scenarios")
_GENERIC = _table(_get(_CALLS, "generic_view", "scenarios"), "scenarios.generic_view")

REFERRERS: dict[str, Referrer] = {
    key: _referrer(_table(value, f"people.referrer.{key}"), f"people.referrer.{key}")
    for key, value in _table(_get(_PEOPLE, "referrer", "people"), "people.referrer").items()
}

GIRLS = _texts(_get(_NAMES, "girls", "people.names"), "people.names.girls")
BOYS = _texts(_get(_NAMES, "boys", "people.names"), "people.names.boys")
SURNAMES = _texts(_get(_NAMES, "surnames", "people.names"), "people.names.surnames")
ADULT_WOMEN = _texts(_get(_NAMES, "adult_women", "people.names"), "people.names.adult_women")
ADULT_MEN = _texts(_get(_NAMES, "adult_men", "people.names"), "people.names.adult_men")
ADULT_SURNAMES = _texts(
    _get(_NAMES, "adult_surnames", "people.names"), "people.names.adult_surnames"
)

# Schools and settings by age (years): nursery, primary, secondary, sixth form.
SETTINGS: tuple[tuple[int, int, tuple[str, ...]], ...] = tuple(
    _setting(table, at) for at, table in _tables(_PEOPLE, "setting", "people")
)

# The duty team: people each agency might send to the room, (name, role).
ROSTER: dict[str, tuple[tuple[str, str], ...]] = {
    agency: tuple(
        _pair(person, f"people.roster.{agency}[{i}]")
        for i, person in enumerate(_list(people, f"people.roster.{agency}"))
    )
    for agency, people in _table(_get(_PEOPLE, "roster", "people"), "people.roster").items()
}

# Workers outside the room who take on actions ('other' owner), by the need they meet.
OTHER_OWNERS: dict[str, str] = {
    need: _str(who, f"people.other_owners.{need}")
    for need, who in _OWNERS.items()
    if need != "default"
}
OTHER_OWNER = _text(_OWNERS, "default", "people.other_owners")

# Education's view of a child not yet at school.
PRESCHOOL_VIEW = _view(
    _table(_get(_CALLS, "preschool_view", "scenarios"), "scenarios.preschool_view"),
    "scenarios.preschool_view",
)

# What each agency says when the scenario gives it nothing particular to add.
GENERIC_VIEWS: dict[str, tuple[tuple[str, str], ...]] = {
    agency: tuple(
        _view(table, at) for at, table in _tables(_GENERIC, agency, "scenarios.generic_view")
    )
    for agency in _GENERIC
}

SCENARIOS: tuple[Scenario, ...] = tuple(
    _scenario(table, at) for at, table in _tables(_CALLS, "scenario", "scenarios")
)

del _PEOPLE, _NAMES, _OWNERS, _CALLS, _GENERIC  # the raw tables: read, no longer needed
