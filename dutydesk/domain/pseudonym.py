"""Free text without names: every name the record holds becomes its role, `[child 1]`,
`[referrer]`, `[health: named nurse]`; dates of birth, phone numbers, email addresses and
postcodes become `[dob]`, `[phone]`, `[email]`, `[postcode]` (docs/exports.md).

A name is found as whole words, whole or in part ("Zofia Stone", "Zofia", "Stone",
"Z. Stone", "Zofia S"), with a possessive kept ("[child 1]'s"), in any case, with or
without its accents, with any apostrophe or hyphen; a name that is also an ordinary word
(`ordinary_names.txt`: Summer, May, Will, Hope...) only where it is written capitalised.
Titles, particles and words such as "baby" or "unborn" are never taken alone.

`Names(people)` holds everyone a day's record names, by the first word of each form of
their names; a text is read once, by patterns compiled once (its words, in lower case
without accents, then a look-up of each word), however many names there are. A text with
no word of a name is passed over at C speed. `names.scrubber(own)` reads text
for one referral, whose own people take their own roles (a name of the day that is not
its own becomes, for instance, `[another child]`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib.resources import files

from dutydesk.domain import identifiers, vocab
from dutydesk.domain.records import ReferralDetail, SessionInfo


@dataclass(frozen=True)
class Person:
    name: str
    role: str  # what the name becomes: "child 1", "referrer", "health: named nurse"


KEEP = ""  # the role of a name to leave as it is (the referral's own, in its feedback)


# Never taken alone as a name (but kept in a whole name): titles, particles, descriptions.
NOT_ALONE = frozenset(
    """mr mrs ms miss mx dr prof rev sir dame lady lord dc ds dci pc psc sgt insp cllr nurse
    sister baby babies unborn child boy girl twin mum mother dad father nan gran duty worker
    team service officer de del della der du da dos das van von ter ten le la les bin bint
    ibn ni nic mac mc ap ab st saint""".split()  # noqa: SIM905 (a list of words, read as such)
)
MARKS = "'’‘ʼ`"  # apostrophes as typed
_TOKEN = re.compile(r"[^\W\d_]+")  # a run of letters: "O'Brien" is "o", "brien"
_WORD = re.compile(rf"[^\W\d_]+(?:[{MARKS}][^\W\d_]+)*")  # a name's word: "O'Brien"
_GAP = {  # what may stand between two words of a name in the text
    "'": re.compile(f"[{MARKS}]"),
    " ": re.compile(r"[\s\-‐‑–—]+"),
    ".": re.compile(r"\.\s*|[\s\-‐‑–—]+"),  # after an initial: "Z. Stone", "Z.Stone"
}
_MAYBE = re.compile(r"[\d@]")  # no digit and no @: no date, phone, email or postcode
_NOT_LETTERS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalpha()})
_BASE = str.maketrans("øØđĐłŁħĦıæÆœŒ", "oOdDlLhHiaAoO")


@cache
def ordinary() -> frozenset[str]:
    """Names that are also words, lower case (the shipped list)."""
    text = files("dutydesk.domain").joinpath("ordinary_names.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and w[0] != "#")


class _Fold(dict[int, str]):
    """For str.translate: each character in lower case without its accents, one for one
    (so that a place in the folded text is the same place in the text)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFD", char.translate(_BASE))[0].lower()
        self[code] = base if len(base) == 1 else char
        return self[code]


_FOLD = _Fold()


def fold(text: str) -> str:
    return text.lower() if text.isascii() else text.translate(_FOLD)


