"""The form base: Ctrl+S saves, Escape goes back (asking first if anything was typed).

A failed save keeps the form open with everything in it, and says why in plain words.
Each form is given a token when it opens and passes it with its save: the Store saves a
token once, so a double Enter, a key repeat or a retry after a timeout never writes twice.
The form closes by one way only (`close_with`), once: keys still queued for it save nothing.
A form with a DRAFT_FORM keeps a draft of what is typed (about once a second, only when
something changed), so that a crash, a power cut or Ctrl+Q loses nothing: the next time
the same form is opened in the same session it offers the draft back.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from dutydesk.domain.due import DueError
from dutydesk.domain.text import FieldError
from dutydesk.storage import ConflictError, DatabaseError
from dutydesk.storage.drafts import Draft, DraftFields, DraftKey, DraftValue
from dutydesk.widgets.base import duty
from dutydesk.widgets.dialog import Dialog
from dutydesk.widgets.fields import (
    cleaning_notices,
    field_values,
    restore_question,
    restore_values,
)

ResultT = TypeVar("ResultT")

# Errors a person can act on; anything else is a bug and still must not lose the form.
USER_ERRORS = (FieldError, DueError, ConflictError, DatabaseError)
DRAFT_EVERY = 1.0  # seconds between looks at whether the draft needs keeping again


class FormScreen(Dialog[ResultT], Generic[ResultT]):
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
    DRAFT_FORM: ClassVar[str] = ""  # "call", "view", ...: keep drafts of this form
    _draft_asked = _draft_ready = _draft_closed = _draft_warned = False
    _form_closed = False  # (not `_closing`: Textual has its own)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # This form's save, whichever desk or retry sends it: the Store saves it once.
        self.token = secrets.token_hex(16)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Textual calls this handler for every class in the MRO that defines it; a form
        # that handles Enter itself and calls this one stops the walk (prevent_default),
        # else its Enter would save twice.
        event.prevent_default()
        if self.ENTER_SAVES:
            event.stop()
            self.action_save()

    def on_mount(self) -> None:
        # Textual calls on_mount for each class in the MRO and subclasses call super() as
        # well, so this can run twice: the drafts start once.
        self._initial = self.snapshot()
        if self.DRAFT_FORM and not self._draft_asked:
            self._draft_asked = True
            # The form as composed, before any key is read: what counts as nothing typed.
            self._draft_last = self._draft_blank = self.draft_values()
            self._draft_ready = True
            self.set_interval(DRAFT_EVERY, self.keep_draft)
            self.call_after_refresh(self.offer_draft)

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
        if self._form_closed:
            return  # saved or thrown away already: a key queued behind it does nothing
        notices = cleaning_notices(self)
        try:
            result = self.submit()
        except USER_ERRORS as error:
            self.refused(error)
            return
        except Exception as error:  # a bug: say so, keep the form and the text
            self.show_error(f"Not saved: an unexpected error ({type(error).__name__}).")
            self.log.error(repr(error))
            return
        self.close_with(result)
        if notices:
            self.app.notify(". ".join(notices) + ".", title="Saved", severity="warning")

    def close_with(self, result: ResultT | None) -> None:
        """The one way a form closes (saved, or nothing to save), and only once: its draft
        goes, and the screen below gets `result`."""
        if self._form_closed:
            return
        self._form_closed = True
        self.forget_draft()
        self.dismiss(result)

    def refused(self, error: Exception) -> None:
        """The save was refused; the form stays open as typed (a form may offer more)."""
        self.show_error(str(error))

    def show_error(self, message: str) -> None:
        for error in self.query("#form-error").results(Static):
            error.update(Content(message))
            error.display = True
        self.notify(message, title="Not saved", severity="error")

    def action_cancel(self) -> None:
        if self._form_closed:
            return
        if not self.dirty():
            self.close_with(None)
            return
        from dutydesk.screens.confirm import ConfirmScreen

        def discard(yes: bool | None) -> None:
            if yes:
                self.close_with(None)

        self.app.push_screen(ConfirmScreen("Throw away what you typed?", yes="Discard"), discard)

    # -- drafts -------------------------------------------------------------------------

    def draft_referral_id(self) -> int | None:
        """The referral this form is about (None for a new call)."""
        return None

    def draft_key(self) -> DraftKey:
        session = duty(self).require_session()
        return DraftKey(session.id, self.DRAFT_FORM, self.draft_referral_id())

    def draft_values(self) -> DraftFields:
        """What to keep: every field by id (a form may add what is not in a field)."""
        return field_values(self)

    async def restore_values(self, values: dict[str, DraftValue]) -> None:
        """Put a draft's values back (a form with fields added as needed makes them first)."""
        restore_values(self, values)

    def keep_draft(self) -> None:
        """Keep the draft if anything changed since it was last kept (the timer calls this)."""
        if not self._draft_ready or self._draft_closed:
            return
        app = duty(self)
        try:
            values = self.draft_values()
            if values == self._draft_last:
                return
            if values == self._draft_blank:  # typed, then all taken out again
                app.store.discard_draft(self.draft_key(), app.desk)
            else:
                app.store.save_draft(self.draft_key(), app.desk, values, app.actor)
        except DatabaseError as error:
            # Try again at the next tick; say so once, not every second.
            if not self._draft_warned:
                self._draft_warned = True
                self.notify(
                    f"Could not keep a draft of this form: {error} Ctrl+S saves it as usual.",
                    title="Draft not kept",
                    severity="warning",
                )
            return
        except Exception as error:  # a bug in keeping drafts must not stop anyone typing
            self.log.error(repr(error))
            return
        self._draft_last, self._draft_warned = values, False

    def forget_draft(self) -> None:
        """The form is saved or thrown away: its draft goes, and no new one is kept."""
        was_ready, self._draft_closed = self._draft_ready and not self._draft_closed, True
        if not was_ready:
            return
        app = duty(self)
        try:
            app.store.discard_draft(self.draft_key(), app.desk)
        except DatabaseError as error:
            self.log.error(f"draft not removed: {error}")

    def offer_draft(self) -> None:
        """If a draft of this form was left behind (by a crash), offer it back."""
        from dutydesk.screens.restore_draft import RestoreDraftScreen

        app = duty(self)
        key = self.draft_key()
        try:
            left = [d for d in app.store.drafts(key.session_id) if d.key == key]
        except DatabaseError:
            return  # the form still works; the draft is offered next time
        left = [d for d in left if d.desk != app.desk]
        if not left:
            return
        draft = left[-1]

        async def answer(restore: bool | None) -> None:
            if restore is None:
                return
            await self.answer_draft(draft, restore)

        app.push_screen(RestoreDraftScreen(restore_question(draft, app.actor)), answer)

    async def answer_draft(self, draft: Draft, restore: bool) -> None:
        app = duty(self)
        try:
            if not restore:
                app.store.refuse_draft(draft.id, app.actor)
                self.notify("The unsaved typing was thrown away.")
                return
            taken = app.store.restore_draft(draft.id, app.desk, app.actor)
        except DatabaseError as error:
            self.notify(f"{error} The draft is kept.", title="Not done", severity="error")
            return
        if taken is None:
            self.notify("That draft has gone: it was restored or thrown away at another desk.")
            return
        await self.restore_values(taken.fields)
        self._draft_last = self.draft_values()
        self.notify("Restored what was being typed. Ctrl+S saves it.")


def pair(label: str, widget: Widget) -> Horizontal:
    """A label and its field on one line."""
    return Horizontal(Label(label, classes="field-label"), widget, classes="pair")
