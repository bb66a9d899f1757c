"""A list of any length, drawn a line at a time: only the rows on screen are read and drawn.

Textual's Line API (`ScrollView.render_line`): the list knows how many rows there are, not
what they hold. Rows are fetched a window (`WINDOW` rows) at a time as they come into view,
in a thread (`widgets/work.py`: a line waiting for its window is drawn blank meanwhile),
and at most `KEEP` windows are kept; moving the cursor or a page reads one window at most.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from dutydesk.domain import vocab
from dutydesk.domain.records import HistoryRow
from dutydesk.domain.text import screen_safe
from dutydesk.widgets.base import duty
from dutydesk.widgets.work import load

WINDOW = 100  # rows read at a time: a read every 3 to 4 pages (4 ms at 100,000 referrals)
KEEP = 6  # windows kept in memory
Fetch = Callable[[int, int], list[HistoryRow]]
COLUMNS: tuple[tuple[str, int], ...] = (
    ("Ref", 10),
    ("Received", 17),
    ("Urgency", 9),
    ("Child", 10),
    ("Outcome or status", 26),
    ("Referrer", 28),
    ("Needs", 0),  # the rest of the width
)
# Under 110 columns: no urgency (immediate rows are bold), shorter times, no needs.
NARROW: tuple[tuple[str, int], ...] = (
    ("Ref", 10),
    ("Received", 14),
    ("Child", 10),
    ("Outcome or status", 22),
    ("Referrer", 0),
)
WIDE_FROM = 110


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut short with an ellipsis, or padded."""
    text = text.replace("\n", " ")
    if len(text) > width > 1:
        text = text[: width - 1] + "…"
    return set_cell_size(text, width)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONDON = ZoneInfo("Europe/London")


def received_text(moment: datetime, wide: bool) -> str:
    """London time as "26 Nov 2026 09:05" (wide) or "26/11/26 09:05" (whatever the locale;
    the standard library's zone: pendulum took a third of the time of a line)."""
    at = moment.astimezone(LONDON)
    if wide:
        return f"{at.day:02d} {MONTHS[at.month - 1]} {at.year} {at.hour:02d}:{at.minute:02d}"
    return f"{at.day:02d}/{at.month:02d}/{at.year % 100:02d} {at.hour:02d}:{at.minute:02d}"


@lru_cache(maxsize=KEEP * WINDOW * 2)  # a moved page draws the same rows again: reuse them
def line_text(row: HistoryRow, width: int, urgency: str) -> str:
    """`urgency`: the row's urgency in words (a label of the app's lists)."""
    if row.outcome:
        state = ("→ " if row.passed_on else "✓ ") + row.outcome
    else:
        state = "→ passed to the AT" if row.passed_on else "· not decided"
        if row.advice and not row.passed_on:
            state = "? advice given"  # an advice call: nothing waits (as on the queue)
    if width < WIDE_FROM:
        received = received_text(row.received_at, wide=False)
        return header_text(width, (row.ref, received, row.child, state, row.referrer_org))
    values = (
        row.ref,
        received_text(row.received_at, wide=True),
        urgency,
        row.child,
        state,
        row.referrer_org or "-",
        ", ".join(row.needs) or "-",
    )
    return header_text(width, values)


def header_text(width: int, values: tuple[str, ...] | None = None) -> str:
    columns = COLUMNS if width >= WIDE_FROM else NARROW
    # What was typed, with each bidi control a visible mark (it would reverse the columns).
    texts = tuple(map(screen_safe, values)) if values else tuple(name for name, _ in columns)
    parts = []
    used = 0
    for (_name, size), text in zip(columns, texts, strict=True):
        size = size or max(width - used, 0)
        parts.append(fit(text, size))
        used += size + 1
    return fit(" ".join(parts), width)


