"""Contacts that came in through the online referral form: read and checked from a CSV or
JSON file (the schema is docs/import.md). Plain Python: the Store adds them, all or none.

Every problem is reported at once, each with its row (1 is the first contact), field and
reason, so the file can be put right in one go.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pendulum

from dutydesk.domain import vocab
from dutydesk.domain.ages import parse_dob_or_age
from dutydesk.domain.clock import london_day, to_utc
from dutydesk.domain.records import CALL_FIELDS, CallDetails, Child
from dutydesk.domain.text import FieldError

MAX_CHILDREN = 6
MAX_BYTES = 5_000_000  # an online form export is small; a runaway file is refused
# The call's own fields (records.CALL_FIELDS) are columns by their names.
TEXT_FIELDS = (*(f.name for f in CALL_FIELDS if not f.choices), "advice", "earlier_ref")
CHILD_PARTS = ("name", "dob_or_age", "school")
CHOICE_FIELDS = (
    "received_at",
    "kind",
    "urgency",
    "needs",
    *(f.name for f in CALL_FIELDS if f.choices),
)


def child_prefix(index: int) -> str:
    """child_ for the first child, child2_ ... child6_ for the others (CSV columns)."""
    return "child_" if index == 0 else f"child{index + 1}_"


COLUMNS = (
    *CHOICE_FIELDS,
    *(f"{child_prefix(i)}{part}" for i in range(MAX_CHILDREN) for part in CHILD_PARTS),
    *TEXT_FIELDS,
)


@dataclass(frozen=True)
class RowError:
    row: int  # 0: the file as a whole
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{where}, {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


class ImportFileError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


Contact = tuple[CallDetails, datetime | None]


def read_contacts(path: Path, now: datetime, lists: vocab.Lists) -> list[Contact]:
    """The file's contacts, checked; ImportFileError listing every problem otherwise."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError([RowError(0, "", f"cannot read it ({error.strerror})")]) from None
    if len(raw) > MAX_BYTES:
        raise ImportFileError([RowError(0, "", f"larger than {MAX_BYTES:,} bytes")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError([RowError(0, "", "not UTF-8 text")]) from None
    if path.suffix.lower() == ".json":
        records = _json_records(text)
    elif path.suffix.lower() == ".csv":
        records = _csv_records(text)
    else:
        raise ImportFileError([RowError(0, "", "name it .csv or .json (see docs/import.md)")])
    if not records:
        raise ImportFileError([RowError(0, "", "it has no contacts")])
    contacts: list[Contact] = []
    errors: list[RowError] = []
    for number, record in enumerate(records, start=1):
        found = _contact(number, record, now, lists)
        if isinstance(found, list):
            errors.extend(found)
        else:
            contacts.append(found)
    if errors:
        raise ImportFileError(errors)
    return contacts


def _json_records(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            [RowError(0, "", f"not valid JSON (line {error.lineno}: {error.msg})")]
        ) from None
    if isinstance(data, dict) and isinstance(data.get("contacts"), list):
        data = data["contacts"]
    if not isinstance(data, list):
        raise ImportFileError(
            [RowError(0, "", 'JSON must be a list of contacts or {"contacts": [...]}')]
        )
    records: list[dict[str, Any]] = []
    errors: list[RowError] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            errors.append(RowError(number, "", "each contact must be an object"))
            continue
        children = item.get("children", [])
        flat = {k: v for k, v in item.items() if k != "children"}
        if not isinstance(children, list) or not all(isinstance(c, dict) for c in children):
            errors.append(RowError(number, "children", "must be a list of objects"))
            continue
        if len(children) > MAX_CHILDREN:
            errors.append(RowError(number, "children", f"at most {MAX_CHILDREN}"))
            continue
        for index, child in enumerate(children):
            for key, value in child.items():
                flat[f"{child_prefix(index)}{key}"] = value
        records.append(flat)
    if errors:
        raise ImportFileError(errors)
    return records


def _csv_records(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        raise ImportFileError([RowError(0, "", "the CSV has no header row")])
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in ("urgency", "child_name") if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        problems = []
        if unknown:
            problems.append(RowError(0, "columns", f"unknown: {', '.join(unknown)}"))
        if missing:
            problems.append(RowError(0, "columns", f"missing: {', '.join(missing)}"))
        if len(set(header)) != len(header):
            problems.append(RowError(0, "columns", "a column is named twice"))
        raise ImportFileError(problems)
    reader.fieldnames = header
    try:
        rows = [dict(row) for row in reader]
    except csv.Error as error:
        raise ImportFileError([RowError(0, "", f"not valid CSV ({error})")]) from None
    errors = [
        RowError(n, "", "more values than columns") for n, row in enumerate(rows, 1) if None in row
    ]
    if errors:
        raise ImportFileError(errors)
    return [{k: v for k, v in row.items() if v not in ("", None)} for row in rows]


def _contact(
    number: int, record: dict[str, Any], now: datetime, lists: vocab.Lists
) -> Contact | list[RowError]:
    errors: list[RowError] = []

    def text(name: str) -> str:
        value = record.get(name, "")
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            errors.append(RowError(number, name, "must be text"))
            return ""
        return str(value)

    unknown = sorted(k for k in record if k not in COLUMNS)
    for name in unknown:
        errors.append(RowError(number, name, "not a field of the schema"))
    kind = text("kind").strip().lower() or vocab.REFERRAL
    if kind not in vocab.codes(vocab.KINDS):
        errors.append(RowError(number, "kind", "referral or advice"))
    urgency = text("urgency").strip().lower()
    if urgency not in vocab.codes(lists.urgencies) and (urgency or kind != vocab.ADVICE):
        errors.append(RowError(number, "urgency", "immediate, today or routine"))
    needs = tuple(n.strip() for n in re.split(r"[;,]", text("needs")) if n.strip())
    for need in needs:
        if need not in vocab.codes(lists.needs):
            errors.append(RowError(number, "needs", f"unknown need code {need!r}"))
    fields: dict[str, Any] = {}  # each of the call's own fields (CALL_FIELDS), by name
    for field in CALL_FIELDS:
        if not field.choices:
            fields[field.name] = text(field.name)
            continue
        choices = lists.of(field.choices)
        said = text(field.name).strip().lower()
        by_label = {c.label.lower(): c.code for c in choices}
        fields[field.name] = by_label.get(said, said) or field.blank
        codes = vocab.codes(choices)
        if fields[field.name] not in codes and (fields[field.name] or field.blank):
            said = f"{', '.join(codes[:-1])} or {codes[-1]}" if len(codes) > 1 else codes[0]
            errors.append(RowError(number, field.name, said))
    received = _received(number, text("received_at"), now, errors)
    children = []
    for index in range(MAX_CHILDREN):
        prefix = child_prefix(index)
        name = text(f"{prefix}name")
        try:
            dob, age = parse_dob_or_age(
                text(f"{prefix}dob_or_age"), london_day(now), "date of birth or age"
            )
        except FieldError as error:
            errors.append(RowError(number, f"{prefix}dob_or_age", str(error)))
            dob, age = None, ""
        school = text(f"{prefix}school")
        if name or dob or age or school:
            children.append(Child(name=name, dob=dob, age=age, school=school))
    details = CallDetails(
        urgency=urgency or ("routine" if kind == vocab.ADVICE else ""),
        children=tuple(children),
        needs=needs,
        kind=kind,
        **fields,
        advice=text("advice"),
        earlier_ref=text("earlier_ref"),
    )
    if details.is_advice and not details.advice.strip():
        errors.append(RowError(number, "advice", "the advice given is needed (kind advice)"))
    if not details.is_advice:
        if not any(c.name.strip() for c in children):
            errors.append(RowError(number, "child_name", "needed for a referral"))
        if not (details.worry_seen.strip() or details.worry_told.strip()):
            errors.append(RowError(number, "worry_seen", "worry_seen or worry_told is needed"))
    if errors:
        return errors
    try:
        details.validate(lists)
    except FieldError as error:
        return [RowError(number, _field_of(str(error)), str(error))]
    return details, received


def _received(number: int, value: str, now: datetime, errors: list[RowError]) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = pendulum.parse(value, tz="Europe/London", strict=False)
    except ValueError:  # pendulum's ParserError is one
        errors.append(RowError(number, "received_at", f"{value!r} is not a date and time"))
        return None
    if not isinstance(parsed, datetime):
        errors.append(RowError(number, "received_at", "give a date and a time"))
        return None
    moment = to_utc(parsed)
    if moment > now + timedelta(minutes=1):
        errors.append(RowError(number, "received_at", "is in the future"))
        return None
    return moment


def _field_of(message: str) -> str:
    for hint, name in (
        ("child", "child_name"),
        ("worry", "worry_seen"),
        ("advice", "advice"),
        ("Urgency", "urgency"),
    ):
        if hint in message:
            return name
    return ""
