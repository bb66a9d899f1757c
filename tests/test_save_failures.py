"""Errors in the middle of work: a save that fails says why in plain words, keeps the form
and its text, and leaves nothing half saved; the same for the referral's direct actions and
the end-of-day export.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.action_form import ActionFormScreen
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.decision_form import DecisionFormScreen
from dutydesk.screens.pass_on import PassOnScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.screens.view_form import ViewFormScreen
from dutydesk.storage import DatabaseError, Store, open_store
from dutydesk.storage import engine as engines
from dutydesk.storage.engine import explain
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, start_room, text_of
from tests.safety_helpers import count, counts, notes

BUSY = "The database is busy at another desk. Wait a moment and try again."
FAILURES = {
    "disk full": (
        "database or disk is full",
        "The disk is full: nothing was saved. Free some space and try again.",
    ),
    "locked too long": ("database is locked", BUSY),
    "read-only": ("attempt to write a readonly database", "is read-only: dutydesk cannot save"),
}


@pytest.fixture
def impatient(
    tmp_path: Path, clock: MovableClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """A store that waits a fifth of a second for a lock, not ten: a real lock, quickly."""
    monkeypatch.setattr(engines, "BUSY_TIMEOUT_MS", 200)
    opened = open_store(tmp_path / "impatient.db", clock)
    yield opened
    opened.close()


class OtherProgram:
    """Another connection holding the write lock (BEGIN IMMEDIATE) until released."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, timeout=0.1, isolation_level=None)

    def __enter__(self) -> OtherProgram:
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *_exc: object) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def a_call(store: Store) -> int:
    session = store.session_for(store.today()) or start_room(store)
    details = CallDetails("today", (Child("Ari Unreal"),), "seen at school")
    return store.add_call(session.id, details, MASH).referral_id


async def fill_call(app: DutyDeskApp) -> None:
    form = app.screen
    assert isinstance(form, CallFormScreen)
    form.query_one("#referrer_name", Input).value = "Dr Ima Fictitious"
    form.query_one("#child_name_0", Input).value = "Kit Example"
    form.query_one("#worry_seen", TextArea).text = "Bruise on cheek, says fell over"
    form.query_one("#urgency", Select).value = "immediate"


@pytest.mark.parametrize("failure", FAILURES.values(), ids=list(FAILURES))
async def test_a_save_that_fails_keeps_the_form_and_says_why(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: tuple[str, str]
) -> None:
    sqlite_message, plain = failure
    start_room(store)
    before = counts(store)

    def fails(*_args: object, **_kwargs: object) -> None:
        raise DatabaseError(explain(sqlite3.OperationalError(sqlite_message), store.location))

    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await fill_call(app)
        with monkeypatch.context() as patch:
            patch.setattr(Store, "add_call", fails)
            await pilot.press("ctrl+s")
            await pilot.pause()
        form = app.screen
        assert isinstance(form, CallFormScreen)
        assert plain in text_of(app, "#form-error")
        assert any(n.startswith("Not saved: ") and plain in n for n in notes(app))
        assert form.query_one("#worry_seen", TextArea).text == "Bruise on cheek, says fell over"
        assert counts(store) == before  # nothing half saved
        await pilot.press("ctrl+s")  # the disk has room again: the same form saves
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
    assert count(store, "referral") == 1


