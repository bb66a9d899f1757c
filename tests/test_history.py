"""The history screen (S on the queue): every referral from every day, found by typing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from dutydesk.app import DutyDeskApp
from dutydesk.demo import seed_demo
from dutydesk.domain import vocab
from dutydesk.domain.clock import fixed_clock, to_london
from dutydesk.screens.history import SEARCH_DELAY, HistoryScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import open_store
from dutydesk.widgets.history_list import KEEP, WINDOW, HistoryList, received_text
from tests.keyboard_helpers import MOMENT


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,200 referrals over 30 days (seeding in a batch takes a second or two)."""
    path = tmp_path_factory.mktemp("history") / "long.db"
    store = open_store(path, fixed_clock(MOMENT))
    seed_demo(store, days=30, referrals=1200)
    store.close()
    return path


def console(tmp_path: Path, template: Path) -> DutyDeskApp:
    db = tmp_path / "h.db"
    db.write_bytes(template.read_bytes())
    return DutyDeskApp(open_store(db, fixed_clock(MOMENT)), tmp_path / "exports")


def lines(app: DutyDeskApp) -> list[str]:
    listing = app.screen.query_one(HistoryList)
    height = listing.scrollable_content_region.height
    return [listing.render_line(y).text.strip() for y in range(height)]


def summary(app: DutyDeskApp) -> str:
    return str(app.screen.query_one("#history-summary", Static).render())


async def search(pilot: object, app: DutyDeskApp, text: str) -> None:
    app.screen.query_one(Input).value = text
    await pilot.pause(SEARCH_DELAY + 0.2)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_s_lists_every_referral_newest_first_and_enter_opens_one(
    tmp_path: Path, long_history: Path
) -> None:
    app = console(tmp_path, long_history)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        newest = app.store.history_window(0, 3)
        assert "1,200 referrals" in summary(app)
        shown = lines(app)
        assert shown[0].startswith(newest[0].ref) and shown[1].startswith(newest[1].ref)

        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert app.screen.referral_id == newest[1].referral_id

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "QueueScreen"


async def test_only_the_rows_on_screen_are_read(tmp_path: Path, long_history: Path) -> None:
    app = console(tmp_path, long_history)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        listing = app.screen.query_one(HistoryList)
        assert listing.reads == 1  # the first window holds the first page
        for _ in range(12):
            await pilot.press("pagedown")
        await pilot.pause()
        height = listing.scrollable_content_region.height
        assert listing.cursor == 12 * height
        # Each page down read at most one window; far fewer rows are held than exist.
        assert listing.reads <= 1 + 12 * height // WINDOW + 1
        assert sum(len(w) for w in listing.windows.values()) <= KEEP * WINDOW < 1200
        expected = app.store.history_window(listing.cursor, 1)[0]
        cursor_line = lines(app)[listing.cursor - int(listing.scroll_offset.y)]
        assert cursor_line.startswith(expected.ref)

        await pilot.press("pageup", "up")
        await pilot.pause()
        assert listing.cursor == 11 * height - 1


async def test_typing_searches_ref_initials_organisation_and_need(
    tmp_path: Path, long_history: Path
) -> None:
    app = console(tmp_path, long_history)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        target = app.store.history_window(700, 1)[0]

        await search(pilot, app, target.ref)
        assert "1 match" in summary(app)
        assert lines(app)[0].startswith(target.ref)

        initials = target.child.split()[0]
        await search(pilot, app, initials)
        count = app.store.history_count(initials)
        assert 0 < count < 1200 and f"{count:,} match" in summary(app)

        await search(pilot, app, "housing")
        found = app.store.history_window(0, 40, "housing")
        assert found and lines(app)[0].startswith(found[0].ref)
        assert all("housing" in (r.referrer_org + " ".join(r.needs)).lower() for r in found)

        await search(pilot, app, "nothing-like-this")
        assert "Nothing matches" in summary(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)  # nothing to open: a message, no crash


async def test_markup_typed_in_a_call_shows_literally(tmp_path: Path, long_history: Path) -> None:
    app = console(tmp_path, long_history)
    store = app.store
    session = store.session_for(store.today())
    assert session is not None
    detail = store.referral(store.history_window(0, 1)[0].referral_id)
    call = replace(detail.call, referrer_org="[bold]Eastmoor[/bold] 100%_")
    store.add_call(session.id, call, session.attendees[0].actor())
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert "[bold]Eastmoor[/bold] 100%_" in lines(app)[0]
        await search(pilot, app, "100%_")  # LIKE's wildcards are searched as typed
        assert "1 match" in summary(app)


async def test_an_advice_call_shows_as_advice_given(tmp_path: Path, long_history: Path) -> None:
    app = console(tmp_path, long_history)
    today = app.store.session_for(app.store.today())
    assert today is not None
    advice = {r.ref for r in app.store.queue(today) if r.kind == vocab.ADVICE}
    assert len(advice) == 2  # the demo's two advice calls today
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        shown = {line.split()[0] for line in lines(app) if "advice given" in line}
    assert shown == advice


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # the last minute of GMT in spring
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 02:00 BST
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 01:30 BST
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 01:30 GMT, the hour again
        datetime(2025, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2009, 1, 2, 3, 4, tzinfo=UTC),
    ],
)
def test_a_line_shows_the_london_time_as_the_rest_of_the_console_does(moment: datetime) -> None:
    """The list formats times itself (faster); the same text as pendulum's, every month and
    either side of a clock change."""
    for month in range(1, 13):
        at = moment.replace(month=month, day=min(moment.day, 28))
        london = to_london(at)
        assert received_text(at, wide=True) == london.format("DD MMM YYYY HH:mm")
        assert received_text(at, wide=False) == london.format("DD/MM/YY HH:mm")
