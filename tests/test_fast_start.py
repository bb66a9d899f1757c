"""The console's start: the first frame drawn at once, the Store opened in a thread
meanwhile (app.py `start`), keys typed meanwhile kept for the first screen, and a Store
that will not open said plainly (start.py, app.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static, TextArea

from dutydesk.__main__ import console_options
from dutydesk.app import DutyDeskApp
from dutydesk.demo import seed_demo
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.screens.session_start import SessionStartScreen
from dutydesk.storage import DatabaseError, Store, open_store
from tests.conftest import MovableClock
from tests.pilot_helpers import queue_cells, text_of

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

    def __init__(self, path: Path, clock: MovableClock, gate: threading.Event | None = None):
        self.path, self.clock, self.gate = path, clock, gate
        self.opened: list[Store] = []
        self.threads: list[str] = []

    def __call__(self) -> Store:
        self.threads.append(threading.current_thread().name)
        if self.gate is not None:
            self.gate.wait(10)
        self.opened.append(open_store(self.path, self.clock))
        return self.opened[-1]

    def close(self) -> None:
        for store in self.opened:
            store.close()


async def test_the_store_opens_in_a_thread_and_the_queue_is_the_stores(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    later = Later(demo_file, clock)
    app = DutyDeskApp(later, tmp_path, clock=clock)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, QueueScreen)
            cells = queue_cells(app)
            assert "Waiting now" in text_of(app, "#summary")
        assert later.threads and later.threads != [threading.main_thread().name]
        (store,) = later.opened
        session = store.session_for(store.today())
        assert session is not None
        assert set(cells) == {row.ref for row in store.queue(session)}
    finally:
        later.close()


@pytest.mark.calls_running
async def test_a_slow_store_says_so_and_keys_still_answer(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    gate = threading.Event()
    later = Later(demo_file, clock, gate)
    app = DutyDeskApp(later, tmp_path, clock=clock)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(1.7)
            waiting = app.screen.query_one("#db-waiting", Static)
            assert "Waiting for the database… (1 s)" in str(waiting.render())
            await pilot.press("f1")  # Help, while the database is still not there
            await pilot.pause(0.2)
            assert type(app.screen).__name__ == "HelpScreen"
            gate.set()
            await pilot.press("f1")
            for _ in range(100):
                if isinstance(app.screen, QueueScreen):
                    break
                await pilot.pause(0.05)
            assert isinstance(app.screen, QueueScreen)
            await pilot.press("enter")  # the first useful key: the first referral opens
            await pilot.pause(0.3)
            assert isinstance(app.screen, ReferralScreen)
            await pilot.pause(0.6)
            assert not app.query("#db-waiting")
    finally:
        later.close()


async def test_a_store_that_will_not_open_ends_the_console_with_its_message(
    tmp_path: Path, clock: MovableClock
) -> None:
    def refused() -> Store:
        raise DatabaseError("The database is busy at another desk. Wait a moment and try again.")

    app = DutyDeskApp(refused, tmp_path, clock=clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 2
    assert app.start_error.startswith("The database is busy")
    assert not app.unexpected_errors


def test_an_unreachable_database_at_start_is_said_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dutydesk --db` on a server that is not there: the Store's words, exit status 2."""
    from dutydesk import start

    run = DutyDeskApp.run
    monkeypatch.setattr(DutyDeskApp, "run", lambda app: run(app, headless=True))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def unreachable() -> Store:
        raise DatabaseError("Cannot reach the database server at db.example: is it up?")

    with pytest.raises(SystemExit) as stopped:
        start.run_console(unreachable, tmp_path)
    assert stopped.value.code == 2
    said = capsys.readouterr()
    assert "dutydesk: Cannot reach the database server at db.example" in said.err
    assert "Traceback" not in said.err + said.out


async def test_a_new_day_asks_who_is_in_the_room(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    clock.advance(days=1)  # Friday: no session yet
    later = Later(demo_file, clock)
    app = DutyDeskApp(later, tmp_path, clock=clock)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SessionStartScreen)
            assert len(later.opened) == 1
    finally:
        later.close()


async def test_a_call_saved_on_a_console_whose_store_opened_in_a_thread(
    demo_file: Path, clock: MovableClock, tmp_path: Path
) -> None:
    later = Later(demo_file, clock)
    app = DutyDeskApp(later, tmp_path, clock=clock)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.press("a")
            form = app.screen
            form.query_one("#child_name_0", Input).value = "Rae Invented"
            form.query_one("#worry_told", TextArea).text = "Not at school for three weeks"
            form.query_one("#urgency", Select).value = "immediate"
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, QueueScreen)
            assert any(row[0] == "!! IMMEDIATE" for row in queue_cells(app).values())
    finally:
        later.close()


def test_the_console_modules_import_no_sqlalchemy() -> None:
    """The first frame is drawn without SQLAlchemy (the Store's thread imports it)."""
    code = (
        "import sys\n"
        "import dutydesk.start, dutydesk.app, dutydesk.screens.queue\n"
        "import dutydesk.screens.session_start\n"
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
