"""Keys in the running console, headless: CPU per key press, and saving a call.

    python bench/console.py [--referrals 100000] [--runs 20]

Each figure is the CPU time (time.process_time) of one key press until the screen has
handled it (Pilot waits for that), the median of `--runs` presses, on a copy of a database
with `--referrals` referrals. The minimal Textual app's cursor move is measured in the same
run for scale.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Row, absolute_row, median, print_table, seeded
from minimal_app import MinimalApp

from dutydesk.app import DutyDeskApp
from dutydesk.storage import open_store

SIZE = (120, 36)


async def settle(pilot: object) -> None:
    """Let the screen finish drawing what came before (a sleep costs no CPU)."""
    await pilot.pause()  # type: ignore[attr-defined]
    await asyncio.sleep(0.08)


async def cpu_of(pilot: object, *keys: str) -> float:
    """CPU from the key press until the screen has handled it and drawn the result."""
    await settle(pilot)
    start = time.process_time()
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    await asyncio.sleep(0.05)  # the screen redraws on its own timer: let it
    return (time.process_time() - start) * 1000


async def minimal(runs: int) -> tuple[list[float], list[float]]:
    """The minimal app's cursor move, and a new screen of the same widgets pushed."""
    cursor, screen = [], []
    async with MinimalApp().run_test(size=SIZE) as pilot:
        await pilot.pause()
        for i in range(runs):
            cursor.append(await cpu_of(pilot, "down" if i % 10 < 5 else "up"))
        for _ in range(max(runs // 4, 3)):
            screen.append(await cpu_of(pilot, "s"))
            await pilot.press("escape")
    return cursor, screen


async def console_keys(db: Path, runs: int) -> dict[str, list[float]]:
    home = db.parent / "home"  # removed with the copied database
    app = DutyDeskApp(open_store(db), home / "exports", config_dir=home / "config")
    found: dict[str, list[float]] = {
        k: []
        for k in ("cursor", "open", "history", "history_page", "history_cursor", "actions", "save")
    }
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for i in range(runs):
            found["cursor"].append(await cpu_of(pilot, "down" if i % 10 < 5 else "up"))
        for _ in range(max(runs // 4, 3)):
            found["open"].append(await cpu_of(pilot, "enter"))
            await pilot.press("escape")
        for _ in range(max(runs // 4, 3)):
            found["history"].append(await cpu_of(pilot, "s"))
            for _page in range(runs // 2):
                found["history_page"].append(await cpu_of(pilot, "pagedown"))
                found["history_cursor"].append(await cpu_of(pilot, "down"))
            await pilot.press("escape")
        for _ in range(max(runs // 4, 3)):
            found["actions"].append(await cpu_of(pilot, "o"))  # every day's open actions
            await pilot.press("escape")
        await pilot.pause()
        # Saving a call: the Store's write (its commit waits on the disk, which CPU time
        # does not count) and the queue read again with the new row, as the form does.
        queue = app.screen
        session = app.require_session()
        detail = app.store.referral(app.store.queue(session)[0].referral_id)
        for _ in range(max(runs // 4, 3)):
            start = time.process_time()
            row = app.store.add_call(session.id, detail.call, app.actor)
            queue.reload(select_ref=row.ref)  # type: ignore[attr-defined]
            found["save"].append((time.process_time() - start) * 1000)
            await pilot.pause()
    return found


def measure(referrals: int, runs: int) -> list[Row]:
    source = seeded(referrals)
    folder = Path(tempfile.mkdtemp(prefix="dutydesk-bench-db-"))
    db = folder / "copy.db"
    shutil.copyfile(source, db)
    try:
        base, pushed = asyncio.run(minimal(runs))
        keys = asyncio.run(console_keys(db, runs))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    n = f"{referrals:,}"
    note = f"minimal app's cursor: {median(base):.1f} ms"
    floor = f"minimal app, a new screen: {median(pushed):.1f} ms"
    return [
        absolute_row(f"queue cursor move, CPU ({n} history)", keys["cursor"], "ms", 16, note),
        absolute_row("open a referral, CPU", keys["open"], "ms", 16, floor),
        absolute_row(f"history first page (S), CPU ({n})", keys["history"], "ms", 50, floor),
        absolute_row("history page down, CPU", keys["history_page"], "ms", 16),
        absolute_row("history cursor move, CPU", keys["history_cursor"], "ms", 16),
        absolute_row(f"open actions (O), CPU ({n})", keys["actions"], "ms", 50, floor),
        absolute_row(
            "save a call + queue read again, CPU",
            keys["save"],
            "ms",
            50,
            "plus the commit (see below)",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print_table(measure(args.referrals, args.runs))


if __name__ == "__main__":
    main()
