"""Live updates: the app looks at the Store's change token twice a second and, only when it
moved (a save at this desk or another), tells the screens on view to read again.

A screen opts in by handling `StoreChanged` (`on_store_changed`) and keeping the user's
place when it reloads: `TablePlace` puts a table's cursor back on the same record (found by
its key, not its index) with that row on the same line of the screen. Forms are not
reloaded: what someone is typing is never replaced under them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable

LIVE_EVERY = 0.5  # seconds between looks at the change token


class StoreChanged(Message, bubble=False):
    """Something was saved since the screen last read the Store."""


def visible_screens(app: App[Any]) -> list[Screen[Any]]:
    """The screen on top and, under dialogs, the screens still seen behind them."""
    shown: list[Screen[Any]] = []
    for screen in reversed(app.screen_stack):
        shown.append(screen)
        if not isinstance(screen, ModalScreen):
            break
    return shown


@dataclass(frozen=True)
class TablePlace:
    """Where someone is in a table: the record under the cursor and the scroll offsets."""

    key: str | None
    row: int
    scroll_x: float
    scroll_y: float

    @classmethod
    def of(cls, table: DataTable[object], keys: Sequence[str]) -> TablePlace:
        row = table.cursor_row
        key = keys[row] if 0 <= row < len(keys) else None
        return cls(key, row, table.scroll_x, table.scroll_y)

    def restore(
        self, table: DataTable[object], keys: Sequence[str], want: str | None = None
    ) -> None:
        """After the table is filled again: the cursor on `want` (or the same record as
        before, or the same index if it has gone) and that row on the same screen line."""
        if not keys:
            return
        target = want or self.key
        row = keys.index(target) if target in keys else min(self.row, len(keys) - 1)
        if want is not None and want != self.key:
            table.move_cursor(row=row, animate=False)  # a new record: bring it into view
            return
        table.move_cursor(row=row, animate=False, scroll=False)
        x, y = self.scroll_x, self.scroll_y + (row - self.row)  # rows are one line high

        def put_back() -> None:
            table.scroll_to(x, max(0.0, y), animate=False, immediate=True)

        # After the table has measured its new rows (and after its own scroll to the cursor).
        table.call_after_refresh(put_back)
