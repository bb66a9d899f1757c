"""What screens and widgets may ask of the running app, declared below them.

`Duty` is the app as a screen sees it: the Store, the partnership's lists, today's
session, who is typing. The app (`dutydesk.app.DutyDeskApp`, which imports the screens)
is the one that has it; screens and widgets never import the app, so the import graph has
no circle. For Textual's own API (push_screen, notify) a screen uses `self.app`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    import asyncio

    from dutydesk.domain.records import Actor, SessionInfo
    from dutydesk.domain.vocab import Lists
    from dutydesk.settings import Settings
    from dutydesk.storage.store import Store


class Duty(Protocol):
    session: SessionInfo | None
    actor: Actor
    desk: str  # this running console, for its drafts
    settings: Settings
    exports_dir: Path

    @property
    def store(self) -> Store: ...

    @property
    def lists(self) -> Lists: ...  # the partnership's lists, loaded once at start

    def now(self) -> datetime: ...

    def today(self) -> date: ...

    def require_session(self) -> SessionInfo: ...

    def use_session(self, session: SessionInfo) -> None: ...

    def set_actor(self, actor: Actor) -> None: ...

    def remember(self, **changes: str) -> None: ...

    def hold_keys_until(self, done: asyncio.Event) -> None: ...


def duty(node: DOMNode) -> Duty:
    return cast("Duty", node.app)
