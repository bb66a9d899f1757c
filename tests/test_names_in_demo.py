"""The measure of issue 16: in the demo's free text, exported without names, how many
ordinary words were wrongly replaced (must be 0) and how many names the record holds
were left (must be 0). Run with -s to see the figures.

Both exports of the same days are read cell by cell: a word of the identifiable cell that
the default cell replaced by a role, and that is no word of any name the record holds,
was wrongly replaced; a word of the default cell that is a word of such a name (any case;
capitalised only, for a name that is also a word) was left.
"""

from __future__ import annotations

import csv
import difflib
import re
from pathlib import Path

import pendulum
import time_machine

from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.pseudonym import NOT_ALONE, name_words, ordinary, people, room
from dutydesk.domain.vocab import defaults
from dutydesk.exports.files import FREE_TEXT
from dutydesk.exports.period import EXPERIENCE, FEEDBACK, export_period
from dutydesk.storage import open_store
from dutydesk.storage.period import Source

TODAY = pendulum.datetime(2026, 11, 26, 17, tz="Europe/London")
COLUMNS = {
    **{f"-{kind}.csv": columns for kind, columns in FREE_TEXT.items()},
    FEEDBACK: ("comment",),
    EXPERIENCE: ("what_worked", "what_to_change"),
}
PIECES = re.compile(r"\[[^\]\n]*\]|[^\W\d_]+|\d+|\s+|.")
DETAILS = {"[dob]", "[phone]", "[email]", "[postcode]"}


def cells(folder: Path) -> dict[tuple[str, int, str], str]:
    """Every free-text cell of an export: (file, row, column) -> text."""
    found = {}
    for path in sorted(folder.rglob("*.csv")):
        columns = next((c for end, c in COLUMNS.items() if path.name.endswith(end)), ())
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle)):
                for column in columns:
                    found[(str(path.relative_to(folder)), number, column)] = row[column]
    return found


def as_name(word: str, words: set[str]) -> bool:
    """`word` is written as a name the record holds: a word of one, capitalised if it is
    also an ordinary word ("Summer", not "summer" or "SUMMER")."""
    folded = word.lower()
    if folded not in words:
        return False
    return folded not in ordinary() or (word[0].isupper() and not word.isupper())


def measure(db: Path, out: Path) -> tuple[int, int, int, int]:
    """(ordinary words wrongly replaced, names left, replacements, cells) for the export
    of every day in `db`."""
    store = open_store(db, fixed_clock(TODAY))
    source = Source.of(store)
    first, last = min(store.session_days()), max(store.session_days())
    read = source.read(first, last)
    named = set()
    for day in read.days:
        for detail in read.details.values():
            named.update(p.name for p in people(detail, defaults(), room(day.session, defaults())))
    for item in read.records.feedback:
        named.update((item.recorded_by, item.told_by))
    named.update(e.name for e in read.records.experiences)
    words = set().union(*(name_words(n) for n in named)) - NOT_ALONE
    export_period(store, first, last, out / "named", identifiable=True)
    export_period(store, first, last, out / "plain")
    store.close()
    typed, shared = cells(out / "named"), cells(out / "plain")
    wrong = left = replaced = 0
    for place, text in typed.items():
        before, after = PIECES.findall(text), PIECES.findall(shared[place])
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for op, a, b, c, d in matcher.get_opcodes():
            if op == "equal":
                continue
            roles = [p for p in after[c:d] if p.startswith("[")]
            replaced += len(roles)
            if roles and not set(roles) <= DETAILS:
                wrong += sum(1 for w in before[a:b] if w.isalpha() and not as_name(w, words))
        left += sum(1 for piece in after if as_name(piece, words))
    return wrong, left, replaced, len(typed)


def test_no_ordinary_word_replaced_and_no_name_left_in_the_demo(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    with time_machine.travel(TODAY, tick=False):
        store = open_store(db, fixed_clock(TODAY))
        seed_demo(store, days=5)
        store.close()
        wrong, left, replaced, cells_read = measure(db, tmp_path)
    print(
        f"\ndemo, 5 days: {cells_read} free-text cells, {replaced} replacements, "
        f"{wrong} ordinary words wrongly replaced, {left} names left"
    )
    assert replaced > 50  # the demo's text does name its children
    assert (wrong, left) == (0, 0)