@lru_cache(maxsize=1 << 15)
def _read(text: str) -> tuple[str, frozenset[str], bool]:
    """A text in NFC, its words folded, and whether it has a digit or an @ (a date,
    phone...). Kept for the texts that come again (roles, organisations, set phrases)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        words = _TOKEN.findall(fold(text))
    else:  # the same words as _TOKEN finds, about twice as fast
        words = text.lower().translate(_NOT_LETTERS).split()
    return text, frozenset(words), _MAYBE.search(text) is not None


# -- the forms of a name ---------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    tokens: tuple[str, ...]  # folded runs of letters: ("o", "brien", "smith")
    gaps: tuple[str, ...]  # before each token after the first: "'", " " or "."
    capitalised: tuple[bool, ...]  # this token must start with a capital in the text
    key: str  # who it names: the form's words, folded

    def at(self, text: str, spans: Sequence[tuple[int, int, str]], i: int) -> int | None:
        """The end of this form written from token `i` of `text` (None if it is not)."""
        these = spans[i : i + len(self.tokens)]  # not spans[i:]: that copies the rest
        if len(these) < len(self.tokens):
            return None
        for n, (token, (start, end, word)) in enumerate(zip(self.tokens, these, strict=True)):
            if word != token:
                return None
            if n and not _GAP[self.gaps[n - 1]].fullmatch(text, spans[i + n - 1][1], start):
                return None
            if self.capitalised[n] and not (
                text[start].isupper() and (end - start == 1 or not text[start + 1 : end].isupper())
            ):
                return None
        return spans[i + len(self.tokens) - 1][1]


@cache
def _word(word: str) -> tuple[tuple[str, ...], str, bool]:
    """A name's word: its runs of letters folded, its key ("O’Brien" -> "obrien"), and
    whether it is a title or the like (never a name alone)."""
    tokens = tuple(_TOKEN.findall(fold(word)))
    k = "".join(tokens)
    return tokens, k, k in NOT_ALONE


def _form(words: Sequence[str], exact: bool) -> Form:
    tokens: list[str] = []
    gaps: list[str] = []
    capitals: list[bool] = []
    for i, word in enumerate(words):
        parts, _k, alone = _word(word)
        if i:
            gaps.append("." if len(words[i - 1]) == 1 else " ")
        gaps += ["'"] * (len(parts) - 1)
        capitals += [len(word) == 1 or (exact and not alone)] + [False] * (len(parts) - 1)
        tokens += parts
    return Form(tuple(tokens), tuple(gaps), tuple(capitals), " ".join(_word(w)[1] for w in words))


def key(text: str) -> str:
    """Who a form names: its words, folded, apostrophes dropped ("O’Brien" -> "obrien")."""
    return " ".join(_word(w)[1] for w in _WORD.findall(unicodedata.normalize("NFC", text)))


def _words(name: str) -> list[str]:
    if "(" in name:
        name = re.sub(r"\([^)]*\)", " ", name)  # "Marcus Whitlow (Housing Options)"
    return _WORD.findall(unicodedata.normalize("NFC", name))


@lru_cache(maxsize=16384)
def forms(name: str) -> tuple[Form, ...]:
    """Each form a name is written in: the whole name, it without a title, each word alone
    (not titles or particles, 2 letters or more), first names and surname, initial and
    surname, first name and initial; an apostrophe's word also without it ("OBrien").
    A form whose words are all ordinary words is matched only capitalised."""
    words = _words(name)
    core = list(words)
    while core and _word(core[0])[2]:
        core.pop(0)
    if not core:
        return ()
    found = [tuple(words), tuple(core), tuple(core[1:]), tuple(core[:-1])]
    found += [(w,) for w in core if len(w) > 1 and not _word(w)[2]]
    found += [(_word(w)[1],) for w in core if len(_word(w)[0]) > 1]
    if len(core) > 1:
        found += [(core[0][0], *core[1:]), (core[0][0], core[-1]), (core[0], core[-1][0])]
    plain = ordinary()
    out = []
    for words_of in dict.fromkeys(f for f in found if f):
        named = [_word(w) for w in words_of if len(w) > 1 and not _word(w)[2]]
        if named:
            out.append(_form(words_of, all(k in plain for _t, k, _a in named)))
    return tuple(out)


@lru_cache(maxsize=16384)
def _keys(name: str) -> frozenset[str]:
    return frozenset(f.key for f in forms(name))


@lru_cache(maxsize=16384)
def name_words(name: str) -> frozenset[str]:
    """The folded runs of letters, 2 or more, that any form of the name holds but titles:
    a text with none of them does not name this person."""
    found: set[str] = set()
    for word in _words(name):
        tokens, k, alone = _word(word)
        if not alone:
            found.update(t for t in (*tokens, k) if len(t) > 1)
    return frozenset(found)


# -- dates of birth, phone numbers, email addresses, postcodes -------------------------

# -- one day's names -------------------------------------------------------------------


class Names:
    """Everyone a day's record names, with their roles that day; `replaced` counts what
    its scrubbers replaced. The forms of a name are worked out only when a text holds one
    of its words."""

    def __init__(self, people: Iterable[Person], dobs: Iterable[date] = ()) -> None:
        self.people: dict[str, list[str]] = {}  # name -> its roles that day
        self.by_word: dict[str, list[str]] = {}  # a word of a name -> the names holding it
        for person in people:
            roles = self.people.get(person.name)
            if roles is None:
                roles = self.people[person.name] = []
                for word in name_words(person.name):
                    self.by_word.setdefault(word, []).append(person.name)
            if person.role not in roles:
                roles.append(person.role)
        self.words = frozenset(self.by_word)
        self.dobs = frozenset(dobs)
        self.replaced = 0
        self._roles: dict[str, str] = {}
        self._indexes: dict[frozenset[str], dict[str, list[Form]]] = {}

    def role(self, k: str) -> str:
        """The day's role for a form of a name (`child 1 or referrer` when it is shared)."""
        found = self._roles.get(k)
        if found is None:
            roles: dict[str, str] = {}
            word = next((w for w in k.split() if w in self.by_word), "")
            for name in self.by_word.get(word, ()):
                if k in _keys(name):
                    for role in self.people[name]:
                        _add(roles, k, role)
            found = self._roles[k] = roles.get(k, "name")
        return found

    def scrubber(self, own: Callable[[], Sequence[Person]] = lambda: ()) -> Callable[[str], str]:
        """Text without names, for one referral: its own people (`own()`, asked for when a
        text first names someone; they must be among the day's) take their own roles."""
        mine: Sequence[Person] | None = None

        def role(k: str) -> str:
            nonlocal mine
            if mine is None:
                mine = own()
            roles: dict[str, str] = {}
            for person in mine:
                if k in _keys(person.name):
                    _add(roles, k, person.role)
            return roles.get(k) or self.role(k)

        return lambda text: self.scrub(text, role)

    def scrub(self, text: str, role: Callable[[str], str]) -> str:
        if not text:
            return text
        text, words, digits = _read(text)
        # Dates of birth, phone numbers...; other dates are kept, and no name is in them.
        changes, kept = identifiers.found(text, self.dobs) if digits else ([], [])
        if not self.words.isdisjoint(words):
            hits = self.words.intersection(words)
            changes += self._names(text, fold(text), hits, changes + kept, role)
        if not changes:
            return text
        self.replaced += len(changes)
        out, at = [], 0
        for start, end, said in sorted(changes):
            out += [text[at:start], said]
            at = end
        return "".join([*out, text[at:]])

    def _index(self, hits: frozenset[str]) -> dict[str, list[Form]]:
        """The forms of the names holding these words, by their first word, longest first."""
        found = self._indexes.get(hits)
        if found is None:
            found = {}
            names = {n for word in hits for n in self.by_word[word]}
            for form in dict.fromkeys(f for name in names for f in forms(name)):
                found.setdefault(form.tokens[0], []).append(form)
            for each in found.values():
                each.sort(key=lambda f: len(f.tokens), reverse=True)
            self._indexes[hits] = found
        return found

    def _names(
        self,
        text: str,
        folded: str,
        hits: Iterable[str],
        taken: list[tuple[int, int, str]],
        role: Callable[[str], str],
    ) -> list[tuple[int, int, str]]:
        by_first = self._index(frozenset(hits))
        spans = [(m.start(), m.end(), m[0]) for m in _TOKEN.finditer(folded)]
        changes: list[tuple[int, int, str]] = []
        i = 0
        while i < len(spans):
            start = spans[i][0]
            candidates = by_first.get(spans[i][2])
            if (
                not candidates
                or (start and (text[start - 1].isalnum() or text[start - 1] == "_"))
                or any(a <= start < b for a, b, _said in taken)
            ):
                i += 1
                continue
            for form in candidates:
                end = form.at(text, spans, i)
                if end is not None and not (end < len(text) and text[end].isalnum()):
                    said = role(form.key)
                    if said != KEEP:
                        changes.append((start, end, f"[{said}]"))
                    i += len(form.tokens)
                    break
            else:
                i += 1
        return changes


