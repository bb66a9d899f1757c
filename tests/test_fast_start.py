"""The console drawn from a plain read before the Store is open (start.py, queue_read.py):
the same screen as the Store's, the Store opened after it, and today's path otherwise."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Select, TextArea

from dutydesk.__main__ import console_options
from dutydesk.app import DutyDeskApp
from dutydesk.demo import seed_demo
from dutydesk.domain import vocab
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.session_start import SessionStartScreen
from dutydesk.start import read_first
from dutydesk.storage import DatabaseError, Store, open_store
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, queue_cells, text_of
from tests.test_live import until
from tests.test_migrations import from_fixture

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_file(tmp_path: Path, clock: MovableClock) -> Path:
    """Five fictional days: carry-overs, repeat contacts, advice calls, decisions."""
    path = tmp_path / "demo.db"
    store = open_store(path, clock)
    seed_demo(store, days=5)
    store.close()
    return path


class Later:
    """Opens the Store when the console asks for it (and closes it at the end)."""

    def __init__(self, path: Path, clock: MovableClock) -> None:
        self.path, self.clock = path, clock
        self.opened: list[Store] = []

    def __call__(self) -> Store:
        self.opened.append(open_store(self.path, self.clock))
        return self.opened[-1]

    def close(self) -> None:
        for store in self.opened:
            store.close()


async def shown(app: DutyDeskApp) -> tuple[dict[str, list[str]], str, str]:
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        return queue_cells(app), text_of(app, "#summary"), app.sub_title


async def test_the_first_paint_shows_the_queue_the_store_shows(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    first = read_first(str(demo_file), clock)
    assert first is not None and first.rows is not None
    fast = DutyDeskApp(lambda: open_store(demo_file, clock), tmp_path, first=first, clock=clock)
    store = open_store(demo_file, clock)
    try:
        assert first.session == store.session_for(store.today())
        assert list(first.rows) == store.queue(first.session)
        slow = await shown(DutyDeskApp(store, tmp_path))
    finally:
        store.close()
    assert await shown(fast) == slow
    cells, summary, _title = slow
    assert any(ref.startswith("↻ ") for ref, *_ in (row[1:] for row in cells.values()))
    assert any(row[4].startswith("» ") for row in cells.values())  # a repeat contact
    assert any("? advice given" in cell for row in cells.values() for cell in row)
    assert "Advice calls: 0" not in summary


async def test_a_call_saved_on_a_console_started_fast(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    first = read_first(str(demo_file), clock)
    assert first is not None and first.rows is not None
    later = Later(demo_file, clock)
    app = DutyDeskApp(later, tmp_path, first=first, clock=clock)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.press("a")  # the Store is open by now, or opens for this key
            form = app.screen
            form.query_one("#child_name_0", Input).value = "Rae Invented"
            form.query_one("#worry_told", TextArea).text = "Not at school for three weeks"
            form.query_one("#urgency", Select).value = "immediate"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, QueueScreen)
            cells = queue_cells(app)
            (new,) = set(cells) - {r.ref for r in first.rows}
            assert cells[new][0] == "!! IMMEDIATE"
        assert len(later.opened) == 1  # opened once, after the first paint or for the key
        assert first.session is not None
        assert new in {r.ref for r in later.opened[0].queue(first.session)}
    finally:
        later.close()


async def test_a_store_that_will_not_open_after_the_first_paint_ends_the_console(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    first = read_first(str(demo_file), clock)

    def refused() -> Store:
        raise DatabaseError("The database is busy at another desk. Wait a moment and try again.")

    app = DutyDeskApp(refused, tmp_path, first=first, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert app.start_error.startswith("The database is busy")


async def test_a_new_day_on_a_file_asks_who_is_in_the_room_then_opens_the_store(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    clock.advance(days=1)  # Friday: no session yet
    first = read_first(str(demo_file), clock)
    assert first is not None and first.session is None and first.rows is None
    later = Later(demo_file, clock)
    app = DutyDeskApp(later, tmp_path, first=first, clock=clock)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            assert isinstance(app.screen, SessionStartScreen)
            await pilot.pause()
            await pilot.pause()
            assert later.opened  # opened once drawn
    finally:
        later.close()


def test_only_a_current_local_file_is_read_before_the_store_opens(
    demo_file: Path, tmp_path: Path, clock: MovableClock
) -> None:
    assert read_first(str(demo_file), clock) is not None
    assert read_first(str(tmp_path / "none.db"), clock) is None  # new: the Store makes it
    assert read_first("postgresql+psycopg://u@localhost/dutydesk", clock) is None
    assert read_first(f"sqlite:///{demo_file}", clock) is None  # a URL: as before
    old = from_fixture(tmp_path, "schema_v1")  # to upgrade: the Store does it
    assert read_first(str(old), clock) is None
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(demo_file.read_bytes()[:4096] + b"\x00" * 8192)
    assert read_first(str(damaged), clock) is None
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE x (y)")
    assert read_first(str(other), clock) is None
    if os.geteuid() != 0:  # root can write anywhere
        demo_file.chmod(0o400)
        assert read_first(str(demo_file), clock) is None
        demo_file.chmod(0o600)


def test_an_older_file_is_upgraded_first_then_shown(tmp_path: Path) -> None:
    """The path for a file that needs migrating is today's: the Store first."""
    old = from_fixture(tmp_path, "schema_v1")
    assert read_first(str(old)) is None
    open_store(old).close()  # what `dutydesk --db` does for it (start.open_db)
    assert read_first(str(old)) is not None  # current now: the next start is fast


def test_the_first_read_imports_no_sqlalchemy(demo_file: Path) -> None:
    code = (
        "import sys\n"
        "from dutydesk.start import read_first\n"
        f"first = read_first({str(demo_file)!r})\n"
        "assert first is not None\n"
        "import dutydesk.app, dutydesk.screens.queue, dutydesk.screens.session_start\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic', 'typer')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]", done.stderr


@pytest.mark.parametrize(
    ("argv", "options"),
    [
        ([], {}),
        (["--db", "x.db"], {"--db": "x.db"}),
        (["--db=x.db", "--exports", "out"], {"--db": "x.db", "--exports": "out"}),
        (["--help"], None),
        (["demo"], None),
        (["--db"], None),
        (["--db", "a", "--db", "b"], None),
        (["--db", "--exports"], None),
        (["--db", "x.db", "export"], None),
    ],
)
def test_only_the_plain_console_launch_skips_the_command_line(
    argv: list[str], options: dict[str, str] | None
) -> None:
    assert console_options(argv) == options


def test_advice_calls_are_left_out_of_the_carry_over_alike(
    demo_file: Path, clock: MovableClock
) -> None:
    first = read_first(str(demo_file), clock)
    assert first is not None and first.rows is not None
    carried = [r for r in first.rows if r.carried_from is not None]
    assert carried and all(r.kind != vocab.ADVICE for r in carried)


async def test_a_save_between_the_first_read_and_the_store_is_seen(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    """The live look starts from what the first read saw, not from the Store's opening."""
    first = read_first(str(demo_file), clock)
    assert first is not None and first.session is not None and first.rows is not None
    other = open_store(demo_file, clock)  # another desk saves meanwhile
    added = other.add_call(
        first.session.id,
        CallDetails(urgency="today", children=(Child("Kit Madeup"),), worry_told="Fictional"),
        MASH,
    )
    other.close()
    later = Later(demo_file, clock)
    app = DutyDeskApp(later, tmp_path, first=first, clock=clock)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await until(pilot, lambda: added.ref in queue_cells(app))
    finally:
        later.close()
