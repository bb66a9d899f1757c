"""End the session: the day's summary, then the day's CSVs written at once."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from dutydesk.domain.records import DaySummary
from dutydesk.storage import DatabaseError
from dutydesk.widgets.base import duty
from dutydesk.widgets.literal import block


class EndSessionScreen(ModalScreen[None]):
    PALETTE_NAME = "end of day"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "end", "End and export", id="end-confirm", priority=True),
        Binding("escape", "back", "Back", id="end-back"),
        Binding("q", "app.quit", "Quit", id="end-quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled("End today's session", "bold"), classes="heading")
            yield Static(id="day-summary")
            yield Static(
                Content(
                    "Ctrl+S ends the session and writes the day's CSV files. Escape goes back."
                ),
                id="end-hint",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        app = duty(self)
        try:
            summary = app.store.day_summary(app.require_session())
        except DatabaseError as error:
            self.notify(str(error), severity="error")
            return
        self.query_one("#day-summary", Static).update(summary_block(summary))

    def action_end(self) -> None:
        from dutydesk.exports.daily import ExportError, export_day

        app = duty(self)
        session = app.require_session()
        try:
            # Once ended, Ctrl+S only writes the files again (the team may have carried on).
            ended = session if session.ended_at else app.store.end_session(session.id, app.actor)
            paths = export_day(app.store, session.day, app.exports_dir)
        except (DatabaseError, ExportError, OSError) as error:
            self.notify(str(error), title="Not finished", severity="error")
            return
        app.use_session(ended)
        lines = "\n".join(str(p) for p in paths)
        self.query_one("#end-hint", Static).update(
            block(
                ("Session ended. The day's files:\n", "bold"),
                lines,
                "\n\nEscape: back to the queue (it can carry on).  Ctrl+Q: quit.",
            )
        )
        self.notify("Session ended and exported.")

    def action_back(self) -> None:
        self.dismiss(None)


def summary_block(summary: DaySummary) -> Content:
    parts: list[tuple[str, str] | str] = [
        ("Calls today: ", "bold"),
        f"{summary.calls}",
        ("   Carried over: ", "bold"),
        f"{summary.carried_over}\n",
        ("Decisions: ", "bold"),
        f"{sum(summary.decisions_by_outcome.values())}",
        f" ({summary.amended} amended)\n" if summary.amended else "\n",
    ]
    for outcome, count in sorted(summary.decisions_by_outcome.items(), key=lambda kv: -kv[1]):
        parts.append(f"  {count:>3}  {outcome}\n")
    parts += [
        ("Passed to the Assessment Team: ", "bold"),
        f"{summary.passed_on}\n",
        ("Actions created: ", "bold"),
        f"{summary.actions_created}",
        ("   done today: ", "bold"),
        f"{summary.actions_done}\n",
        ("Still waiting for a decision: ", "bold"),
        f"{summary.still_waiting}",
    ]
    if summary.immediate_not_passed_on:
        parts += [
            ("\nIMMEDIATE not yet passed to the Assessment Team: ", "bold reverse"),
            f"{summary.immediate_not_passed_on}",
        ]
    return block(*parts)