def _add(roles: dict[str, str], k: str, role: str) -> None:
    """A form shared by two people (a surname) stands for both: `child 1 or referrer`;
    a form of someone to keep (role KEEP) is kept whoever else shares it."""
    held = roles.get(k)
    if held is None or role == KEEP:
        roles[k] = role
    elif held != KEEP and role not in held.split(" or "):
        roles[k] = f"{held} or {role}"


# -- who the record names --------------------------------------------------------------


def _lower_first(text: str) -> str:
    text = text.strip()
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def agency_role(agency: str, role: str) -> str:
    agency = _lower_first(agency)
    return f"{agency}: {_lower_first(role)}" if role.strip() else agency


def room(session: SessionInfo, lists: vocab.Lists) -> list[Person]:
    """The people in the room, as their agency and role: `health: named nurse`."""
    return [
        Person(a.name, agency_role(vocab.label(lists.agencies, a.agency), a.role))
        for a in session.attendees
    ]


def people(detail: ReferralDetail, lists: vocab.Lists, room: Sequence[Person] = ()) -> list[Person]:
    """Everyone a referral's record names, each with the role their name becomes: the
    children, the referrer, the room, view authors, who decided, action owners."""
    call = detail.call
    out = [Person(c.name, f"child {i}") for i, c in enumerate(call.children, 1)]
    out.append(Person(call.referrer_name, "referrer"))
    out += room
    out += [
        Person(v.author_name, agency_role(v.agency_shown(lists), v.author_role))
        for v in detail.views
    ]
    out += [Person(d.recorded_by, "duty team") for d in detail.decisions]
    out += [Person(a.owner_name, _lower_first(a.owner_shown(lists))) for a in detail.actions]
    return [p for p in out if p.name.strip()]


def day_names(
    details: Iterable[ReferralDetail], room: Sequence[Person] = (), extra: Iterable[Person] = ()
) -> Names:
    """One `Names` for a day: the room, `extra`, and each referral's people: its children
    and referrer as `another child`, `another referrer`, the others who wrote, decided or
    own an action, if not in the room, as `duty team` (a referral's own people take their
    own roles through `Names.scrubber(lambda: people(detail, lists, room))`)."""
    everyone: list[Person] = [*room, *extra]
    known = {p.name for p in everyone}
    dobs: list[date] = []
    for detail in details:
        call = detail.call
        everyone += [Person(c.name, "another child") for c in call.children]
        everyone.append(Person(call.referrer_name, "another referrer"))
        dobs += [c.dob for c in call.children if c.dob is not None]
        for name in (
            *(v.author_name for v in detail.views),
            *(d.recorded_by for d in detail.decisions),
            *(a.owner_name for a in detail.actions),
        ):
            if name not in known:
                known.add(name)
                everyone.append(Person(name, "duty team"))
    return Names([p for p in everyone if p.name.strip()], dobs)
