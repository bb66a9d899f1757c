"""Telling the referrer the outcome: when, how, by whom, what they were told (drafted from
the record, to edit), and how satisfied they were (1-5 and a comment).

The text can go to the clipboard (through the terminal: OSC 52) or to a .txt file in the
exports folder, for an email or a letter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Label, Select, Static, TextArea

from dutydesk.domain import feedback_text
from dutydesk.domain.clock import hhmm, to_london, when
from dutydesk.domain.due import parse_due
from dutydesk.domain.period import Feedback
from dutydesk.domain.records import ReferralDetail, SessionInfo
from dutydesk.domain.text import FieldError, clean
from dutydesk.paths import write_private
from dutydesk.storage.errors import DISK_FULL, disk_full
from dutydesk.storage.measures import HOW
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair
from dutydesk.widgets.literal import block

SATISFACTION = (
    ("5 very satisfied", 5),
    ("4 satisfied", 4),
    ("3 neither", 3),
    ("2 dissatisfied", 2),
    ("1 very dissatisfied", 1),
    ("not asked / would not say", 0),
)


class FeedbackFormScreen(FormScreen[Feedback]):
    PALETTE_NAME = "feedback"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+l",
            "copy_text",
            "Copy text",
            id="feedback-copy",
            tooltip="copy what they are told to the clipboard",
        ),
        Binding(
            "ctrl+t",
            "save_text",
            "Save .txt",
            id="feedback-save-text",
            tooltip="save what they are told as a text file in the exports folder",
        ),
    ]
    HELP = (
        "The text is drafted from the record (the outcome, who will do what, and what to do "
        "if things change or get worse): edit it to say what you told them. Ctrl+L copies it "
        "(through the terminal's clipboard), Ctrl+T saves it as a .txt file for an email "
        "or a letter. Ctrl+S records the feedback."
    )

    def __init__(self, detail: ReferralDetail) -> None:
        super().__init__()
        self.detail = detail

    def compose(self) -> ComposeResult:
        app = duty(self)
        decision = self.detail.decision
        call = self.detail.call
        referrer = ", ".join(x for x in (call.referrer_name, call.referrer_org) if x) or "-"
        contact = f"  {call.referrer_contact}" if call.referrer_contact else ""
        outcome = decision.outcome_label if decision else "not decided yet"
        if call.is_advice and decision is None:
            outcome = "advice given"
        session = app.require_session()
        draft = feedback_text.draft(
            self.detail, session.day, app.lists, self.other_children(session)
        )
        with Vertical(id="dialog", classes="form wide"):
            yield Static(
                Content.styled(f"Outcome fed back to the referrer: {self.detail.ref}", "bold"),
                classes="heading",
            )
            yield Static(
                block(
                    ("Referrer: ", "bold"),
                    referrer,
                    contact,
                    "\n",
                    ("Outcome: ", "bold"),
                    outcome,
                ),
                classes="hint",
            )
            with VerticalScroll(id="feedback-fields"):
                yield pair("When told", Input(hhmm(app.store.now()), id="told_at", compact=True))
                yield pair(
                    "How *",
                    Select([(h, h) for h in HOW], prompt="choose", id="how", compact=True),
                )
                yield pair("Told by", Input(app.actor.name, id="told_by", compact=True))
                yield Label("What they were told (drafted from the record: edit it)")
                yield TextArea(draft, id="text", classes="notes", compact=True)
                yield Static(
                    Content(
                        "Ctrl+L copies it to the terminal's clipboard; Ctrl+T saves it as a "
                        ".txt file in the exports folder (it says where)."
                    ),
                    classes="hint",
                )
                yield pair(
                    "Satisfaction",
                    Select(
                        SATISFACTION, prompt="ask: how satisfied?", id="satisfaction", compact=True
                    ),
                )
                yield pair(
                    "Comment", Input(id="comment", placeholder="in their words", compact=True)
                )
            yield Static("", id="form-error")
        yield Footer()

    def other_children(self, session: SessionInfo) -> list[str]:
        """The names of the children of the day's other referrals: none may reach this
        referrer in the drafted text."""
        store = duty(self).store
        ids = [r.referral_id for r in store.queue(session)]
        ids = [i for i in ids if i != self.detail.referral_id]
        details = store.referral_details(ids, with_repeats=False)
        return [c.name for d in details for c in d.call.children]

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#how", Select).focus()

    def text(self) -> str:
        return clean(self.query_one("#text", TextArea).text)[0].strip()

    def action_copy_text(self) -> None:
        self.app.copy_to_clipboard(self.text())
        self.notify(
            "Sent to the terminal's clipboard (OSC 52). If pasting gives nothing, your "
            "terminal does not allow it: Ctrl+T saves a .txt file instead.",
            title="Copied",
        )

    def action_save_text(self) -> None:
        app = duty(self)
        stamp = to_london(app.store.now()).format("YYYYMMDD-HHmmss")
        path = Path(app.exports_dir) / f"feedback-{self.detail.ref}-{stamp}.txt"
        try:
            write_private(path, self.text() + "\n")
        except OSError as error:
            said = f"Could not save the text: {error.strerror or error}"
            if disk_full(error):
                said = DISK_FULL
            self.notify(said, severity="error")
            return
        self.notify(f"Saved as {path}", title="Text saved", timeout=15)

    def submit(self) -> Callable[[], Feedback]:
        app = duty(self)
        how = self.query_one("#how", Select).value
        if not isinstance(how, str):
            raise FieldError("Choose how the referrer was told")
        now = app.store.now()
        told = parse_due(self.query_one("#told_at", Input).value, now) or now
        if told < self.detail.received_at - timedelta(minutes=1):
            raise FieldError(f"{when(told)} is before the call came in")
        rating = self.query_one("#satisfaction", Select).value
        return partial(
            app.store.add_feedback,
            self.detail.referral_id,
            app.require_session().id,
            how,
            rating if isinstance(rating, int) and rating else None,
            self.query_one("#comment", Input).value,
            app.actor,
            told_at=told,
            told_by=self.query_one("#told_by", Input).value,
            text=self.query_one("#text", TextArea).text,
            token=self.token,
        )
