"""What people type as a child's date of birth or age (dutydesk.domain.ages)."""

from __future__ import annotations

from datetime import date

import pytest

from dutydesk.domain.ages import check_dob, normal_age, parse_dob_or_age
from dutydesk.domain.records import Child
from dutydesk.domain.text import FieldError

TODAY = date(2026, 11, 26)  # the tests' fixed day (a Thursday)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("14/03/2018", (date(2018, 3, 14), "")),
        ("14/3/18", (date(2018, 3, 14), "")),
        ("14-03-2018", (date(2018, 3, 14), "")),
        ("14.03.2018", (date(2018, 3, 14), "")),
        ("2018-03-14", (date(2018, 3, 14), "")),
        ("2018-3-4", (date(2018, 3, 4), "")),
        ("14 Mar 2018", (date(2018, 3, 14), "")),
        ("14 march 2018", (date(2018, 3, 14), "")),
        ("14th March 2018", (date(2018, 3, 14), "")),
        ("14-Mar-18", (date(2018, 3, 14), "")),
        ("3 Sept 2019", (date(2019, 9, 3), "")),
        ("March 14, 2018", (date(2018, 3, 14), "")),
        ("1/1/03", (date(2003, 1, 1), "")),  # a two-digit year still to come is last century's
        ("26/11/2026", (date(2026, 11, 26), "")),  # born today
        ("8", (None, "8")),
        ("8y", (None, "8")),
        ("8 Y", (None, "8")),
        ("8yrs", (None, "8")),
        ("8 years old", (None, "8")),
        ("8 months", (None, "8 months")),
        ("8m", (None, "8 months")),
        ("8 mths", (None, "8 months")),
        ("1 month", (None, "1 month")),
        ("3w", (None, "3 weeks")),
        ("3 wks", (None, "3 weeks")),
        ("about 12", (None, "about 12")),
        ("12ish", (None, "about 12")),
        ("~12", (None, "about 12")),
        ("25", (None, "25")),
        ("unborn", (None, "unborn")),
        ("Pre-birth", (None, "unborn")),
        ("not known", (None, "not known")),
        ("NK", (None, "not known")),
        ("", (None, "")),
        ("   ", (None, "")),
    ],
)
def test_what_people_type_is_read(typed: str, read: tuple[date | None, str]) -> None:
    assert parse_dob_or_age(typed, TODAY) == read


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("Tom Test", "could not read 'Tom Test': type a date like 14/03/2018"),
        ("8 and a half", "could not read"),
        ("eight", "could not read"),
        ("31/02/2020", "'31/02/2020' is not a real date"),
        ("2020-13-01", "is not a real date"),
        ("00/01/2020", "is not a real date"),
        ("27/11/2026", "27/11/2026 is still to come (a baby not yet born: type unborn)"),
        ("1 Jan 2030", "still to come"),
        ("25/11/2000", "makes them 26: over 25, not a child"),
        ("26", "26 is over 25: not a child"),
        ("400 months", "over 25 years"),
        ("0", "for a baby type months"),
        ("0 weeks", "type a date of birth"),
    ],
)
def test_the_rest_is_refused_saying_what_to_type(typed: str, why: str) -> None:
    with pytest.raises(FieldError) as refused:
        parse_dob_or_age(typed, TODAY, "Child 1: date of birth or age")
    assert str(refused.value).startswith("Child 1: date of birth or age: ")
    assert why in str(refused.value)


def test_the_oldest_child_is_25_on_the_day() -> None:
    assert parse_dob_or_age("26/11/2001", TODAY) == (date(2001, 11, 26), "")  # 25 today
    assert parse_dob_or_age("27/11/2000", TODAY) == (date(2000, 11, 27), "")  # 26 tomorrow
    with pytest.raises(FieldError, match="makes them 26"):
        parse_dob_or_age("27/11/2000", date(2026, 11, 27))
    with pytest.raises(FieldError, match="makes them 26"):
        parse_dob_or_age("26/11/2000", TODAY)


@pytest.mark.parametrize("typed", ["8y", "8 mths", "3w", "12ish", "Pre-birth", "NK", "1 month"])
def test_what_is_kept_reads_back_the_same(typed: str) -> None:
    _born, kept = parse_dob_or_age(typed, TODAY)
    assert normal_age(kept, TODAY) == kept


def test_the_store_check_refuses_a_date_as_an_age_and_a_date_to_come() -> None:
    with pytest.raises(FieldError, match="a date of birth is not an age"):
        normal_age("2018-03-14", TODAY)
    with pytest.raises(FieldError, match="Tom Test"):
        normal_age("Tom Test", TODAY)
    with pytest.raises(FieldError, match="still to come"):
        check_dob(date(2026, 11, 27), TODAY)
    assert check_dob(date(2018, 3, 14), TODAY) == date(2018, 3, 14)


@pytest.mark.parametrize(
    ("age", "shown"),
    [
        ("8", "8y"),
        ("8 months", "8m"),
        ("3 weeks", "3w"),
        ("about 12", "~12y"),
        ("unborn", "unborn"),
        ("not known", ""),
        ("older free text", "older free text"),  # kept before ages were checked
    ],
)
def test_a_kept_age_beside_initials(age: str, shown: str) -> None:
    assert Child("Amira Khan", age=age).age_on(TODAY) == shown
