"""Free text without names (domain/pseudonym.py): hostile names, in the forms people type
them, replaced by their role; the ordinary words that look like them kept; and the same
in the exported files."""

from __future__ import annotations

import csv
import time
from datetime import date
from pathlib import Path

import pytest

from dutydesk.domain.pseudonym import Names, Person
from dutydesk.domain.records import CallDetails, Child
from dutydesk.exports.daily import export_day
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room

HOSTILE = [
    Person("Summer Stone", "child 1"),
    Person("May", "child 2"),
    Person("Bob", "child 3"),
    Person("O'Brien-Ní Dhomhnaill", "child 4"),
    Person("Zoë", "child 5"),
    Person("Will Garcia", "referrer"),
    Person("Zofia Kowalczyk", "child 6"),
    Person("Joanne Whitcombe", "health: named nurse"),
]


@pytest.fixture
def scrub() -> Names:
    return Names(HOSTILE, [date(2015, 3, 12)])


def test_the_hostile_names_are_replaced_and_the_ordinary_words_kept(scrub: Names) -> None:
    text = scrub.scrubber()
    assert text("Summer said Will's view was May's too; Bob agreed.") == (
        "[child 1] said [referrer]'s view was [child 2]'s too; [child 3] agreed."
    )
    kept = "In the summer holidays she may stay, he will bob along; hope, mark, joy."
    assert text(kept) == kept
    assert scrub.replaced == 4


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Zofia Kowalczyk", "[child 6]"),
        ("zofia kowalczyk", "[child 6]"),
        ("ZOFIA", "[child 6]"),
        ("Zofia's", "[child 6]'s"),
        ("Zofia’s", "[child 6]’s"),
        ("Kowalczyk", "[child 6]"),
        ("Z. Kowalczyk", "[child 6]"),
        ("Z.Kowalczyk", "[child 6]"),
        ("Zofia K", "[child 6]"),
        ("Zofia-Kowalczyk", "[child 6]"),
        ("O'Brien-Ní Dhomhnaill", "[child 4]"),
        ("O’Brien-Ni Dhomhnaill", "[child 4]"),
        ("O‘Brien Ní Dhomhnaill", "[child 4]"),
        ("OBrien", "[child 4]"),
        ("o'brien", "[child 4]"),
        ("Dhomhnaill's", "[child 4]'s"),
        ("Zoë", "[child 5]"),
        ("Zoe", "[child 5]"),
        ("ZOË", "[child 5]"),
        ("Zoe\u0308", "[child 5]"),  # the accent as a combining mark (NFD)
        ("Ms Whitcombe", "Ms [health: named nurse]"),
        ("J. Whitcombe", "[health: named nurse]"),
        ("'Will'", "'[referrer]'"),
        ("(Summer)", "([child 1])"),
        ("Summer\nStone", "[child 1]"),
        ("Stone", "[child 1]"),
    ],
)
def test_each_form_of_a_name(scrub: Names, written: str, shown: str) -> None:
    assert scrub.scrubber()(written) == shown


@pytest.mark.parametrize(
    "kept",
    [
        "the summer holidays",
        "she may",
        "he will",
        "a stone's throw",
        "SUMMER, MAY, WILL",  # capitals: an ordinary word shouted, not the name
        "Zofiana, Stonehenge, Bobby, Mayfair, Willow",  # longer words
        "Maybe Summers",
        "5 May 2024",  # a date that is not a date of birth keeps its month
        "the unborn baby; Ní; Mr; DC",
    ],
)
def test_ordinary_words_stay(scrub: Names, kept: str) -> None:
    assert scrub.scrubber()(kept) == kept
    assert scrub.replaced == 0


def test_a_referrals_own_people_take_their_own_roles() -> None:
    day = Names(
        [
            Person("Amara Lowe", "another child"),
            Person("Leo Lowe", "another child"),
            Person("Kit Hale", "another child"),
            Person("Ana Hale", "another referrer"),
        ]
    )
    mine = day.scrubber(lambda: [Person("Leo Lowe", "child 1")])
    assert mine("Leo and Amara; the Lowe family; Hale") == (
        "[child 1] and [another child]; the [child 1] family; [another child or another referrer]"
    )


