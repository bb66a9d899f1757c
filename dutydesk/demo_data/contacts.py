"""The demo's advice calls, online-form contacts, repeat call and feedback (contacts.toml)."""

from __future__ import annotations

from typing import NamedTuple

from pydantic.dataclasses import dataclass

from dutydesk.demo_data import SHAPE, Text, Texts, load


@dataclass(frozen=True, config=SHAPE)
class AdviceCall:
    referrer: Text
    role: Text
    org: Text
    contact: Text
    child: Text
    age: Text
    question: Text
    advice: Text


@dataclass(frozen=True, config=SHAPE)
class FormContact:
    urgency: Text
    referrer: Text
    role: Text
    org: Text
    contact: Text
    relationship: Text
    child: Text
    age: Text
    seen: Text
    told: Text
    wants: Text
    needs: Texts


class Again(NamedTuple):
    seen: Text
    told: Text
    wants: Text


@dataclass(frozen=True, config=SHAPE)
class _Feedback:
    how: Texts
    comments: Texts


@dataclass(frozen=True, config=SHAPE)
class _Contacts:
    advice_call: tuple[AdviceCall, ...]
    online_form: tuple[FormContact, ...]
    again: Again
    feedback: _Feedback


_FILE = load("contacts.toml", _Contacts)
ADVICE_CALLS = _FILE.advice_call
FORM_CONTACTS = _FILE.online_form
AGAIN = _FILE.again
FEEDBACK_HOW = _FILE.feedback.how
FEEDBACK_COMMENTS = _FILE.feedback.comments
del _FILE
