"""The form base: Ctrl+S saves, Escape goes back (asking first if anything was typed).

A failed save keeps the form open with everything in it, and says why in plain words.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from dutydesk.domain.due import DueError
from dutydesk.domain.text import FieldError
from dutydesk.storage import ConflictError, DatabaseError

ResultT = TypeVar("ResultT")

# Errors a person can act on; anything else is a bug and still must not lose the form.
USER_ERRORS = (FieldError, DueError, ConflictError, DatabaseError)


class FormScreen(ModalScreen[ResultT], Generic[ResultT]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True, tooltip="save"),
        Binding(
            "escape",
            "cancel",
            "Back",
            id="cancel",
            tooltip="go back (asks first if anything was typed)",
        ),
    ]
    ENTER_SAVES = False  # short forms: Enter in a one-line field saves

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.ENTER_SAVES:
            event.stop()
            self.action_save()

    def on_mount(self) -> None:
        self._initial = self.snapshot()

    def snapshot(self) -> tuple[Any, ...]:
        values: list[Any] = []
        for widget in self.query("Input, TextArea, Select, SelectionList"):
            if isinstance(widget, Input | Select):
                values.append(widget.value)
            elif isinstance(widget, TextArea):
                values.append(widget.text)
            elif isinstance(widget, SelectionList):
                values.append(tuple(widget.selected))
        return tuple(values)

    def dirty(self) -> bool:
        return self.snapshot() != getattr(self, "_initial", ())

    def submit(self) -> ResultT:
        """Validate and save; raise one of USER_ERRORS to keep the form open."""
        raise NotImplementedError

    def action_save(self) -> None:
        try:
            result = self.submit()
        except USER_ERRORS as error:
            self.show_error(str(error))
            return
        except Exception as error:  # a bug: say so, keep the form and the text
            self.show_error(f"Not saved: an unexpected error ({type(error).__name__}).")
            self.log.error(repr(error))
            return
        self.dismiss(result)

    def show_error(self, message: str) -> None:
        for error in self.query("#form-error").results(Static):
            error.update(Content(message))
            error.display = True
        self.notify(message, title="Not saved", severity="error")

    def action_cancel(self) -> None:
        if not self.dirty():
            self.dismiss(None)
            return
        from dutydesk.screens.confirm import ConfirmScreen

        def discard(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Throw away what you typed?", yes="Discard"), discard)


def pair(label: str, widget: Widget) -> Horizontal:
    """A label and its field on one line."""
    return Horizontal(Label(label, classes="field-label"), widget, classes="pair")
