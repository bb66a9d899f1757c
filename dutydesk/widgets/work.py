"""The database off the event loop: reads and saves run in a thread while the screen draws.

A database call may take a while (a save waits up to 10 s for another desk's lock; on
PostgreSQL every call is a round trip, and a server can go away). Run on Textual's event
loop, the screen would freeze meanwhile and take no key. So every call goes through
`in_thread` (one thread per call, Python's default pool), awaited by a Textual worker:
the loop draws and takes keys meanwhile, and the result comes back on the loop, where
the screen is updated.

- `load(node, read, show)`: `read()` in a thread, then `show(result)` on the loop. It is
  a worker of `node` (a screen), exclusive in its group: a newer load of the same screen
  replaces an older one, and a screen that has gone is never updated.
- `Calls` (the app's `calls`) counts the calls running. After WAIT_SHOWN seconds the
  screen on view says so in a line at its foot, "Waiting for the database… (3 s)", until
  they return; nothing else changes, and Escape, F1 and the arrows work as usual.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static
from textual.worker import Worker

from dutydesk.storage.errors import DatabaseError

T = TypeVar("T")
WAIT_SHOWN = 1.0  # seconds before a call still running is said on screen
WAIT_LOOK_EVERY = 0.5  # seconds between looks at the calls running


class Calls:
    """The database calls running in threads now, and the line saying so when slow."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.running: dict[int, float] = {}  # call number -> when it started (monotonic)
        self.numbers = itertools.count()
        self.quiet = asyncio.Event()
        self.quiet.set()
        self.line: Static | None = None  # the line on screen, while there is one

    async def run(self, call: Callable[[], T]) -> T:
        number = next(self.numbers)
        self.running[number] = time.monotonic()
        self.quiet.clear()
        try:
            return await asyncio.to_thread(call)
        finally:
            self.running.pop(number, None)
            if not self.running:
                self.quiet.set()
                self.show()

    def waited(self) -> float:
        """Seconds the oldest call still running has waited (0 if none)."""
        if not self.running:
            return 0.0
        return time.monotonic() - min(self.running.values())

    def show(self) -> None:
        """The line at the foot of the screen on view: there while a call is slow."""
        waited = self.waited()
        line = self.line
        if line is not None and (waited < WAIT_SHOWN or line.screen is not self.app.screen):
            self.line = None
            line.remove()
        if waited < WAIT_SHOWN or not self.app.screen_stack:
            return
        text = Content(f"Waiting for the database… ({int(waited)} s)")
        if self.line is None:
            self.line = Static(text, id="db-waiting")
            self.app.screen.mount(self.line)
        else:
            self.line.update(text)


async def in_thread(node: DOMNode, call: Callable[[], T]) -> T:
    """`call()` in a thread, counted by the app while it runs (raises what it raises)."""
    calls: Calls | None = getattr(node.app, "calls", None)
    if calls is None:
        return await asyncio.to_thread(call)
    return await calls.run(call)


def load(
    node: DOMNode,
    read: Callable[[], T],
    show: Callable[[T], object],
    *,
    failed: Callable[[Exception], object] | None = None,
    catch: tuple[type[Exception], ...] = (),
    group: str = "read",
) -> Worker[None]:
    """`read()` in a thread, then `show(result)` on the loop if `node` is still there and
    no newer load of its `group` replaced this one; `failed(error)` instead if the read
    raised a DatabaseError (or one of `catch`)."""

    expected: tuple[type[Exception], ...] = (DatabaseError, *catch)

    async def work() -> None:
        try:
            result = await in_thread(node, read)
        except expected as error:
            if failed is not None:
                failed(error)
            return
        show(result)

    return node.run_worker(work, group=group, exclusive=True)


def saving(node: DOMNode, save: Callable[[], object], then: Callable[[], object]) -> None:
    """`save()` in a thread, then `then()`; keys typed meanwhile wait for it (settle.py).
    A refusal (DatabaseError) is said, and nothing else changes."""
    done = asyncio.Event()
    hold = getattr(node.app, "hold_keys_until", None)
    if hold is not None:
        hold(done)

    async def run() -> None:
        try:
            await in_thread(node, save)
        except DatabaseError as error:
            node.app.notify(str(error), title="Not saved", severity="error")
        except Exception as error:  # a bug: said, and the console carries on
            carry_on = getattr(node.app, "carry_on_after", None)
            if carry_on is None:
                raise
            carry_on(error)
        else:
            then()
        finally:
            done.set()

    node.run_worker(run(), group="save")
