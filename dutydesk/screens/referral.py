"""One referral on one screen: the call, each agency's view, the decision, the action plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from dutydesk.domain.clock import when
from dutydesk.domain.matching import EarlierContact
from dutydesk.domain.period import Feedback
from dutydesk.domain.records import Action, Decision, ReferralDetail
from dutydesk.domain.text import FieldError
from dutydesk.lists import MOST_AGENCIES
from dutydesk.screens.earlier import confirm_question, earlier_block
from dutydesk.screens.referral_blocks import call_block, decision_block, views_block
from dutydesk.widgets.base import duty
from dutydesk.widgets.footer import KeptFooter
from dutydesk.widgets.literal import cell
from dutydesk.widgets.live import StoreChanged, TablePlace
from dutydesk.widgets.work import load, saving

ACTION_COLUMNS = (
    ("what", "What"),
    ("owner", "Owner"),
    ("due", "Due"),
    ("need", "Need met"),
    ("done", "Done"),
    ("service", "Service"),
)
SCREEN_NAME = "referral"  # the one referral screen the app keeps (installed)
Read = tuple[ReferralDetail, list[EarlierContact], list[Feedback]]  # what reload reads


def open_referral(app: App[object], referral_id: int) -> None:
    """Show a referral on the referral screen the app keeps, made on first use: a new screen
    per referral costs more than the target for opening one (composing, styling, mounting).
    If that screen is already open under the top one, a new one is pushed as before."""
    if not app.is_screen_installed(SCREEN_NAME):
        app.install_screen(ReferralScreen(), SCREEN_NAME)
    screen = app.get_screen(SCREEN_NAME)
    if screen in app.screen_stack:
        app.push_screen(ReferralScreen(referral_id))
        return
    assert isinstance(screen, ReferralScreen)
    screen.show_referral(referral_id)
    app.push_screen(screen)


class ReferralScreen(Screen[None]):
    PALETTE_NAME = "referral"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Queue", id="referral-back", tooltip="back to the queue"),
        Binding(
            "v",
            "view",
            "View",
            id="referral-view",
            key_display="v/1-9",
            tooltip="add an agency's view",
        ),
        # A number key for each agency of the lists, in their order: named at mount
        # (`on_mount`), when the app's lists are known; a key past the last
        # agency does nothing.
        *(
            Binding(
                str(n),
                f"view_at({n})",
                f"View: agency {n}",
                tooltip=f"add a view from the lists' agency {n}",
                show=False,
                id=f"referral-view-{n}",
            )
            for n in range(1, MOST_AGENCIES + 1)
        ),
        Binding(
            "d", "decide", "Decide", id="referral-decide", tooltip="record or amend the decision"
        ),
        Binding(
            "p",
            "pass_on",
            "Passed on",
            id="referral-pass-on",
            tooltip="passed to the Assessment Team",
        ),
        Binding("a", "add_action", "Action", id="referral-add-action", tooltip="add an action"),
        Binding(
            "x",
            "toggle_done",
            "Done",
            id="referral-action-done",
            tooltip="mark the action done (or not)",
        ),
        Binding("c", "edit_call", "Correct", id="referral-edit-call", tooltip="correct the call"),
        Binding(
            "f",
            "feedback",
            "Feedback",
            id="referral-feedback",
            tooltip="outcome fed back to the referrer",
        ),
        Binding("h", "history", "History", id="referral-history", tooltip="who changed what"),
        Binding(
            "m",
            "confirm_match",
            "Same child",
            id="referral-confirm-match",
            tooltip="confirm an earlier contact is about the same child",
        ),
        Binding(
            "r",
            "make_referral",
            "Make referral",
            id="referral-make-referral",
            tooltip="make this advice call a referral (the call form, filled in)",
        ),
    ]
    HELP = (
        "Number keys add a view for that agency (each is listed below). X marks the action "
        "under the cursor done (or not done). "
        "Earlier contacts: LIKELY is the same name and date of birth (or a quoted ref), "
        "possible is a near match; M confirms the next one not yet confirmed (a link with "
        "who and when: nothing is merged). R makes an advice call a referral."
    )

    def __init__(self, referral_id: int = 0) -> None:
        super().__init__()
        self.referral_id = referral_id
        self.fresh = True  # a referral not drawn yet: read it, and start at its top
        self.filled = False  # read and drawn for the showing to come (no second read)
        self.detail: ReferralDetail | None = None
        self.detail_actions: tuple[Action, ...] = ()  # as the actions table shows them
        self.earlier: list[EarlierContact] = []

    def on_mount(self) -> None:
        """Each number key named for its agency in the app's lists (the class's say
        "agency 1"; the keymap finds them by id all the same)."""
        agencies = duty(self).lists.agencies[:MOST_AGENCIES]
        keys = self._bindings.key_to_bindings
        for n, agency in enumerate(agencies, start=1):
            mine, name = f"referral-view-{n}", agency.label
            keys[str(n)] = [
                replace(b, description=f"View: {name}", tooltip=f"add a view from {name}")
                if b.id == mine
                else b
                for b in keys[str(n)]
            ]
        keys["v"] = [replace(b, key_display=f"v/1-{len(agencies)}") for b in keys["v"]]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "view_at" and parameters:
            return int(str(parameters[0])) <= len(duty(self).lists.agencies)
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="referral"):
            yield Static(id="call")
            yield Static(id="earlier")
            yield Static(id="views")
            yield Static(id="decision")
            yield Static(Content.styled("Action plan", "bold underline"), classes="section")
            yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield KeptFooter()

    def show_referral(self, referral_id: int) -> None:
        """Show `referral_id` from its top when the screen is next shown (the kept screen,
        reused: as a new screen would, even if it is the referral shown last time). Once
        the screen exists, it is emptied now, before it is shown: its first picture is
        never the referral before; this one is read in a thread and drawn once read."""
        self.referral_id = referral_id
        self.fresh = True
        if self.is_mounted:
            self.start_fresh()
            self.filled = True

    def on_screen_resume(self) -> None:
        if self.filled:  # filled just before it was shown
            self.filled = False
        elif self.fresh:  # shown for the first time: composed just now
            self.start_fresh()
        else:  # back from a form or a dialog on this referral: keep the place
            self.reload()

    def start_fresh(self) -> None:
        """Nothing of the referral shown before is left: not its place, its focus, nor its
        actions' column widths (a table's columns only ever grow)."""
        self.fresh = False
        self.detail, self.detail_actions, self.earlier = None, (), []
        page = self.query_one("#referral", VerticalScroll)
        page.scroll_home(animate=False, immediate=True)
        table = self.query_one("#actions", DataTable)
        table.clear(columns=True)
        for key, label in ACTION_COLUMNS:
            table.add_column(label, key=key)
        for section in ("#call", "#earlier", "#views", "#decision"):
            self.query_one(section, Static).update("")  # nothing of the one before
        self.sub_title = None
        self.reload()
        page.focus()

    def on_store_changed(self, _message: StoreChanged) -> None:
        self.reload()  # a view, a decision... from another desk; the place is kept

    def reload(self) -> None:
        """Read the referral again (in a thread) and show it."""
        app = duty(self)
        referral_id = self.referral_id

        def read() -> Read:
            detail, earlier = app.store.referral_and_earlier(referral_id)
            return detail, earlier, app.store.feedback_for(referral_id)

        def failed(error: Exception) -> None:
            if isinstance(error, FieldError):  # removed meanwhile (the purge, at another desk)
                self.notify("This referral is no longer in the database.", severity="warning")
                if self.is_current:
                    self.app.pop_screen()
                return
            self.notify(str(error), title="Could not read the referral", severity="error")

        load(self, read, self.show, failed=failed, catch=(FieldError,))

    def show(self, read: Read) -> None:
        app = duty(self)
        detail, self.earlier, told = read
        self.detail = detail
        today = app.require_session().day
        lists = app.lists
        self.query_one("#call", Static).update(call_block(detail, today, app.now(), lists))
        self.query_one("#earlier", Static).update(earlier_block(self.earlier, today, lists))
        self.query_one("#views", Static).update(views_block(detail, today, lists))
        self.query_one("#decision", Static).update(decision_block(detail, today, told, lists))
        table = self.query_one("#actions", DataTable)
        place = TablePlace.of(table, [str(a.id) for a in self.detail_actions])
        table.clear()
        now = app.now()
        for action in detail.actions:
            owner = action.owner_shown(lists)
            # A service owns it: name it here too (the Service column is off to the right).
            if action.owner_name or action.service_name:
                owner += f": {action.owner_name or action.service_name}"
            due = when(action.due_at, today) or "-"
            if action.overdue(now):
                due += " OVERDUE"
            done = f"done {when(action.done_at, today)}" if action.done_at else "open"
            table.add_row(
                cell(action.what),
                cell(owner),
                cell(due),
                cell(action.need or "-"),
                cell(done),
                cell(action.service_name or "-"),
                key=str(action.id),
            )
        place.restore(table, [str(a.id) for a in detail.actions])
        self.detail_actions = detail.actions
        self.sub_title = f"{detail.ref} · {detail.status}"

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_history(self) -> None:
        from dutydesk.screens.audit import AuditScreen

        if self.detail is not None:
            self.app.push_screen(AuditScreen(self.referral_id, self.detail.ref))

    def action_view_at(self, number: int) -> None:
        """A view from the lists' agency `number` (1: the first)."""
        agencies = duty(self).lists.agencies
        if 1 <= number <= len(agencies):
            self.action_view(agencies[number - 1].code)

    def action_view(self, agency: str | None = None) -> None:
        from dutydesk.screens.view_form import ViewFormScreen

        if self.detail is not None:
            self.app.push_screen(ViewFormScreen(self.detail, agency), self.saved("View added."))

    def action_decide(self) -> None:
        from dutydesk.screens.decision_form import DecisionFormScreen

        if self.detail is None:
            return

        def done(decision: Decision | None) -> None:
            if decision is not None:  # an amendment also if it became one on a conflict
                self.notify("Decision amended." if decision.version > 1 else "Decision recorded.")
                self.reload()

        self.app.push_screen(DecisionFormScreen(self.detail), done)

    def action_add_action(self) -> None:
        from dutydesk.screens.action_form import ActionFormScreen

        if self.detail is not None:
            self.app.push_screen(ActionFormScreen(self.detail), self.saved("Action added."))

    def action_feedback(self) -> None:
        from dutydesk.screens.feedback_form import FeedbackFormScreen

        if self.detail is not None:
            self.app.push_screen(FeedbackFormScreen(self.detail), self.saved("Feedback recorded."))

    def action_edit_call(self) -> None:
        from dutydesk.screens.call_form import CallFormScreen

        if self.detail is not None:
            self.app.push_screen(CallFormScreen(self.detail), self.saved("Call corrected."))

    def action_make_referral(self) -> None:
        from dutydesk.screens.call_form import CallFormScreen

        if self.detail is None:
            return
        if not self.detail.call.is_advice:
            self.notify("This is already a referral (C corrects the call).")
            return
        self.app.push_screen(
            CallFormScreen(self.detail, make_referral=True),
            self.saved("Made a referral: the advice given is kept with it."),
        )

    def action_confirm_match(self) -> None:
        from dutydesk.widgets.dialog import ConfirmScreen

        waiting = [e for e in self.earlier if not e.confirmed]
        if not waiting:
            none = "No earlier contact to confirm." if not self.earlier else ""
            self.notify(none or "Every earlier contact shown is already confirmed.")
            return
        item = waiting[0]
        app = duty(self)

        referral_id, session_id = self.referral_id, app.require_session().id

        def answer(yes: bool | None) -> None:
            if yes:
                saving(
                    self,
                    lambda: app.store.confirm_match(
                        referral_id, item.referral_id, session_id, app.actor
                    ),
                    lambda: self.saved(
                        f"Confirmed: {item.ref} is the same child (nothing merged)."
                    )(True),
                )

        question = confirm_question(item)
        self.app.push_screen(ConfirmScreen(question, yes="Same child", no="Not sure"), answer)

    def said(self, message: str) -> Callable[[], None]:
        return lambda: self.saved(message)(True)

    def saved(self, message: str) -> Callable[[object], None]:
        def done(result: object) -> None:
            if result is not None:
                self.notify(message)
                self.reload()

        return done

    def action_pass_on(self) -> None:
        from dutydesk.screens.pass_on import PassOnScreen

        detail = self.detail
        if detail is None:
            return
        if detail.passed_at is not None:
            self.notify(f"Already passed to the Assessment Team at {when(detail.passed_at)}.")
            return
        self.app.push_screen(PassOnScreen(detail), self.saved("Passed to the Assessment Team."))

    def action_toggle_done(self) -> None:
        detail = self.detail
        table = self.query_one("#actions", DataTable)
        if detail is None or not detail.actions:
            self.notify("No actions yet: press A to add one.")
            return
        if not table.has_focus:
            table.focus()
        action = detail.actions[min(table.cursor_row, len(detail.actions) - 1)]
        app = duty(self)
        session_id, actor = app.require_session().id, app.actor
        saving(
            self,
            lambda: app.store.set_action_done(action.id, session_id, not action.done, actor),
            lambda: self.saved("Action marked done." if not action.done else "Action reopened.")(
                True
            ),
        )
