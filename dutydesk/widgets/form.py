"""The form base: Ctrl+S saves, Escape goes back (asking first if anything was typed).

A failed save keeps the form open with everything in it, and says why in plain words.
Each form is given a token when it opens and passes it with its save: the Store saves a
token once, so a double Enter, a key repeat or a retry after a timeout never writes twice.
The form closes by one way only (`close_with`), once: keys still queued for it save nothing.
A form with a DRAFT_FORM keeps a draft of what is typed (about once a second, only when
something changed), so that a crash, a power cut or Ctrl+Q loses nothing: the next time
the same form is opened in the same session it offers the draft back, in a line at the top
of the form (Ctrl+R restores it). The offer is not a dialog: keys typed as the form opens
go into the form, never into a question that could throw a colleague's typing away.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Callable
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
from dutydesk.widgets.dialog import Dialog, DiscardScreen
from dutydesk.widgets.fields import (
    cleaning_notices,
    draft_offer,
    field_values,
    restore_values,
)
from dutydesk.widgets.work import in_thread, load

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
        Binding(
            "ctrl+r",
            "restore_draft",
            "Restore draft",
            id="restore-draft",
            priority=True,
            tooltip="restore the unsaved draft offered at the top of the form",
        ),
    ]
    ENTER_SAVES = False  # short forms: Enter in a one-line field saves
    DRAFT_FORM: ClassVar[str] = ""  # "call", "view", ...: keep drafts of this form
    _draft_asked = _draft_ready = _draft_closed = _draft_warned = _draft_keeping = False
    _draft_taken = _draft_written = 0  # the values taken for a draft, and written, last
    _form_closed = False  # (not `_closing`: Textual has its own)
    _saving = False  # Ctrl+S pressed: the save is running in a thread
    _draft_offered: Draft | None = None  # left behind by a crash, offered at the top

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # This form's save, whichever desk or retry sends it: the Store saves it once.
        self.token = secrets.token_hex(16)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore_draft":
            return self._draft_offered is not None  # shown only while a draft is offered
        return True

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
            self._draft_lock = threading.Lock()
            self.set_interval(DRAFT_EVERY, self.keep_draft_soon)
            app = duty(self)
            key = self.draft_key()
            load(self, lambda: app.store.drafts(key.session_id), self.offer_draft, group="drafts")

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

    def submit(self) -> Callable[[], ResultT]:
        """Read and check the fields (raise one of USER_ERRORS to keep the form open) and
        return the save, which runs in a thread: `partial(store.add_x, ...)`."""
        raise NotImplementedError

    def action_save(self) -> None:
        if self._form_closed or self._saving:
            return  # saved, thrown away, or being saved: a key queued behind it does nothing
        notices = cleaning_notices(self)
        try:
            save = self.submit()
        except USER_ERRORS as error:
            self.refused(error)
            return
        except Exception as error:  # a bug: say so, keep the form and the text
            self.show_error(f"Not saved: an unexpected error ({type(error).__name__}).")
            self.log.error(repr(error))
            return
        self._saving = True
        self.show_status("Saving…")
        done = asyncio.Event()
        duty(self).hold_keys_until(done)  # keys typed meanwhile: for the form if it stays
        self.run_worker(self.save(save, notices, done), group="save")

    async def save(self, save: Callable[[], ResultT], notices: list[str], done: Any) -> None:
        """Run `save` in a thread; close the form with its result, or keep it as typed."""
        try:
            result = await in_thread(self, save)
        except USER_ERRORS as error:
            self.refused(error)
        except Exception as error:  # a bug: say so, keep the form and the text
            self.show_error(f"Not saved: an unexpected error ({type(error).__name__}).")
            self.log.error(repr(error))
        else:
            self.close_with(result)
            if notices:
                self.app.notify(". ".join(notices) + ".", title="Saved", severity="warning")
        finally:
            self._saving = False
            for line in self.query("#form-error.-saving"):
                line.display = False  # not saved, and said otherwise (a dialog, a notice)
            done.set()  # the keys typed meanwhile go on: to the screen below, or back here

    def show_status(self, message: str) -> None:
        """The form's status line, not as an error: "Saving…"."""
        for line in self.query("#form-error").results(Static):
            line.update(Content(message))
            line.set_class(True, "-saving")
            line.display = True

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
            error.set_class(False, "-saving")
            error.display = True
        self.notify(message, title="Not saved", severity="error")

    def action_cancel(self) -> None:
        if self._form_closed:
            return
        if not self.dirty():
            self.close_with(None)
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self.close_with(None)

        self.app.push_screen(
            DiscardScreen("Throw away what you typed?", yes="Discard", no="Back to the form"),
            discard,
        )

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

    def keep_draft_soon(self) -> None:
        """The timer: keep the draft, in a thread, if anything changed since last kept."""
        if self._draft_ready and not self._draft_closed and not self._draft_keeping:
            self._draft_keeping = True
            self.run_worker(self.keep_draft(), group="draft")

    async def keep_draft(self) -> None:
        """Keep the draft if anything changed since last kept, in a thread: the screen
        draws meanwhile (the timer's worker; awaited at Ctrl+Q or a signal, as the console
        ends). Values taken later are never overwritten by ones taken before."""
        try:
            if not self._draft_ready or self._draft_closed:
                return
            values = self.draft_values()
            if values == self._draft_last:
                return
            self._draft_taken += 1
            taken = self._draft_taken
            await in_thread(self, lambda: self.write_draft(values, taken))
        except DatabaseError as error:
            self.draft_not_kept(error)
        except Exception as error:  # a bug in keeping drafts must not stop anyone typing
            self.log.error(repr(error))
        else:
            self._draft_last, self._draft_warned = values, False
        finally:
            self._draft_keeping = False

    def write_draft(self, values: DraftFields, taken: int) -> None:
        """Keep `values` (blank: none) unless the form was closed meanwhile, or values
        taken after these were written already (any thread)."""
        app = duty(self)
        with self._draft_lock:  # never after the draft is forgotten (forget_draft)
            if self._draft_closed or taken < self._draft_written:
                return
            self._draft_written = taken
            if values == self._draft_blank:  # typed, then all taken out again
                app.store.discard_draft(self.draft_key(), app.desk)
            else:
                app.store.save_draft(self.draft_key(), app.desk, values, app.actor)

    def draft_not_kept(self, error: DatabaseError) -> None:
        """Try again at the next tick; say so once, not every second."""
        if not self._draft_warned:
            self._draft_warned = True
            self.notify(
                f"Could not keep a draft of this form: {error} Ctrl+S saves it as usual.",
                title="Draft not kept",
                severity="warning",
            )

    def forget_draft(self) -> None:
        """The form is saved or thrown away: its draft goes (in a thread), and no new one is
        kept, nor one being kept by the timer written after."""
        was_ready, self._draft_closed = self._draft_ready and not self._draft_closed, True
        if not was_ready:
            return
        app = duty(self)
        key = self.draft_key()

        def forget() -> None:
            with self._draft_lock:
                app.store.discard_draft(key, app.desk)

        async def in_background() -> None:
            try:
                await in_thread(self, forget)
            except DatabaseError as error:
                self.log.error(f"draft not removed: {error}")

        self.app.run_worker(in_background(), group="drafts")  # the app's: the form is going

    def offer_draft(self, drafts: list[Draft]) -> None:
        """If a draft of this form was left behind (by a crash), offer it back: a line at the
        top of the form; the form takes keys as usual meanwhile (read in a thread; if it
        cannot be read, the form still works and the draft is offered next time)."""
        app = duty(self)
        key = self.draft_key()
        left = [d for d in drafts if d.key == key and d.desk != app.desk]
        if not left or self._draft_closed:
            return
        self._draft_offered = left[-1]
        offer = Static(
            Content(draft_offer(left[-1], app.actor, self.restore_key(), app.lists)),
            id="draft-offer",
            classes="draft-offer",
        )
        dialog = self.query("#dialog")
        if dialog:
            dialog.first().mount(offer, before=0)
        else:
            self.mount(offer, before=0)
        self.refresh_bindings()

    def restore_key(self) -> str:
        """The key that restores a draft (a keymap may have moved it), as help shows it."""
        from dutydesk.keys import display

        for key, binding in self._bindings:
            if binding.id == "restore-draft":
                return display(key)
        return "Ctrl+R"

    def action_restore_draft(self) -> None:
        draft = self._draft_offered
        if draft is None:
            return
        if not self.dirty():
            self.run_worker(self.take_draft(draft))
            return

        async def replace(yes: bool | None) -> None:
            if yes:
                await self.take_draft(draft)

        self.app.push_screen(
            DiscardScreen(
                "Replace what you have typed here with the recovered draft?",
                yes="Replace mine",
                no="Keep mine",
            ),
            replace,
        )

    async def take_draft(self, draft: Draft) -> None:
        app = duty(self)
        try:
            taken = await in_thread(
                self, lambda: app.store.restore_draft(draft.id, app.desk, app.actor)
            )
        except DatabaseError as error:
            self.notify(f"{error} The draft is kept.", title="Not done", severity="error")
            return
        self._draft_offered = None
        self.query("#draft-offer").remove()
        self.refresh_bindings()
        if taken is None:
            self.notify("That draft has gone: it was restored at another desk.")
            return
        await self.restore_values(taken.fields)
        self._draft_last = self.draft_values()
        self.notify("Restored what was being typed. Ctrl+S saves it.")


def pair(label: str, widget: Widget) -> Horizontal:
    """A label and its field on one line."""
    return Horizontal(Label(label, classes="field-label"), widget, classes="pair")
