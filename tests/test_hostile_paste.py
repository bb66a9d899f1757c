"""Pastes: control codes never reach a field (or the terminal), and a 100 KB paste is kept."""

from __future__ import annotations

import time
from pathlib import Path

from textual import events
from textual.widgets import Input, Select, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain.text import MAX_FIELD
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.hostile import screen_text
from tests.pilot_helpers import start_room, text_of
from tests.safety_helpers import count, notes

# About 100 KB of fictional notes, many lines long, with every script the corpus uses.
LINE = "Visited 12 Example Road; ليلى said שלום; Zoë 👩‍👧 [bold]not bold[/] $x =1+1\n"
BIG = (LINE * (MAX_FIELD // len(LINE) + 1))[: MAX_FIELD - 1].strip()


async def paste(app: DutyDeskApp, text: str) -> None:
    """What the terminal sends on a (bracketed) paste: an event for the focused field."""
    app.post_message(events.Paste(text))
    await app.workers.wait_for_complete()


async def test_a_pasted_escape_never_reaches_the_field(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        app.screen.query_one("#worry_seen", TextArea).focus()
        await paste(app, "set \x1b]52;c;aGVsbG8=\x07clipboard and \x1b[2Jcleared\x00")
        await pilot.pause()
        box = app.screen.query_one("#worry_seen", TextArea)
        assert box.text == "set clipboard and cleared"
        assert "\x1b" not in screen_text(app)
        assert any("Removed 3 control characters from the pasted text" in n for n in notes(app))


async def test_every_line_of_a_paste_into_a_one_line_field_is_kept(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")  # the referrer's name has the focus
        await paste(app, "Dr Ima\r\nFictitious\n\nPractice")
        await pilot.pause()
        assert app.screen.query_one("#referrer_name", Input).value == "Dr Ima Fictitious Practice"
        assert not any("Removed" in n for n in notes(app))  # line breaks are not controls


async def test_a_100_kb_paste_is_saved_shown_and_kept_exactly(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        form.query_one("#child_name_0", Input).value = "Kit Example"
        form.query_one("#urgency", Select).value = "today"
        form.query_one("#worry_seen", TextArea).focus()
        started = time.monotonic()
        await paste(app, BIG)
        await pilot.pause()
        assert form.query_one("#worry_seen", TextArea).text == BIG
        await form.keep_draft()  # a draft of 100 KB is fine too
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ReferralScreen)
        assert BIG in text_of(app, "#call")
        assert time.monotonic() - started < 30  # slow machines included; it is ~2 s
        assert app.is_running
    assert store.referral(1).call.worry_seen == BIG
    assert count(store, "draft") == 0


async def test_a_paste_too_long_to_save_is_refused_and_kept_on_screen(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    too_long = "x" * (MAX_FIELD + 1)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        form.query_one("#child_name_0", Input).value = "Kit Example"
        form.query_one("#urgency", Select).value = "today"
        form.query_one("#referrer_view", TextArea).focus()
        await paste(app, too_long)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CallFormScreen)
        assert "is too long (100,001 characters; at most 100,000)" in text_of(app, "#form-error")
        assert form.query_one("#referrer_view", TextArea).text == too_long
    assert count(store, "referral") == 0
