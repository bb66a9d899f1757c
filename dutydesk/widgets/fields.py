"""A form's fields as plain values: to keep them as a draft, to put them back, and to tell
the person when saving took hidden control characters out of what they typed.

Fields are found by their widget id; a field without an id is not kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, TextArea
from textual.widgets.select import InvalidSelectValueError

from dutydesk.domain.clock import hhmm
from dutydesk.domain.records import Actor
from dutydesk.domain.text import clean, removed_count
from dutydesk.domain.vocab import Lists
from dutydesk.storage.drafts import Draft, DraftFields, DraftValue

FIELDS = "Input, TextArea, Select, SelectionList"

# What each kind of draft is called, and the keys that reopen it (see draft_notice).
FORM_NAMES = {
    "call": "call",
    "view": "agency view",
    "decision": "decision",
    "action": "action",
}
REOPEN_KEYS = {"call": "C", "view": "V", "decision": "D", "action": "A"}


def fields_of(node: DOMNode) -> Iterator[Widget]:
    yield from node.query(FIELDS)


def field_values(node: DOMNode) -> DraftFields:
    """Every field's value by widget id: text as typed, a choice's code, ticked codes."""
    values: DraftFields = {}
    for widget in fields_of(node):
        if not widget.id:
            continue
        if isinstance(widget, Input):
            values[widget.id] = widget.value
        elif isinstance(widget, TextArea):
            values[widget.id] = widget.text
        elif isinstance(widget, Select):
            values[widget.id] = widget.value if isinstance(widget.value, str) else None
        elif isinstance(widget, SelectionList):
            values[widget.id] = [str(v) for v in widget.selected]
    return values


def restore_values(node: DOMNode, values: Mapping[str, DraftValue]) -> None:
    """Put `values` back into the fields with those ids; a choice no longer offered is skipped."""
    for widget in fields_of(node):
        if not widget.id or widget.id not in values:
            continue
        value = values[widget.id]
        if isinstance(value, str):
            value, _ = clean(value)  # a field never holds a terminal control code
        if isinstance(widget, Input) and isinstance(value, str):
            widget.value = value
        elif isinstance(widget, TextArea) and isinstance(value, str):
            widget.load_text(value)
        elif isinstance(widget, Select):
            _choose(widget, value)
        elif isinstance(widget, SelectionList) and isinstance(value, list):
            offered = {widget.get_option_at_index(i).value for i in range(widget.option_count)}
            widget.deselect_all()
            for code in value:
                if code in offered:
                    widget.select(code)


def _choose(select: Select[str], value: DraftValue) -> None:
    try:
        if isinstance(value, str):
            select.value = value
        elif not select.is_blank():
            select.clear()
    except InvalidSelectValueError:
        pass


def field_label(widget: Widget) -> str:
    """What the person sees the field called: its label, else its placeholder, else its id."""
    parent = widget.parent
    text = ""
    if parent is not None and parent.has_class("pair"):
        label = next(iter(parent.query_children(Label)), None)
        text = _plain(label) if label is not None else ""
    if not text and parent is not None:
        siblings = list(parent.children)
        index = siblings.index(widget)
        if index > 0 and isinstance(siblings[index - 1], Label):
            text = _plain(siblings[index - 1])
    if not text and isinstance(widget, Input):
        text = widget.placeholder
    text = text or (widget.id or "a field").replace("_", " ")
    text = text.split("(")[0].replace("*", "").strip()
    return text[:1].upper() + text[1:]


def _plain(label: Widget) -> str:
    content = label.content if isinstance(label, Label) else ""
    return content.plain if isinstance(content, Content) else str(content)


def cleaning_notices(node: DOMNode) -> list[str]:
    """'Removed 3 control characters from What the referrer saw', one per field affected."""
    notices = []
    for widget in fields_of(node):
        if isinstance(widget, Input):
            typed = widget.value
        elif isinstance(widget, TextArea):
            typed = widget.text
        else:
            continue
        count = removed_count(typed)
        if count:
            plural = "" if count == 1 else "s"
            notices.append(f"Removed {count} control character{plural} from {field_label(widget)}")
    return notices


def draft_offer(draft: Draft, actor: Actor, key: str, lists: Lists) -> str:
    """'A draft by Lou Pretend (Early help) from 10:42 was recovered: Ctrl+R restores it.'"""
    at = hhmm(draft.updated_at)
    who = "yours" if not draft.actor.name or draft.actor.name == actor.name else None
    by = "A draft of yours" if who else f"A draft by {draft.actor.label(lists)}"
    return f"{by} from {at} was recovered: {key} restores it (it is kept until then)."


def draft_notice(draft: Draft, lists: Lists) -> str:
    """Tells the queue which form has unsaved typing and how to get it back."""
    key = draft.key
    name = FORM_NAMES.get(key.form, key.form)
    who = f" by {draft.actor.label(lists)}" if draft.actor.name else ""
    at = hhmm(draft.updated_at)
    if key.form == "call" and key.referral_id is None:
        return f"Unsaved call being typed at {at}{who}: press A to restore it."
    what = "correction to call" if key.form == "call" else name + " on"
    ref = draft.ref or "a referral"
    press = REOPEN_KEYS.get(key.form, "")
    how = f"open {ref} and press {press} to restore it" if press else f"open {ref} to restore it"
    return f"Unsaved {what} {ref} being typed at {at}{who}: {how}."
