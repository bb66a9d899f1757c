"""The demo's advice calls, online-form contacts, repeat call and feedback (contacts.toml)."""

from __future__ import annotations

from dataclasses import dataclass

from dutydesk.demo_data import (
    _get,
    _load,
    _only,
    _table,
    _tables,
    _text,
    _texts,
)


@dataclass(frozen=True)
class AdviceCall:
    referrer: str
    role: str
    org: str
    contact: str
    child: str
    age: str
    question: str
    advice: str


@dataclass(frozen=True)
class FormContact:
    urgency: str
    referrer: str
    role: str
    org: str
    contact: str
    relationship: str
    child: str
    age: str
    seen: str
    told: str
    wants: str
    needs: tuple[str, ...]


_FILE = _only(
    _load("contacts.toml"), {"advice_call", "online_form", "again", "feedback"}, "contacts"
)
_ADVICE_KEYS = {"referrer", "role", "org", "contact", "child", "age", "question", "advice"}
ADVICE_CALLS = tuple(
    AdviceCall(**{k: _text(_only(t, _ADVICE_KEYS, at), k, at) for k in sorted(_ADVICE_KEYS)})
    for at, t in _tables(_FILE, "advice_call", "contacts")
)
_FORM_TEXT = {
    "urgency", "referrer", "role", "org", "contact", "relationship", "child", "age", "seen",
    "told", "wants",
}  # fmt: skip
FORM_CONTACTS = tuple(
    FormContact(
        **{k: _text(_only(t, _FORM_TEXT | {"needs"}, at), k, at) for k in sorted(_FORM_TEXT)},
        needs=_texts(_get(t, "needs", at), f"{at}.needs"),
    )
    for at, t in _tables(_FILE, "online_form", "contacts")
)
_AGAIN = _only(
    _table(_get(_FILE, "again", "contacts"), "contacts.again"),
    {"seen", "told", "wants"},
    "contacts.again",
)
AGAIN = (
    _text(_AGAIN, "seen", "contacts.again"),
    _text(_AGAIN, "told", "contacts.again"),
    _text(_AGAIN, "wants", "contacts.again"),
)
_FEEDBACK = _only(
    _table(_get(_FILE, "feedback", "contacts"), "contacts.feedback"),
    {"how", "comments"},
    "contacts.feedback",
)
FEEDBACK_HOW = _texts(_get(_FEEDBACK, "how", "contacts.feedback"), "contacts.feedback.how")
FEEDBACK_COMMENTS = _texts(
    _get(_FEEDBACK, "comments", "contacts.feedback"), "contacts.feedback.comments"
)
del _FILE, _AGAIN, _FEEDBACK
