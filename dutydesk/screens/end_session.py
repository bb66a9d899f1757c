"""End the session: the day's summary, then the day's CSVs written at once."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from dutydesk.domain import vocab
from dutydesk.domain.day import DaySummary
from dutydesk.domain.period import Experience
from dutydesk.domain.records import SessionInfo
from dutydesk.domain.voices import latest_experiences
from dutydesk.storage import DatabaseError
from dutydesk.storage.backup import BackupError, backup_store
from dutydesk.widgets.base import duty
from dutydesk.widgets.dialog import Dialog
from dutydesk.widgets.literal import block
from dutydesk.widgets.work import in_thread, load


class EndSessionScreen(Dialog[None]):
    PALETTE_NAME = "end of day"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "end", "End and export", id="end-confirm", priority=True),
        Binding("escape", "back", "Back", id="end-back"),
        Binding(
            "x",
            "experience",
            "Experience",
            id="end-experience",
            tooltip="an agency's experience of the day",
        ),
        Binding(
            "r",
            "retrospective",
            "Retrospective",
            id="end-retrospective",
            tooltip="the team's retrospective of the day or the test",
        ),
    ]

    ending = False  # Ctrl+S pressed: ending and exporting, in a thread

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled("End today's session", "bold"), classes="heading")
            yield Static(id="day-summary")
            yield Static(id="experiences")
            yield Static(
                Content(
                    "X: each agency rates the day. R: the team's retrospective. Ctrl+S "
                    "ends the session and writes the day's CSV files. Escape goes back."
                ),
                id="end-hint",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        app = duty(self)
        session = app.require_session()

        def show(summary: DaySummary) -> None:
            self.query_one("#day-summary", Static).update(summary_block(summary))
            self.show_experiences()

        load(self, lambda: app.store.day_summary(session), show, failed=self.not_read)

    def not_read(self, error: Exception) -> None:
        self.notify(str(error), severity="error")

    def show_experiences(self) -> None:
        app = duty(self)
        session = app.require_session()

        def show(given: list[Experience]) -> None:
            counting = latest_experiences(given)  # an agency's latest rating replaces the rest
            rated = {e.agency: e.rating for e in given if e.id in counting}
            replaced = len(given) - len(counting)
            waiting = [
                vocab.label(duty(self).lists.agencies, a.agency)
                for a in session.attendees
                if a.agency not in rated
            ]
            done = ", ".join(
                f"{vocab.label(duty(self).lists.agencies, a)} {r}/5" for a, r in rated.items()
            )
            if replaced:
                done += f" ({replaced} earlier replaced)"
            self.query_one("#experiences", Static).update(
                block(
                    ("Experience of the day: ", "bold"),
                    done or "none given yet",
                    ("\nStill to give theirs: ", "bold") if waiting else "",
                    ", ".join(dict.fromkeys(waiting)),
                )
            )

        load(
            self,
            lambda: app.store.experiences(session.id),
            show,
            failed=self.not_read,
            group="seen",
        )

    def action_experience(self) -> None:
        from dutydesk.screens.experience_form import ExperienceFormScreen

        def given(result: object) -> None:
            if result is not None:
                self.notify("Thank you: experience recorded.")
                self.show_experiences()

        self.app.push_screen(ExperienceFormScreen(), given)

    def action_retrospective(self) -> None:
        from dutydesk.screens.retrospective_form import RetrospectiveFormScreen

        def given(result: object) -> None:
            if result is not None:
                self.notify("Retrospective recorded.")

        self.app.push_screen(RetrospectiveFormScreen(), given)

    def action_end(self) -> None:
        """End the session and write the day's files, in a thread: the screen says so
        meanwhile, and a second Ctrl+S waits for the first (keys are held)."""
        if self.ending:
            return
        self.ending = True
        self.query_one("#end-hint", Static).update(
            Content("Ending the session and writing the day's files…")
        )
        done = asyncio.Event()
        duty(self).hold_keys_until(done)
        self.run_worker(self.end(done), group="save")

    async def end(self, done: asyncio.Event) -> None:
        from dutydesk.exports.daily import export_day
        from dutydesk.exports.files import ExportError

        app = duty(self)
        session = app.require_session()
        store, actor = app.store, app.actor

        def end() -> SessionInfo:
            # Once ended (here or at another desk), Ctrl+S only writes the files again:
            # the team may have carried on, or the files failed the first time.
            current = store.session_for(session.day) or session
            return current if current.ended_at else store.end_session(session.id, actor)

        try:
            try:
                ended = await in_thread(self, end)
            except DatabaseError as error:
                self.query_one("#end-hint", Static).update(
                    Content(f"The session is not ended. {error}")
                )
                self.notify(
                    f"The session is not ended. {error}", title="Not ended", severity="error"
                )
                return
            app.use_session(ended)
            try:
                paths = await in_thread(
                    self, lambda: export_day(store, session.day, app.exports_dir)
                )
                mark = await in_thread(self, lambda: sealed(paths, session.day))
            except (DatabaseError, ExportError, OSError) as error:
                message = (
                    f"The session is ended, but the day's files were not written. {error} "
                    "Put that right, then press Ctrl+S to write them."
                )
                self.query_one("#end-hint", Static).update(Content(message))
                self.notify(message, title="Files not written", severity="error")
                return
            lines = "\n".join(str(p) for p in paths)
            self.query_one("#end-hint", Static).update(
                block(
                    *seal_lines(mark),
                    ("Session ended. The day's files:\n", "bold"),
                    lines,
                    "\n\nEscape: back to the queue (it can carry on).  Ctrl+Q: quit.",
                )
            )
            self.notify("Session ended and exported.")
        finally:
            self.ending = False
            done.set()
        try:
            await in_thread(self, lambda: backup_store(store))
        except BackupError as error:
            self.notify(str(error), title="No backup made", severity="warning")

    def action_back(self) -> None:
        self.dismiss(None)


def sealed(paths: list[Path], day: date) -> dict[str, object] | None:
    """The seal in the manifest just written beside the day's files (None if it has none)."""
    from dutydesk.exports.files import read_seal

    return read_seal(paths[0].parent, day) if paths else None


def seal_lines(mark: dict[str, object] | None) -> list[tuple[str, str] | str]:
    """The day's seal, to write down: it shows later that nothing was changed since."""
    if not mark:
        return []
    return [
        ("The day's seal: ", "bold"),
        (f"{mark['short']}", "bold reverse"),
        f"   (event {mark['event']})\n{mark['hash']}\n",
        "Write it down or keep it with the files: `dutydesk check --seal` and "
        "`dutydesk verify` show later that nothing was changed since.\n\n",
    ]


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
