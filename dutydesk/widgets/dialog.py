"""The base of every dialog: Help (F1) and the theme key (F2) work here too.

Textual stops at a modal screen when it looks for a key's binding, so the app's own
non-priority keys (F1, ?, F2) do nothing on a dialog and do not show in its footer. Every
dialog (forms included) subclasses `Dialog` to keep them. The ids are the app's, so one
keymap line moves the key everywhere; `?` is typed as text in a text field, F1 never is.

The two questions are here too, below the screens and forms that ask them. ConfirmScreen:
Y or Enter says yes, N or Escape says no. DiscardScreen: a question whose yes throws away
someone's typing, so only a deliberate key (Ctrl+D) says yes; a letter or Enter typed on,
as the dialog appears, never does.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT], Generic[ResultT]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "app.help", "Help", id="help", show=False, tooltip="the keys of this screen"),
        Binding(
            "question_mark",
            "app.help",
            "Help",
            show=False,
            id="help-question",
            tooltip="the keys of this screen",
        ),
        Binding(
            "f2",
            "app.cycle_theme",
            "Theme",
            show=False,
            id="theme",
            tooltip="next theme (high contrast for a wall screen)",
        ),
    ]


class Question(Dialog[bool]):
    """A question and the keys that answer it (a subclass binds them)."""

    YES_KEYS = NO_KEYS = ""

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Static(Content(self.question), id="question")
            yield Static(
                Content(f"{self.YES_KEYS}: {self.yes}     {self.NO_KEYS}: {self.no}"),
                classes="hint",
            )
        yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ConfirmScreen(Question):
    PALETTE_NAME = "confirm"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]
    YES_KEYS = "Y / Enter"
    NO_KEYS = "N / Escape"


class DiscardScreen(Question):
    """Yes loses typing: Ctrl+D only. Any other key (a letter typed on) is not an answer."""

    PALETTE_NAME = "discard"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+d", "answer(True)", "Yes", id="discard-yes", priority=True),
        Binding("escape,n", "answer(False)", "No", id="discard-no"),
    ]
    YES_KEYS = "Ctrl+D"
    NO_KEYS = "Escape / N"
