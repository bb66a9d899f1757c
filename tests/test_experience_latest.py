"""An agency's experience of a day counts once: its latest rating that day. Rating Health
three times at the end of a day is one rating (the last) in the measures and on the end
screen; the earlier ones stay in the record and are shown as replaced."""

from __future__ import annotations

from pathlib import Path

from dutydesk.app import DutyDeskApp
from dutydesk.domain.measures import compute
from dutydesk.screens.end_session import EndSessionScreen
from dutydesk.screens.measures import MeasuresScreen
from dutydesk.storage import Store
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, ROOM, start_room, text_of

HEALTH, POLICE = (ROOM[0][1], "health"), (ROOM[1][1], "police")


def rate_health_three_times(store: Store, clock: MovableClock) -> int:
    session = start_room(store)
    for agency, rating in [("police", 4), ("health", 1), ("health", 2), ("health", 5)]:
        clock.advance(minutes=1)
        store.add_experience(session.id, agency, rating, f"worked {rating}", "", MASH)
    return session.id


def test_the_latest_rating_of_each_agency_counts(store: Store, clock: MovableClock) -> None:
    session_id = rate_health_three_times(store, clock)
    day = store.today()
    result = compute(store.period_records(day, day), store.now(), lists=store.lists)
    assert (result.total.experience_count, result.total.experience_mean) == (2, 4.5)
    (only,) = result.days
    assert (only.experience_count, only.experience_mean) == (2, 4.5)
    assert len(store.experiences(session_id)) == 4  # every rating stays in the record


async def test_the_end_and_measures_screens_show_the_latest(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    rate_health_three_times(store, clock)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, EndSessionScreen)
        shown = text_of(app, "#experiences")
        assert "Health 5/5" in shown and "Police 4/5" in shown
        assert "1/5" not in shown and "2/5" not in shown
        assert "2 earlier replaced" in shown
        await pilot.press("escape", "m")
        assert isinstance(app.screen, MeasuresScreen)
        figures = text_of(app, "#figures")
        assert "4.5 from 2" in figures
        words = text_of(app, "#words")
        assert words.count("(replaced)") == 2
        assert "Health 5/5" in words and "(replaced)" not in words.split("Health 5/5")[1][:20]