class HistoryList(ScrollView, can_focus=True):
    """Referrals newest first, a line each, with a cursor (its screen moves it)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"history-list--cursor", "history-list--immediate"}
    DEFAULT_CSS = """
    HistoryList { height: 1fr; overflow-y: scroll; }
    HistoryList > .history-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    HistoryList > .history-list--immediate { text-style: bold; }
    """

    cursor: reactive[int] = reactive(0)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = 0
        self.fetch: Fetch = lambda _offset, _limit: []
        self.windows: OrderedDict[int, list[HistoryRow]] = OrderedDict()
        self.reading: dict[int, asyncio.Event] = {}  # windows being read, set once read
        self.reads = 0  # windows read so far (the bench and the tests look)
        self.line_styles = (Style(), Style(), Style())  # plain, cursor, immediate

    def show(self, count: int, fetch: Fetch) -> None:
        """A new list (a new search): `count` rows, read through `fetch(offset, limit)`."""
        self.count = count
        self.fetch = fetch
        self.windows.clear()
        for read in self.reading.values():  # a read of the list before is not shown in
            read.set()  # this one, and nothing waits for it
        self.reading.clear()
        self.virtual_size = Size(self.size.width, count)
        self.cursor = 0
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def row_at(self, index: int) -> HistoryRow | None:
        """The row, or None: there is none, or its window is being read (in a thread)."""
        if not 0 <= index < self.count:
            return None
        start = index - index % WINDOW
        window = self.windows.get(start)
        if window is None:
            self.read(start)
            return None
        self.windows.move_to_end(start)
        offset = index - start
        return window[offset] if offset < len(window) else None

    def read(self, start: int) -> None:
        """Read the window from `start` in a thread, unless it is being read; drawn then."""
        if start in self.reading:
            return
        read = self.reading[start] = asyncio.Event()
        fetch = self.fetch

        def got(window: list[HistoryRow]) -> None:
            if self.reading.get(start) is read:  # still the same list
                self.reads += 1
                self.windows[start] = window
                while len(self.windows) > KEEP:
                    self.windows.popitem(last=False)
                self.refresh()
            self.reading.pop(start, None)
            read.set()

        def failed(error: Exception) -> None:
            self.reading.pop(start, None)  # asked again when drawn again
            read.set()
            self.notify(str(error), title="Could not read the history", severity="error")

        load(self, lambda: fetch(start, WINDOW), got, failed=failed, group=f"window-{start}")

    async def selected(self) -> HistoryRow | None:
        """The row under the cursor, once its window is read."""
        row = self.row_at(self.cursor)
        start = self.cursor - self.cursor % WINDOW
        if row is None and (read := self.reading.get(start)) is not None:
            await read.wait()
            row = self.row_at(self.cursor)
        return row

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles are worked out once for the lines drawn together, not once a line.
        base = self.rich_style
        self.line_styles = (
            base,
            base + self.get_component_rich_style("history-list--cursor"),
            base + self.get_component_rich_style("history-list--immediate"),
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        row = self.row_at(index)
        base, cursor, immediate = self.line_styles
        if row is None:
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            style = cursor
        elif row.urgency == "immediate":
            style = immediate
        size = max(width, 40)
        strip = Strip(
            [
                Segment(
                    line_text(row, size, vocab.label(duty(self).lists.urgencies, row.urgency)),
                    style,
                )
            ],
            size,
        )  # exactly `size` cells
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, style)

    def watch_cursor(self, old: int, new: int) -> None:
        top = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif height and new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False)
        self.refresh_line(old - top)
        self.refresh_line(new - int(self.scroll_offset.y))

    def move(self, rows: int) -> None:
        if self.count:
            self.cursor = max(0, min(self.count - 1, self.cursor + rows))

    def page(self, pages: int) -> None:
        """A screenful down (or up, if negative): the list and the cursor move together."""
        if not self.count:
            return
        height = max(self.scrollable_content_region.height, 1)
        top = int(self.scroll_offset.y)
        bottom = max(self.count - height, 0)
        self.scroll_to(y=max(0, min(top + pages * height, bottom)), animate=False)
        self.cursor = max(0, min(self.count - 1, self.cursor + pages * height))
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.count)
