"""The day's queue: what is waiting, how urgent, for how long; readable from across a room."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from dutydesk.domain import vocab
from dutydesk.domain.clock import duration, when
from dutydesk.domain.day import QueueRow
from dutydesk.domain.records import SessionInfo
from dutydesk.widgets.base import duty
from dutydesk.widgets.footer import KeptFooter
from dutydesk.widgets.literal import block, cell
from dutydesk.widgets.live import StoreChanged, TablePlace
from dutydesk.widgets.work import load

if TYPE_CHECKING:
    from dutydesk.storage.drafts import Draft

URGENCY_STYLE = {"immediate": "bold white on red", "today": "bold black on yellow", "routine": ""}
URGENCY_MARK = {"immediate": "!! ", "today": "!  ", "routine": "   "}
STATUS_MARK = {
    vocab.WAITING: "· ",
    vocab.IN_DISCUSSION: "… ",
    vocab.DECIDED: "✓ ",
    vocab.PASSED_ON: "→ ",
    vocab.ADVICE_GIVEN: "? ",
}
REPEAT_MARK = "» "  # the same child had a contact in the 12 months before
AWAITING_MARK = "✉ "  # decided, the referrer not told yet
COLUMNS = (
    ("urgency", "Urgency"),
    ("ref", "Ref"),
    ("received", "Rec'd"),
    ("waiting", "Waiting"),
    ("child", "Child"),
    ("status", "Status"),
    ("decision", "Decision"),
    ("views", "Views"),
    ("needs", "Needs"),
    ("referrer", "Referrer"),
    ("told", "Referrer told"),
)
# The large layout, for a wall screen read from across the room: fewer, wider columns
# (the status and the decision share one: "… in discussion", "✓ Early help").
LARGE_COLUMNS = (
    ("urgency", "Urgency"),
    ("child", "Child"),
    ("waiting", "Waiting"),
    ("state", "Status or decision"),
    ("ref", "Ref"),
)


class QueueScreen(Screen[None]):
    PALETTE_NAME = "queue"
    # Seconds after the queue shows before the seal is checked (None: not at all; the
    # tests' default, but for the tests of the banner).
    SEAL_CHECK_AFTER: ClassVar[float | None] = 3.0
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_call", "Add call", id="queue-add-call", tooltip="add a call"),
        Binding("enter", "open", "Open", id="queue-open", tooltip="open the referral"),
        Binding(
            "o", "open_actions", "Actions", id="queue-actions", tooltip="open actions, all days"
        ),
        Binding("w", "who", "Who", id="queue-who", tooltip="who is at the keyboard"),
        Binding("r", "room", "Room", id="queue-room", tooltip="who is in the room"),
        Binding(
            "e", "end_session", "End day", id="queue-end", tooltip="end the session and export"
        ),
        Binding("m", "measures", "Measures", id="queue-measures", tooltip="the test's measures"),
        Binding("s", "history", "Search", id="queue-history", tooltip="every referral, every day"),
        Binding(
            "l",
            "toggle_layout",
            "Large",
            id="queue-layout",
            show=False,
            tooltip="large layout for a wall screen, or back",
        ),
    ]
    HELP = (
        "Urgency: !! IMMEDIATE (same-day protection), ! TODAY, ROUTINE. Status: · waiting, "
        "… in discussion, ✓ decided, → passed to the Assessment Team. "
        "↻ came over from an earlier day. ? advice given (an advice call). "
        "» the child had another contact in the 12 months before. "
        "✉ decided, referrer not told yet (and for how long); F on the referral records it. "
        "Views: H health, P police, E education, "
        "Pr probation, SW social work, EH early help, MO MASH officer."
    )

    def __init__(self, rows: list[QueueRow] | None = None) -> None:
        """`rows`: today's queue, read as the console started (else read once mounted)."""
        super().__init__()
        self.first_rows = rows
        self.select_ref: str | None = None  # to select once the queue is read again
        self.rows: list[QueueRow] = []
        self.just_mounted = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="summary")
        yield Static("", id="seal-banner")
        yield Static(Content("No calls yet today: press A to add the first one."), id="empty")
        yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
        yield KeptFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self.add_columns()
        if self.first_rows is None:
            self.reload()
        else:
            self.show(self.first_rows)
        self.just_mounted = True
        table.focus()
        self.set_interval(1.0, self.tick)
        app = duty(self)
        session_id = app.require_session().id
        load(self, lambda: app.store.drafts(session_id), self.mention_drafts, group="drafts")
        if self.SEAL_CHECK_AFTER is not None:
            self.set_timer(self.SEAL_CHECK_AFTER, self.check_seal)

    def check_seal(self) -> None:
        """The record's seal checked once the first keys of the day are answered, in a child
        process (the whole record is read): the banner below if it does not check."""

        async def work() -> None:
            self.show_seal_problem(await duty(self).store.seal_problem())

        self.run_worker(work(), group="seal", exclusive=True)

    def show_seal_problem(self, problem: str) -> None:
        """A record whose seal does not check still opens (the team carries on, and what it
        saves is recorded); this line says what is wrong and where the details are."""
        banner = self.query_one("#seal-banner", Static)
        banner.display = bool(problem)
        if problem:
            banner.update(
                block(
                    ("The record's seal does not check: ", "bold"),
                    problem,
                    "  Work carries on and is recorded; `dutydesk check` has the details.",
                )
            )

    def mention_drafts(self, drafts: list[Draft]) -> None:
        """Typing left unsaved (by a crash, or Ctrl+Q mid-form): say where to get it back."""
        from dutydesk.widgets.fields import draft_notice

        app = duty(self)
        # One line per form, the newest draft of it (the one its key offers back), all in
        # one notice: two crashes on the same form must not cover the screen twice.
        newest = {d.key: d for d in drafts if d.desk != app.desk}
        if newest:
            lines = "\n".join(draft_notice(d, duty(self).lists) for d in newest.values())
            self.notify(lines, title="Not saved yet", timeout=30)

    def on_screen_resume(self) -> None:
        if self.just_mounted:  # read a moment ago, in on_mount: nothing to read again
            self.just_mounted = False
            return
        self.reload()

    def on_store_changed(self, _message: StoreChanged) -> None:
        self.reload()  # saved here or at another desk: same row, same scroll

    def reload(self, select_ref: str | None = None) -> None:
        """Read the queue again (in a thread) and show it, the place kept."""
        app = duty(self)
        session = app.require_session()

        def failed(error: Exception) -> None:
            self.notify(str(error), title="Could not read the queue", severity="error")

        # A newer read replaces this one (a save's reload, then the screen's resume): the
        # record to select is kept for whichever shows.
        self.select_ref = select_ref or self.select_ref
        load(self, lambda: app.store.queue(session), self.show, failed=failed)

    def show(self, rows: list[QueueRow], select_ref: str | None = None) -> None:
        select_ref, self.select_ref = select_ref or self.select_ref, None
        table = self.query_one(DataTable)
        place = TablePlace.of(table, [str(r.referral_id) for r in self.rows])
        self.rows = rows
        table.clear()
        shown = [str(key.value) for key in table.columns]
        for row in self.rows:
            values = dict(zip((key for key, _ in COLUMNS), self.cells(row), strict=True))
            values["state"] = values["status"]
            if row.outcome:
                mark = STATUS_MARK.get(row.status, "")
                told = f"  {AWAITING_MARK}not told" if row.awaiting_feedback else ""
                values["state"] = cell(mark + row.outcome + told, "bold" if row.open else "dim")
            table.add_row(*(values[key] for key in shown), key=row.ref, height=1)
        chosen = next((str(r.referral_id) for r in self.rows if r.ref == select_ref), None)
        place.restore(table, [str(r.referral_id) for r in self.rows], chosen)
        self.query_one("#empty", Static).display = not self.rows
        self.query_one("#summary", Static).update(self.summary())  # the cells are new

    def selected_ref(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].ref

    def cells(self, row: QueueRow) -> list[Text]:
        today = duty(self).require_session().day
        urgency = vocab.label(duty(self).lists.urgencies, row.urgency)
        status = STATUS_MARK.get(row.status, "") + row.status.replace("Assessment Team", "AT")
        ref = ("↻ " if row.carried_from else "") + row.ref
        child = (REPEAT_MARK if row.repeat else "") + row.child
        agencies = " ".join(SHORT_AGENCY.get(a, a) for a in row.agencies)
        return [
            cell(URGENCY_MARK.get(row.urgency, "") + urgency, URGENCY_STYLE.get(row.urgency, "")),
            cell(ref),
            cell(when(row.received_at, today, short=True)),
            cell(self.waiting(row)),
            cell(child),
            cell(status, "bold" if row.open else "dim"),
            cell(row.outcome or "-"),
            cell(agencies or "none"),
            cell(", ".join(row.needs) or "-"),
            cell(row.referrer_org or "-"),
            cell(self.told(row), "bold" if row.awaiting_feedback else "dim"),
        ]

    def told(self, row: QueueRow) -> str:
        """'✉ awaiting 2h 05m' (since the decision), 'told 14:05', or '-'."""
        if row.awaiting_feedback:
            since = row.decided_at or row.passed_at or row.received_at
            return AWAITING_MARK + "awaiting " + duration(duty(self).now() - since)
        if row.told_at is not None:
            return "told " + when(row.told_at, duty(self).require_session().day, short=True)
        return "-"

    def waiting(self, row: QueueRow) -> str:
        if row.kind == vocab.ADVICE and row.decided_at is None:
            return "-"  # advice was given on the call: nothing waits
        if row.decided_at is not None:
            return "took " + duration(row.decided_at - row.received_at)
        return duration(duty(self).now() - row.received_at)

    def tick(self) -> None:
        table = self.query_one(DataTable)
        shown = {str(key.value) for key in table.columns}
        for row in self.rows:
            if row.open:
                table.update_cell(row.ref, "waiting", cell(self.waiting(row)))
            if row.awaiting_feedback and "told" in shown:
                table.update_cell(row.ref, "told", cell(self.told(row), "bold"))
        self.query_one("#summary", Static).update(self.summary())

    def summary(self) -> Content:
        app = duty(self)
        now = app.now()
        open_rows = [r for r in self.rows if r.open]
        oldest = duration(now - min(r.received_at for r in open_rows)) if open_rows else "-"
        immediate = sum(1 for r in self.rows if r.immediate_not_passed_on(app.lists))
        advice = sum(1 for r in self.rows if r.kind == vocab.ADVICE)
        decided = len(self.rows) - len(open_rows) - advice
        awaiting = sum(1 for r in self.rows if r.awaiting_feedback)
        session = app.require_session()
        parts = [
            ("Waiting now: ", f"{len(open_rows)}"),
            ("Oldest wait: ", oldest),
            ("IMMEDIATE not passed on: ", f"{immediate}"),
            ("Decided: ", f"{decided} of {len(self.rows) - advice}"),
            ("Advice calls: ", f"{advice}"),
            ("Feedback awaited: ", f"{awaiting}"),
        ]
        if session.ended_at:
            parts.append(("Session ended ", when(session.ended_at, session.day)))
        return summary_lines(
            parts, self.query_one("#summary", Static).size.width or self.size.width
        )

    def action_add_call(self) -> None:
        from dutydesk.screens.call_form import CallFormScreen

        def added(row: QueueRow | int | None) -> None:
            if isinstance(row, QueueRow):
                self.notify(f"Call {row.ref} added to the queue.")
                self.reload(select_ref=row.ref)

        self.app.push_screen(CallFormScreen(), added)

    def action_open(self) -> None:
        from dutydesk.screens.referral import open_referral

        ref = self.selected_ref()
        if ref is None:
            self.notify("The queue is empty: press A to add a call.")
            return
        row = next(r for r in self.rows if r.ref == ref)
        open_referral(self.app, row.referral_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open_actions(self) -> None:
        from dutydesk.screens.actions import OpenActionsScreen

        self.app.push_screen(OpenActionsScreen())

    def action_who(self) -> None:
        from dutydesk.screens.who import WhoScreen

        self.app.push_screen(WhoScreen())

    def action_room(self) -> None:
        from dutydesk.screens.room import RoomScreen

        def added(session: SessionInfo | None) -> None:
            if session is not None:
                self.notify(f"{session.attendees[-1].name} added to the room.")

        self.app.push_screen(RoomScreen(), added)

    def action_measures(self) -> None:
        from dutydesk.screens.measures import MeasuresScreen

        self.app.push_screen(MeasuresScreen())

    def action_history(self) -> None:
        from dutydesk.screens.history import open_history

        open_history(self.app)

    def action_end_session(self) -> None:
        from dutydesk.screens.end_session import EndSessionScreen

        self.app.push_screen(EndSessionScreen())

    def add_columns(self) -> None:
        table = self.query_one(DataTable)
        large = duty(self).settings.layout == "large"
        for key, label in LARGE_COLUMNS if large else COLUMNS:
            table.add_column(label, key=key)
        table.cell_padding = 2 if large else 1
        table.set_class(large, "-large")

    def action_toggle_layout(self) -> None:
        app = duty(self)
        large = app.settings.layout != "large"
        app.remember(layout="large" if large else "normal")
        selected = self.selected_ref()  # the new layout keeps the same referral selected
        self.query_one(DataTable).clear(columns=True)
        self.add_columns()
        self.show(self.rows, select_ref=selected)  # the same rows: nothing to read
        if large:
            self.notify("Large layout: fewer, wider columns. L again for every column.")
        else:
            self.notify("Every column. L for the large layout (a wall screen).")


SHORT_AGENCY = {
    "health": "H",
    "police": "P",
    "education": "E",
    "probation": "Pr",
    "social_work": "SW",
    "early_help": "EH",
    "mash": "MO",
}


def summary_lines(parts: list[tuple[str, str]], width: int) -> Content:
    """The figures above the queue, a line break only between figures (never inside one,
    e.g. "Decided:" on one line and its "5 of 19" on the next)."""
    gap = "   "
    pieces: list[str | tuple[str, str]] = []
    used = 0
    for label, value in parts:
        size = len(label) + len(value)
        if used and width and used + len(gap) + size > width:
            pieces.append("\n")
            used = 0
        elif used:
            pieces.append(gap)
            used += len(gap)
        pieces += [(label, "bold"), value]
        used += size
    return Content.assemble(*pieces)
