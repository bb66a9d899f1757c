"""Children's ages, dates of birth and what a call needs before it can be saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from dutydesk.domain import vocab
from dutydesk.domain.records import (
    Action,
    Actor,
    CallDetails,
    Child,
    status_of,
)
from dutydesk.domain.text import FieldError

SHIPPED = vocab.defaults()

DAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("dob", "age"),
    [
        (date(2019, 11, 26), "7y"),  # birthday today
        (date(2019, 11, 27), "6y"),  # birthday tomorrow
        (date(2012, 2, 29), "14y"),
        (date(2025, 11, 26), "1y"),
        (date(2025, 11, 27), "11m"),
        (date(2026, 3, 10), "8m"),
        (date(2026, 10, 27), "0m"),
        (date(2026, 11, 26), "0m"),  # born today
        (date(2026, 11, 27), "unborn"),
        (date(2027, 3, 1), "unborn"),
    ],
)
def test_age_from_date_of_birth(dob: date, age: str) -> None:
    assert Child("Pat Example", dob=dob).age_on(DAY) == age


def test_a_leap_day_birthday_counts_from_first_of_march() -> None:
    child = Child("Pat Example", dob=date(2016, 2, 29))
    assert child.age_on(date(2026, 2, 28)) == "9y"
    assert child.age_on(date(2026, 3, 1)) == "10y"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("7", "7y"), (" 14 ", "14y"), ("unborn", "unborn"), ("8 months", "8m"), ("", "")],
)
def test_typed_age_when_no_date_of_birth(typed: str, shown: str) -> None:
    assert Child("Pat Example", age=typed).age_on(DAY) == shown


def test_date_of_birth_wins_over_typed_age() -> None:
    assert Child("Pat Example", dob=date(2019, 1, 1), age="3").age_on(DAY) == "7y"


def test_short_label_is_initials_and_age() -> None:
    assert Child("Amira Khan", age="7").short(DAY) == "AK 7y"
    assert Child("Amira Khan").short(DAY) == "AK"


# What is typed as a date of birth or age: tests/test_ages.py.


def call(**changes: object) -> CallDetails:
    base = CallDetails(
        urgency="today",
        children=(Child("Amira Khan", age="7"),),
        worry_seen="Bruise on arm, says she fell.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_complete_call_is_valid() -> None:
    call().validate(SHIPPED)
    call(worry_seen="", worry_told="Told her teacher she is scared to go home").validate(SHIPPED)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"urgency": ""}, "Urgency is needed: immediate, today or routine"),
        ({"urgency": "urgent"}, "Urgency is needed"),
        ({"children": ()}, "At least one child's name (or initials) is needed"),
        ({"children": (Child("  ", age="7"),)}, "At least one child's name"),
        ({"worry_seen": "", "worry_told": ""}, "What the worry is (seen or told) is needed"),
        ({"worry_seen": "  ", "worry_told": "\n"}, "What the worry is"),
    ],
)
def test_an_incomplete_call_names_what_is_missing(changes: dict, message: str) -> None:
    with pytest.raises(FieldError) as raised:
        call(**changes).validate(SHIPPED)
    assert str(raised.value).startswith(message)


def test_child_label_for_one_and_several_children() -> None:
    one = call(children=(Child("Amira Khan", age="7"),))
    three = call(
        children=(
            Child("Amira Khan", age="7"),
            Child("Bilal Khan", dob=date(2026, 5, 1)),
            Child("Baby Khan", age="unborn"),
        )
    )
    assert one.child_label(DAY) == "AK 7y"
    assert three.child_label(DAY) == "AK 7y +2"


def test_child_label_skips_unnamed_children() -> None:
    details = call(children=(Child("", age="3"), Child("Leo Example", age="3")))
    assert details.child_label(DAY) == "LE 3y"
    assert call(children=(Child(" "),)).child_label(DAY) == "?"


def test_actor_label_names_the_person_and_agency() -> None:
    assert Actor("Sam Okafor", "health").label(SHIPPED) == "Sam Okafor (Health)"
    assert Actor("", "police").label(SHIPPED) == "Police"


def test_status_from_what_has_happened() -> None:
    passed = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)
    assert status_of(False, False, None) == vocab.WAITING
    assert status_of(True, False, None) == vocab.IN_DISCUSSION
    assert status_of(True, True, None) == vocab.DECIDED
    assert status_of(True, True, passed) == vocab.PASSED_ON


def test_an_action_is_overdue_only_while_open_and_past_due() -> None:
    due = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)
    action = Action(
        id=1,
        referral_id=1,
        ref="261126-01",
        what="Call school",
        owner_agency="education",
        owner_name="Jo Example",
        due_at=due,
        need="Education and attendance",
        created_at=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
    )
    before = datetime(2026, 11, 26, 15, 59, tzinfo=UTC)
    after = datetime(2026, 11, 26, 16, 1, tzinfo=UTC)
    assert not action.overdue(before)
    assert action.overdue(after)
    done = replace(action, done_at=before)
    assert done.done and not done.overdue(after)
    no_due = replace(action, due_at=None)
    assert not no_due.overdue(after)
