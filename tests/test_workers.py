"""A slow database never freezes the screen (issue 15, item 4; dutydesk/widgets/work.py):
saves and the change check run in threads, the form says it is saving and saves once,
keys typed meanwhile land where they should, and a wait over a second is said on screen."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Select, Static, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import DatabaseError, Store
from dutydesk.widgets.history_list import HistoryList
from tests.pilot_helpers import MASH, start_room

pytestmark = pytest.mark.calls_running  # these tests watch the screen while calls run


class Slow:
    """The Store, with the calls named taking `seconds` (in whichever thread runs them),
    or failing after it with `error`; counts the calls."""

    def __init__(self, store: Store, seconds: float, *names: str, error: str = "") -> None:
        self.store, self.seconds, self.names, self.error = store, seconds, names, error
        self.calls: list[str] = []
        self.threads: set[str] = set()
        self.slow = True

    def __getattr__(self, name: str) -> Any:
        real = getattr(self.store, name)
        if name not in self.names:
            return real

        def slowly(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            self.threads.add(threading.current_thread().name)
            if self.slow:
                time.sleep(self.seconds)
            if self.error:
                raise DatabaseError(self.error)
            return real(*args, **kwargs)

        return slowly


async def until(pilot: Any, seen: Any, within: float = 10.0) -> None:
    start = time.monotonic()
    while not seen():
        assert time.monotonic() - start < within, "not seen in time"
        await pilot.pause(0.05)


def status(app: DutyDeskApp) -> str:
    line = app.screen.query_one("#form-error", Static)
    return str(line.render()) if line.display else ""


async def open_call_form(app: DutyDeskApp, pilot: Any) -> CallFormScreen:
    await until(pilot, lambda: isinstance(app.screen, QueueScreen))
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, CallFormScreen))
    form = app.screen
    assert isinstance(form, CallFormScreen)
    form.query_one("#child_name_0", Input).value = "Rae Invented"
    form.query_one("#worry_told", TextArea).text = "Not at school for three weeks"
    form.query_one("#urgency", Select).value = "today"
    return form


async def test_a_slow_save_says_saving_saves_once_and_keys_go_to_the_queue(
    store: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    for name in ("Al Pretend", "Bo Unreal"):
        store.add_call(session.id, CallDetails("today", (Child(name),), "seen"), MASH)
    slow = Slow(store, 1.0, "add_call")
    app = DutyDeskApp(slow, tmp_path / "exports")  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        form = await open_call_form(app, pilot)
        app.post_message(_key("ctrl+s"))
        app.post_message(_key("ctrl+s"))  # a key repeat: nothing more is saved
        app.post_message(_key("down"))  # for the queue, once the form has closed
        await pilot.pause(0.4)
        assert app.screen is form  # still open while it saves, and says so
        assert status(app) == "Saving…"
        assert form.query_one("#child_name_0", Input).value == "Rae Invented"
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await until(pilot, lambda: len(app.screen.query_one(DataTable).rows) == 3)
        await pilot.pause(0.3)
        assert not app._held  # the Down was handed on, to the queue (the form had gone)
    assert slow.calls == ["add_call"]  # once, not on the event loop's thread
    assert threading.main_thread().name not in slow.threads
    today = store.session_for(store.today())
    assert today is not None
    assert len(store.queue(today)) == 3  # the two before, and this one once


async def test_a_save_refused_after_a_wait_keeps_every_field_and_says_why(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    busy = "The database is busy at another desk. Wait a moment and try again."
    slow = Slow(store, 0.5, "add_call", error=busy)
    app = DutyDeskApp(slow, tmp_path / "exports")  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        form = await open_call_form(app, pilot)
        app.post_message(_key("ctrl+s"))
        app.post_message(_key("x"))  # typed while it saved: into the form, which stays
        await until(pilot, lambda: status(app) == busy)
        await pilot.pause(0.3)
        assert app.screen is form
        assert form.query_one("#child_name_0", Input).value == "Rae Invented"
        assert form.query_one("#worry_told", TextArea).text == "Not at school for three weeks"
        assert not app.unexpected_errors


async def test_a_slow_change_check_is_said_and_the_queue_still_takes_keys(
    store: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    for name in ("Al Pretend", "Bo Unreal", "Cy Madeup"):
        store.add_call(session.id, CallDetails("today", (Child(name),), "seen"), MASH)
    slow = Slow(store, 3.0, "change_token")
    slow.slow = False  # the start reads it quickly
    app = DutyDeskApp(slow, tmp_path / "exports")  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        slow.slow = True  # now the database hangs for three seconds a look
        await pilot.pause(1.8)
        table = app.screen.query_one(DataTable)
        started = time.monotonic()
        await pilot.press("down", "down")
        assert time.monotonic() - started < 1.0  # answered, not after the look
        assert table.cursor_row == 2
        line = app.screen.query_one("#db-waiting", Static)
        assert re.fullmatch(r"Waiting for the database… \([12] s\)", str(line.render()))
        slow.slow = False
        await until(pilot, lambda: not app.screen.query("#db-waiting"), within=5)


async def test_ctrl_q_keeps_the_draft_in_a_thread_while_the_screen_draws(
    store: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    slow = Slow(store, 1.0, "save_draft")
    app = DutyDeskApp(slow, tmp_path / "exports")  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        form = await open_call_form(app, pilot)
        ticks: list[float] = []
        form.set_interval(0.05, lambda: ticks.append(time.monotonic()))
        asked = time.monotonic()
        app.post_message(_key("ctrl+q"))
        await pilot.pause(0.6)
        # The event loop ran while the draft was written (on it, it would stop for 1 s).
        assert len([t for t in ticks if t > asked + 0.1]) >= 4
    assert threading.main_thread().name not in slow.threads
    (kept,) = store.drafts(session.id)  # nothing typed is lost
    assert kept.fields["child_name_0"] == "Rae Invented"
    assert kept.fields["worry_told"] == "Not at school for three weeks"


async def test_the_history_reads_its_pages_in_a_thread(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    for name in ("Al Pretend", "Bo Unreal"):
        store.add_call(session.id, CallDetails("today", (Child(name),), "seen"), MASH)
    slow = Slow(store, 1.0, "history_window")
    app = DutyDeskApp(slow, tmp_path / "exports")  # type: ignore[arg-type]
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        ticks: list[float] = []
        app.set_interval(0.05, lambda: ticks.append(time.monotonic()))
        asked = time.monotonic()
        await pilot.press("s")
        await pilot.pause(0.6)
        # The event loop ran while the first page was read (on it, it would stop for 1 s).
        assert len([t for t in ticks if t > asked + 0.1]) >= 4
        listing = app.screen.query_one(HistoryList)
        await until(pilot, lambda: listing.reads == 1)
        await pilot.press("down", "enter")  # the second newest: Al Pretend's
        await until(pilot, lambda: isinstance(app.screen, ReferralScreen))
        assert app.screen.referral_id == store.history_window(1, 1)[0].referral_id
    assert threading.main_thread().name not in slow.threads


def _key(name: str) -> Any:
    from textual import events

    return events.Key(name, None)