async def test_every_form_waits_out_a_real_lock_and_keeps_its_text(
    impatient: Store, tmp_path: Path
) -> None:
    store = impatient
    a_call(store)
    opened: list[int] = []
    app = DutyDeskApp(store, tmp_path / "exports")
    typed = {
        CallFormScreen: ("a", "#worry_seen", "Another bruise, other cheek"),
        ViewFormScreen: ("2", "#knows", "Known to police since 2024"),
        DecisionFormScreen: ("d", "#reasons", "Needs are about routines"),
        ActionFormScreen: ("a", "#what", "Visit the family"),
    }
    async with app.run_test(size=(120, 40)) as pilot:
        for screen_class, (key, selector, text) in typed.items():
            if screen_class is not CallFormScreen and not isinstance(app.screen, ReferralScreen):
                await pilot.press("enter")
            if isinstance(app.screen, ReferralScreen):
                opened.append(app.screen.referral_id)
            await pilot.press(key)
            form = app.screen
            assert isinstance(form, screen_class)
            if isinstance(form, CallFormScreen):
                await fill_call(app)
            if isinstance(form, DecisionFormScreen):
                form.query_one("#outcome", Select).value = "early_help"
                form.query_one("#response", Select).value = "agreed"
            if isinstance(form, ViewFormScreen):
                form.query_one("#consent", Select).value = "given"
            if isinstance(form, ActionFormScreen):
                form.query_one("#owner", Select).value = "early_help"
                form.query_one(selector, Input).value = text
            else:
                form.query_one(selector, TextArea).text = text
            before = counts(store)
            with OtherProgram(tmp_path / "impatient.db"):
                await pilot.press("ctrl+s")
                await pilot.pause()
                assert isinstance(app.screen, screen_class), screen_class.__name__
                assert BUSY in text_of(app, "#form-error")
                assert counts(store) == before
                await form.keep_draft()  # the draft cannot be kept either, and says so once
                await form.keep_draft()
            assert sum("Draft not kept" in n for n in notes(app)) <= 1
            await pilot.press("ctrl+s")  # the other desk has finished: it saves
            await pilot.pause()
            assert not isinstance(app.screen, screen_class), screen_class.__name__
            app.clear_notifications()
    detail = store.referral(opened[0])
    assert detail.views[0].knows == "Known to police since 2024"
    assert detail.decision is not None and detail.actions[0].what == "Visit the family"
    assert count(store, "referral") == 2
    assert count(store, "draft") == 0


async def test_marking_an_action_done_under_a_lock_changes_nothing(
    impatient: Store, tmp_path: Path
) -> None:
    store = impatient
    referral_id = a_call(store)
    session = store.session_for(store.today())
    assert session is not None
    store.add_action(referral_id, session.id, "Call the school", "education", "", None, "", MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        before = counts(store)
        with OtherProgram(tmp_path / "impatient.db"):
            await pilot.press("x")
            await pilot.pause()
            assert any(n == f"Not saved: {BUSY}" for n in notes(app))
            assert counts(store) == before
        actions = app.screen.query_one("#actions", DataTable)
        assert str(actions.get_row_at(0)[4]) == "open"
        await pilot.press("x")
        await pilot.pause()
        assert "done" in str(actions.get_row_at(0)[4])


async def test_passing_on_under_a_lock_keeps_the_dialog(impatient: Store, tmp_path: Path) -> None:
    store = impatient
    a_call(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "p")
        assert isinstance(app.screen, PassOnScreen)
        with OtherProgram(tmp_path / "impatient.db"):
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, PassOnScreen)
            assert BUSY in text_of(app, "#form-error")
        assert count(store, "handoff") == 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
    assert count(store, "handoff") == 1


async def test_an_export_folder_that_is_a_file_ends_the_day_but_says_so(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    blocked = tmp_path / "exports"
    blocked.write_text("not a folder")
    app = DutyDeskApp(store, blocked)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
        hint = text_of(app, "#end-hint")
        assert "The session is ended, but the day's files were not written" in hint
        assert "a file is in the way where that folder should be" in hint
        assert any(n.startswith("Files not written: ") for n in notes(app))
        assert count(store, "session_end") == 1
        blocked.unlink()  # put right: Ctrl+S again writes the files, and ends nothing twice
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Session ended. The day's files" in text_of(app, "#end-hint")
    assert count(store, "session_end") == 1
    assert len(list(blocked.glob("*.csv"))) == 4


async def test_ending_the_day_under_a_lock_ends_nothing(impatient: Store, tmp_path: Path) -> None:
    store = impatient
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        with OtherProgram(tmp_path / "impatient.db"):
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert any(n.startswith("Not ended: The session is not ended.") for n in notes(app))
        assert app.require_session().ended_at is None
    assert count(store, "session_end") == 0
    assert not (tmp_path / "exports").exists()


async def test_an_unexpected_error_in_a_save_keeps_the_form(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_room(store)

    def bug(*_args: object, **_kwargs: object) -> None:
        raise KeyError("Kit Example")  # a bug whose message holds what was typed

    monkeypatch.setattr(Store, "add_call", bug)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await fill_call(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CallFormScreen)
        error = text_of(app, "#form-error")
        assert error == "Not saved: an unexpected error (KeyError)."
        assert app.screen.query_one("#child_name_0", Input).value == "Kit Example"
        assert app.is_running
    assert count(store, "referral") == 0
