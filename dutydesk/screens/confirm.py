"""A yes/no question: Y or Enter says yes, N or Escape says no."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from dutydesk.widgets.dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    PALETTE_NAME = "confirm"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Static(Content(self.question), id="question")
            yield Static(
                Content(f"Y / Enter: {self.yes}     N / Escape: {self.no}"), classes="hint"
            )
        yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
