"""Add a call (or correct one): the MASH officer's form, keyboard only, forgiving."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import AwaitMount
from textual.widgets import Footer, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from dutydesk.domain import vocab
from dutydesk.domain.ages import parse_dob_or_age
from dutydesk.domain.clock import day_label, london_day
from dutydesk.domain.day import QueueRow
from dutydesk.domain.records import CALL_FIELDS, CallDetails, Child, ReferralDetail
from dutydesk.domain.text import FieldError
from dutydesk.storage.drafts import DraftValue
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair

MAX_CHILDREN = 6
# The call's chosen fields with a list of the partnership's (records.CALL_FIELDS), each a
# Select under the referrer's organisation.
CHOSEN = tuple(f for f in CALL_FIELDS if f.choices and f.label)


class CallFormScreen(FormScreen[QueueRow | int]):
    """Returns the new queue row, or the new version number when correcting a call."""

    PALETTE_NAME = "call"
    DRAFT_FORM = "call"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add_child", "Another child", id="call-add-child"),
    ]
    HELP = (
        "Fields marked * are needed to save; everything else can be added later "
        "(C on the referral corrects the call). A call that only needs advice "
        "('should I refer?') is an advice call: only the advice given is needed; "
        "R on it later makes it a referral without retyping."
    )

    def __init__(self, existing: ReferralDetail | None = None, *, make_referral: bool = False):
        super().__init__()
        self.existing = existing
        self.make_referral = make_referral
        self.children_shown = max(1, len(existing.call.children)) if existing else 1

    def compose(self) -> ComposeResult:
        lists = duty(self).lists
        call = self.existing.call if self.existing else None
        title = f"Correct call {self.existing.ref}" if self.existing else "Add a call"
        if self.existing and self.make_referral:
            title = f"Make advice call {self.existing.ref} a referral"
        kind = vocab.REFERRAL if self.make_referral or call is None else call.kind
        with Vertical(id="dialog", classes="form wide"):
            yield Static(Content.styled(title, "bold"), classes="heading")
            with VerticalScroll(id="call-fields"):
                yield pair(
                    "The call is",
                    Select(
                        [(c.label, c.code) for c in vocab.KINDS],
                        value=kind,
                        allow_blank=False,
                        id="kind",
                        compact=True,
                    ),
                )
                with Vertical(id="advice-box") as box:
                    box.display = kind == vocab.ADVICE or bool(call and call.advice)
                    yield Label("Advice given *  (what you advised; the child can be unknown)")
                    yield TextArea(
                        call.advice if call else "", id="advice", classes="notes", compact=True
                    )
                yield Label("Referrer", classes="section")
                yield pair(
                    "Name",
                    Input(call.referrer_name if call else "", id="referrer_name", compact=True),
                )
                yield pair(
                    "Role",
                    Input(call.referrer_role if call else "", id="referrer_role", compact=True),
                )
                yield pair(
                    "Organisation",
                    Input(call.referrer_org if call else "", id="referrer_org", compact=True),
                )
                for chosen in CHOSEN:  # each chosen field of the call, from its list
                    value = chosen.of(call) if call else ""
                    yield pair(
                        chosen.label,
                        Select(
                            [(c.label, c.code) for c in lists.of(chosen.choices)],
                            value=value or Select.NULL,
                            prompt="Not recorded",
                            id=chosen.name,
                            compact=True,
                        ),
                    )
                yield pair(
                    "Phone or email",
                    Input(
                        call.referrer_contact if call else "", id="referrer_contact", compact=True
                    ),
                )
                yield pair(
                    "Relationship to child",
                    Input(
                        call.referrer_relationship if call else "",
                        id="referrer_relationship",
                        compact=True,
                    ),
                )
                yield pair(
                    "Earlier ref quoted",
                    Input(
                        call.earlier_ref if call else "",
                        placeholder="if they quote one, e.g. 261105-03",
                        id="earlier_ref",
                        compact=True,
                    ),
                )
                yield Label("Child or children", classes="section")
                with Vertical(id="children"):
                    for index in range(self.children_shown):
                        child = (
                            call.children[index] if call and index < len(call.children) else None
                        )
                        yield self.child_fields(index, child)
                yield Label("What is the worry? *  (fill one or both)", classes="section")
                yield Label("What the referrer saw")
                yield TextArea(
                    call.worry_seen if call else "", id="worry_seen", classes="notes", compact=True
                )
                yield Label("What the referrer was told")
                yield TextArea(
                    call.worry_told if call else "", id="worry_told", classes="notes", compact=True
                )
                yield Label(
                    "What the referrer thinks the child needs (their professional judgement)"
                )
                yield TextArea(
                    call.referrer_view if call else "",
                    id="referrer_view",
                    classes="notes",
                    compact=True,
                )
                yield Label("Needs (Space to tick)", classes="section")
                ticked = set(call.needs) if call else set()
                yield SelectionList[str](
                    *(Selection(c.label, c.code, c.code in ticked) for c in lists.needs),
                    id="needs",
                )
                yield Label("Urgency and consent", classes="section")
                yield pair(
                    "Urgency *",
                    Select(
                        [
                            (f"{c.label}: {lists.urgency_hints[c.code]}", c.code)
                            for c in lists.urgencies
                        ],
                        prompt="choose",
                        value=call.urgency if call else Select.NULL,
                        id="urgency",
                        compact=True,
                    ),
                )
                yield pair(
                    "Family knows?",
                    _knows("family_knows", call.family_knows if call else "unknown"),
                )
                yield pair(
                    "Family consents?", _knows("consent", call.consent if call else "unknown")
                )
            yield Static("", id="form-error")
        yield Footer()

    def child_fields(self, index: int, child: Child | None) -> Vertical:
        age = ""
        if child is not None:
            age = child.dob.isoformat() if child.dob else child.age
        star = " *" if index == 0 else ""  # for a referral; advice needs no child
        row = Horizontal(
            Input(
                child.name if child else "",
                placeholder=f"child {index + 1} name{star}",
                id=f"child_name_{index}",
                classes="child-name",
                compact=True,
            ),
            Input(
                age,
                placeholder="DOB or age",
                id=f"child_age_{index}",
                classes="child-age",
                compact=True,
            ),
            Input(
                child.school if child else "",
                placeholder="school or setting",
                id=f"child_school_{index}",
                classes="child-school",
                compact=True,
            ),
            classes="child",
        )
        # What the date of birth or age was read as, or why it cannot be: at the field.
        hint = Static("", id=f"child_age_hint_{index}", classes="field-hint")
        hint.display = False
        return Vertical(row, hint, classes="child-box")

    @on(Input.Changed, ".child-age")
    def read_age(self, event: Input.Changed) -> None:
        index = int((event.input.id or "").rsplit("_", 1)[1])
        hint = self.query_one(f"#child_age_hint_{index}", Static)
        try:
            dob, age = self.age_of(index)
        except FieldError as error:
            hint.set_class(True, "problem")
            hint.update(Content(str(error)))
        else:
            hint.set_class(False, "problem")
            shown = Child("", dob=dob, age=age).age_on(self.today()) or "age not known"
            born = f"born {day_label(dob)}, " if dob else ""
            hint.update(Content(f"Child {index + 1}: {born}{shown}"))
        hint.display = bool(event.value.strip())

    def today(self) -> date:
        return london_day(duty(self).store.now())

    def age_of(self, index: int) -> tuple[date | None, str]:
        """Child `index`'s date of birth or age as typed, read (FieldError if it cannot be)."""
        return parse_dob_or_age(
            self.query_one(f"#child_age_{index}", Input).value,
            self.today(),
            f"Child {index + 1}: date of birth or age",
        )

    def on_mount(self) -> None:
        super().on_mount()
        if self.make_referral:
            self.query_one("#child_name_0", Input).focus()
        else:
            self.query_one("#referrer_name", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            box = self.query_one("#advice-box", Vertical)
            box.display = event.value == vocab.ADVICE or bool(
                self.query_one("#advice", TextArea).text
            )

    async def action_add_child(self) -> None:
        if self.children_shown >= MAX_CHILDREN:
            self.notify(f"At most {MAX_CHILDREN} children on one call.")
            return
        index = self.children_shown
        # The row (a box holding the fields and the age line) is mounted before its name
        # field is focused: after a refresh alone the nested fields may not be there yet.
        await self.add_child_row()
        self.query_one(f"#child_name_{index}", Input).focus()

    def add_child_row(self) -> AwaitMount:
        index = self.children_shown
        self.children_shown += 1
        return self.query_one("#children", Vertical).mount(self.child_fields(index, None))

    def draft_referral_id(self) -> int | None:
        return self.existing.referral_id if self.existing else None

    async def restore_values(self, values: dict[str, DraftValue]) -> None:
        # A draft may hold more children than the form shows yet: add their rows first.
        rows = [int(k.rsplit("_", 1)[1]) + 1 for k in values if k.startswith("child_name_")]
        while self.children_shown < min(max(rows, default=1), MAX_CHILDREN):
            await self.add_child_row()
        await super().restore_values(values)

    def details(self) -> CallDetails:
        children = []
        for index in range(self.children_shown):
            name = self.query_one(f"#child_name_{index}", Input).value
            try:
                dob, age = self.age_of(index)
            except FieldError:
                self.query_one(f"#child_age_{index}", Input).focus()
                raise
            school = self.query_one(f"#child_school_{index}", Input).value
            children.append(Child(name=name, dob=dob, age=age, school=school))
        urgency = self.query_one("#urgency", Select).value
        chosen: dict[str, Any] = {
            f.name: _value(self.query_one(f"#{f.name}", Select), "") for f in CHOSEN
        }
        return CallDetails(
            urgency=urgency if isinstance(urgency, str) else "",
            children=tuple(children),
            worry_seen=self.query_one("#worry_seen", TextArea).text,
            worry_told=self.query_one("#worry_told", TextArea).text,
            referrer_name=self.query_one("#referrer_name", Input).value,
            referrer_role=self.query_one("#referrer_role", Input).value,
            referrer_org=self.query_one("#referrer_org", Input).value,
            referrer_contact=self.query_one("#referrer_contact", Input).value,
            referrer_relationship=self.query_one("#referrer_relationship", Input).value,
            referrer_view=self.query_one("#referrer_view", TextArea).text,
            needs=tuple(self.query_one("#needs", SelectionList).selected),
            family_knows=_value(self.query_one("#family_knows", Select)),
            consent=_value(self.query_one("#consent", Select)),
            kind=_value(self.query_one("#kind", Select)),
            advice=self.query_one("#advice", TextArea).text,
            earlier_ref=self.query_one("#earlier_ref", Input).value,
            **chosen,
        )

    def submit(self) -> Callable[[], QueueRow | int]:
        app = duty(self)
        session = app.require_session()
        details = self.details()
        if self.existing is None:
            return partial(app.store.add_call, session.id, details, app.actor, token=self.token)
        return partial(
            app.store.amend_call,
            self.existing.referral_id,
            session.id,
            details,
            app.actor,
            expected_version=self.existing.call_version,
            token=self.token,
        )


def _knows(widget_id: str, value: str) -> Select[str]:
    return Select(
        [(c.label, c.code) for c in vocab.KNOWS],
        value=value,
        allow_blank=False,
        id=widget_id,
        compact=True,
    )


def _value(select: Select[str], blank: str = "unknown") -> str:
    return select.value if isinstance(select.value, str) else blank
