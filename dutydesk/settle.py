"""Keys typed in a burst go where the person meant, even when a key moves the focus.

Textual hands each key to the widget focused *when the app reads it*, by putting it in that
widget's queue; a key the widget does not use (Tab, a form's Enter) comes back up to the app,
which only then runs its binding (focus the next field). In a burst (a fast typist, tmux
send-keys, a key repeat) the app has read and handed on the next keys before that: they go
to the field being left (text and Tabs on the start screen all in one field), or to a list
that ignores them (an amended reason stored as "njury", a comment saved empty).

`KeySettling` (mixed into the app) holds a key back while the one before has not settled:
handled by the widget it went to, come back up through its parents to the app if unused,
and what it set off (a choice made, the focus moved) handled too. Held keys are then handed
on, in order, each to the widget focused at that moment. A letter typed into a text field
settles at once (it stays there), so typed text is never held; keys typed at a person's
pace never wait; no key waits more than SETTLE_MAX, except behind a save running in a
thread (`hold_keys_until`): keys typed after Ctrl+S wait for it to return (at most
HOLD_MAX), then go to the screen it leaves on view. Only public Textual API is used (`call_later`,
`message_queue_size`, `is_running`, `post_message`); tests/test_burst_typing.py checks them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump
from textual.widgets import Input, TextArea

SETTLE_MAX = 1.0  # seconds: the longest a key is held for the one before to settle
HOLD_MAX = 15.0  # seconds: the longest keys wait for a save (SQLite waits 10 s for a lock)


class KeySettling(App[None]):
    _held: deque[events.Key] | None = None
    _released: set[int] | None = None
    _settled: asyncio.Event | None = None
    _drain: asyncio.Task[None] | None = None
    _settling: asyncio.Task[None] | None = None
    _holding: asyncio.Task[None] | None = None
    _hold_until = 0.0  # (monotonic) while a save runs: keys wait for it until then

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded or not self.screen_stack:
            await super().on_event(event)  # (no screen: the app is closing; nothing to settle)
            return
        if self._held is None or self._released is None:
            self._held, self._released = deque(), set()
        if id(event) in self._released:
            self._released.discard(id(event))
        elif self._held or (self._settled is not None and not self._settled.is_set()):
            self._held.append(event)  # the key before has not settled: later, in order
            if self._drain is None or self._drain.done():
                self._drain = asyncio.create_task(self.hand_on_held())
            return
        target = self.focused or self.screen
        before = self._settled
        await super().on_event(event)
        if before is not None:
            before.set()  # the placeholder a released key was handed on with
        if self._settled is not before:
            return  # the key started a save (hold_keys_until): settled when it returns
        self._settled = asyncio.Event()
        if not event.is_forwarded:  # a priority key (Ctrl+S): its action has run already
            self._settled.set()
            return
        if event.is_printable and isinstance(target, Input | TextArea):
            self._settled.set()  # a letter typed into a text field stays there: no wait
            return
        self._settling = asyncio.create_task(self.settle(target, self._settled))

    async def settle(self, target: MessagePump, settled: asyncio.Event) -> None:
        """Set `settled` once the key handed to `target` and what it set off are handled."""
        deadline = time.monotonic() + SETTLE_MAX
        try:
            for _ in range(4):  # a key, what it set off (a choice, its handler, a screen)
                path = self.path_up(target)
                if self.screen not in path:  # the key opened (or closed) a screen: the next
                    path.append(self.screen)  # keys are for it, once it is mounted and focused
                if not await mounted(self.screen, deadline):
                    return
                for pump in path:
                    if not await handled(pump, deadline - time.monotonic()):
                        return
                now = [*path, self.screen, self.focused]  # (a screen opened meanwhile too)
                busy = [p for p in now if p is not None and p.is_running]
                if not any(p.message_queue_size for p in busy) and self.screen in now[:-2]:
                    return  # (a screen opened while its key was handled: once more, for it)
        finally:
            settled.set()

    def path_up(self, target: MessagePump) -> list[MessagePump]:
        """`target`, its parents up to the screen, then the app: the way an unused key goes."""
        pumps: list[MessagePump] = []
        node: DOMNode | None = target if isinstance(target, DOMNode) else None
        while node is not None and node is not self:
            if node.is_running:
                pumps.append(node)
            node = node.parent
        return [*pumps, self]

    async def hand_on_held(self) -> None:
        """Hand on the held keys one at a time, each once the one before has settled."""
        assert self._held is not None and self._released is not None
        while self._held:
            await self.wait_settled()
            key = self._held.popleft()
            self._released.add(id(key))
            self._settled = asyncio.Event()  # not settled: new keys are held meanwhile
            self.post_message(key)
        await self.wait_settled()

    def hold_keys_until(self, done: asyncio.Event) -> None:
        """Hold the keys typed from now until `done` (a save running in a thread: it is
        set when the form has closed, or stayed open with an error), at most HOLD_MAX.
        They are then handed on, in order, to what is on screen: the screen below a form
        that closed, or the form itself, as typed, if it did not. None goes into a form
        that is closing, and none is lost."""
        settled = self._settled = asyncio.Event()
        self._hold_until = time.monotonic() + HOLD_MAX

        async def release() -> None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), HOLD_MAX)
            self._hold_until = 0.0
            if self.screen_stack:  # (none: the app is closing)
                await self.settle(self.screen, settled)  # the screen now on view, once ready
            settled.set()

        self._holding = asyncio.create_task(release())

    async def wait_settled(self) -> None:
        deadline = time.monotonic() + SETTLE_MAX
        while (settled := self._settled) is not None:
            deadline = max(deadline, self._hold_until)  # a save: until it returns
            try:
                await asyncio.wait_for(settled.wait(), max(deadline - time.monotonic(), 0))
            except TimeoutError:
                return
            if settled is self._settled:
                return


async def handled(pump: MessagePump, timeout: float) -> bool:
    """True once `pump` has handled everything queued before now (False: timed out)."""
    if timeout <= 0:
        return False
    done = asyncio.Event()
    pump.call_later(done.set)
    deadline = time.monotonic() + timeout
    while not done.is_set():  # a pump closed meanwhile (its screen went) never answers
        if not pump.is_running or time.monotonic() >= deadline:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 0.02)
    return True


async def mounted(screen: MessagePump, deadline: float) -> bool:
    """True once `screen` is mounted (its on_mount run, its first focus asked for); False if
    that takes until `deadline`. A screen that a key has just opened mounts its widgets
    asynchronously: until then a key would go to the screen below, or to no field."""
    while not getattr(screen, "is_mounted", True):
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.005)
    return True
