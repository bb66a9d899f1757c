"""Bidirectional controls typed into a record never reorder what the console draws, and a
search for `[` finds only the records that contain one (issue 14, item 15)."""

from __future__ import annotations

from pathlib import Path

from textual.driver import Driver
from textual.widgets import Input

from dutydesk.app import DutyDeskApp, bidi_free
from dutydesk.domain.records import CallDetails, Child
from dutydesk.domain.text import BIDI_CONTROLS, BIDI_SHOWN, screen_safe
from dutydesk.storage import Store
from dutydesk.widgets.history_list import HistoryList
from dutydesk.widgets.literal import block, cell
from tests.pilot_helpers import MASH, queue_cells, start_room

RLO = "\u202e"


def add(store: Store, session_id: int, org: str, name: str = "Kit Example") -> None:
    details = CallDetails("today", (Child(name),), "seen", referrer_org=org, needs=("housing",))
    store.add_call(session_id, details, MASH)


def test_search_for_a_bracket_counts_only_records_with_one(store: Store) -> None:
    session = start_room(store)
    for org in ("Oak [annexe] School", "Elm School", "Ash Nursery", "50% Club", "a_b Centre"):
        add(store, session.id, org)
    assert store.history_count("[") == 1
    assert store.history_count("]") == 1
    assert store.history_count('"') == 0  # the needs' JSON quotes are not text anyone typed
    assert store.history_count(",") == 0
    assert store.history_count("%") == 1 and store.history_count("_") == 1
    assert store.history_count("housing") == 5  # a need still found by its name


def test_every_bidi_control_is_shown_as_a_mark() -> None:
    for control in BIDI_CONTROLS:
        typed = f"Ann{control}Example"
        assert screen_safe(typed) == f"Ann{BIDI_SHOWN}Example"
        assert control not in cell(typed).plain
        assert control not in block(typed, (typed, "bold")).plain


def test_the_terminal_is_never_sent_a_bidi_control() -> None:
    sent: list[str] = []

    class Recording(Driver):  # only write matters here
        def write(self, data: str) -> None:
            sent.append(data)

        def start_application_mode(self) -> None: ...
        def disable_input(self) -> None: ...
        def stop_application_mode(self) -> None: ...

    free = bidi_free(Recording)
    assert bidi_free(Recording) is free  # made once
    free.write(object.__new__(free), f"ab{RLO}c\u2066d\u200fe")
    assert sent == ["abcde"]
    assert issubclass(DutyDeskApp.get_driver_class(object.__new__(DutyDeskApp)), Driver)
    assert DutyDeskApp.get_driver_class(object.__new__(DutyDeskApp)).__name__.startswith("BidiFree")


async def test_a_reversing_name_does_not_reorder_the_screens(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    add(store, session.id, f"{RLO}Oak School", name=f"{RLO}Kit Example")
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        shown = " ".join(c for row in queue_cells(app).values() for c in row)
        assert RLO not in shown and BIDI_SHOWN in shown
        await pilot.press("s")
        await pilot.pause(0.5)
        app.screen.query_one(Input).value = "oak"
        await pilot.pause(1.0)
        listing = app.screen.query_one(HistoryList)
        line = listing.render_line(0).text
        assert f"{BIDI_SHOWN}Oak School" in line and RLO not in line
