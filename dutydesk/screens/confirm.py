"""Questions. ConfirmScreen: Y or Enter says yes, N or Escape says no. DiscardScreen: a
question whose yes throws away someone's typing, so only a deliberate key (Ctrl+D) says
yes; a letter or Enter typed on, as the dialog appears, never does."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from dutydesk.widgets.dialog import Question


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
