"""Offer back what was being typed when dutydesk stopped: Y restores, N throws it away.

Escape decides later: the draft is kept and offered again next time, so that a reflexive
Escape never throws away someone's unsaved typing.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from dutydesk.widgets.dialog import Dialog


class RestoreDraftScreen(Dialog[bool | None]):
    """True: restore it; False: throw it away; None: keep it and ask again later."""

    PALETTE_NAME = "restore"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Restore", id="restore-yes"),
        Binding("n", "answer(False)", "Throw away", id="restore-no"),
        Binding("escape", "later", "Later", id="restore-later"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Static(Content(self.question), id="question")
            yield Static(
                Content(
                    "Y / Enter: Restore     N: Throw it away     Escape: Decide later (it is kept)"
                ),
                classes="hint",
            )
        yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_later(self) -> None:
        self.dismiss(None)