def test_dates_of_birth_phones_emails_and_postcodes(scrub: Names) -> None:
    text = scrub.scrubber()
    assert text(
        "dob 3/4/2019, born 1st March 2016; 12/03/2015 and 12 March 2015; seen 26/11/2026. "
        "Call 01632 960000, 07700-900-123 or +44 (0) 7700 900123; zofia.k@example.org; "
        "lives at 4 Any Road, LS1 4AP (or ls14ap). 3rd in the M6 5th lane; 1 of 12345."
    ) == (
        "dob [dob], born [dob]; [dob] and [dob]; seen 26/11/2026. "
        "Call [phone], [phone] or [phone]; [email]; "
        "lives at 4 Any Road, [postcode] (or [postcode]). 3rd in the M6 5th lane; 1 of 12345."
    )


def test_names_with_pattern_characters_and_markup() -> None:
    names = Names([Person("J.(x)*+?[Smith]|a", "child 1"), Person("<b>Kai</b>", "child 2")])
    text = names.scrubber()
    assert text("Smith's (x)*+? .* [a-z] |a") == "[child 1]'s (x)*+? .* [a-z] |a"
    assert text('<i>Kai</i> and <b>kai</b>; =HYPERLINK("Kai")') == (
        '<i>[child 2]</i> and <b>[child 2]</b>; =HYPERLINK("[child 2]")'
    )


def test_very_long_text_is_read_once(scrub: Names) -> None:
    """300,000 characters (three fields at their longest) with a name every few words, in
    well under 5 s: linear. Comparing a form with the rest of the text at each word (as
    it once did) took 3.4 s for 100,000 characters here, and nine times as long for this."""
    times = 6_000
    started = time.perf_counter()
    done = scrub.scrubber()("Summer said that the summer was long, Zofia's view; " * times)
    assert time.perf_counter() - started < 5  # about 0.4 s; 30 s if quadratic
    assert done.count("[child 1]") == times and done.count("[child 6]'s") == times
    assert "summer" in done and "Summer" not in done and "Zofia" not in done


def test_the_daily_export_holds_no_name_of_the_record(store: Store, tmp_path: Path) -> None:
    """The hostile names in every free-text column of the four files."""
    session = start_room(store)
    call = CallDetails(
        "today",
        (Child("Summer O'Brien-Ní Dhomhnaill", date(2015, 3, 12)), Child("Zoë May")),
        "Summer said",
        referrer_name="Will Bob",
        referrer_org="Will's nursery",
    )
    rid = store.add_call(session.id, call, MASH).referral_id
    store.decide(
        rid,
        session.id,
        "early_help",
        "Summer's and May's needs in the summer holidays; she may; he will. dob 12/03/2015",
        [],
        MASH,
        expected_version=0,
    )
    store.add_action(
        rid, session.id, "Will to ring O’Brien Ni Dhomhnaill family", "mash", "", None, "", MASH
    )
    counts: dict[str, int] = {}
    written = export_day(
        store, store.today(), tmp_path, on_file=lambda p, n: counts.update({p.name: n})
    )
    text = "".join(p.read_text("utf-8-sig") for p in written)
    for name in ("Summer", "May", "Will", "Bob", "O'Brien", "O’Brien", "Dhomhnaill", "Zoë"):
        assert name not in text, name
    for word in ("the summer holidays", "she may", "he will"):
        assert word in text
    with open(written[1], encoding="utf-8-sig", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert row["reasons"] == (
        "[child 1]'s and [child 2]'s needs in the summer holidays; she may; he will. dob [dob]"
    )
    assert row["referrer_organisation"] == "[referrer]'s nursery"
    assert [counts[p.name] for p in written] == [0, 4, 0, 2]
    named = export_day(store, store.today(), tmp_path / "named", identifiable=True)
    assert "Summer's and May's needs" in named[1].read_text("utf-8-sig")
