"""How an export's files are written: their free text without names unless identifiable
(`without_names`), CSV a spreadsheet opens safely (a byte-order mark, CRLF records, text
that would run as a formula neutralised), each file written privately and atomically;
and `ExportError`, which says in plain words why it could not be."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from dutydesk import __version__
from dutydesk.domain.pseudonym import day_names, people, room
from dutydesk.domain.records import ReferralDetail, SessionInfo
from dutydesk.domain.vocab import Lists
from dutydesk.paths import write_private
from dutydesk.storage.seal import Head

ENCODING = "utf-8-sig"  # a byte-order mark, so that Excel reads names like Zoë correctly
KINDS = ("session", "referrals", "views", "actions")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = frozenset(FORMULA_STARTS)  # each one character
Cell = str | int
Row = dict[str, Cell]


@dataclass(frozen=True)
class Table:
    """One of a day's files: its kind, header and rows."""

    kind: str
    columns: tuple[str, ...]
    rows: list[Row]
    replaced: int = 0  # names and details replaced in its free text


# The cells people type in, in the default export: each name the record holds, dates of
# birth, phone numbers, email addresses and postcodes replaced (domain/pseudonym.py).
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "referrals": (
        "referrer_organisation",
        "referrer_relationship",
        "reasons",
        "amend_reasons",
        "referrer_view_response_reason",
    ),
    "views": (
        "author_role",
        "knows",
        "needed",
        "without_consent_reason",
        "shared_what",
        "shared_with",
    ),
    "actions": ("what",),
}


def without_names(
    tables: list[Table], shown: list[ReferralDetail], session: SessionInfo, lists: Lists
) -> list[Table]:
    """The tables with every name the day's record holds replaced by its role in their
    free text (each referral's own people by their role in it), and dates of birth, phone
    numbers, email addresses and postcodes by what they are; each counts its replacements."""
    in_room = room(session, lists)
    names = day_names(shown, in_room)
    scrubbers = {d.ref: names.scrubber(partial(people, d, lists, in_room)) for d in shown}
    plain = names.scrubber()
    out = []
    for table in tables:
        before = names.replaced
        for row in table.rows:
            scrub = scrubbers.get(str(row.get("ref")), plain)
            for column in FREE_TEXT.get(table.kind, ()):
                value = row.get(column)
                if isinstance(value, str) and value:
                    row[column] = scrub(value)
        out.append(replace(table, replaced=names.replaced - before))
    return out


class ExportError(RuntimeError):
    """The day cannot be exported; the message says why in plain words."""


def safe_cell(value: Cell) -> Cell:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value[:1] in _STARTS:
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Row]) -> bytes:
    """The file's bytes: a byte-order mark, CRLF records, formulas neutralised."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    blank = itertools.repeat("")
    writer.writerows(
        # safe_cell, inline: a year's export has some 400,000 cells
        [
            ("'" + v) if isinstance(v, str) and v[:1] in _STARTS else v
            for v in map(r.get, header, blank)
        ]
        for r in rows
    )
    return text.getvalue().encode(ENCODING)


def write_csv(target: Path, header: Sequence[str], rows: Iterable[Row]) -> None:
    """Write the file atomically: a private temporary file, then a rename over `target`."""
    replace_file(target, csv_bytes(header, rows))


def write_manifest(target: Path, body: dict[str, Any], seal: Head | None) -> None:
    """An export's manifest (JSON): `body` (its files, each with its SHA-256), and the seal,
    the chain's head when the export was read: `dutydesk verify` checks all of them."""
    body = {**body, "seal": seal.as_json() if seal is not None else None}
    replace_file(target, (json.dumps(body, indent=2) + "\n").encode("utf-8"))


def manifest_name(day: date) -> str:
    """A day's manifest, beside its files: each file's SHA-256 and the day's seal."""
    return f"dutydesk-{day.isoformat()}-manifest.json"


def day_manifest(
    day: date, now: datetime, identifiable: bool, entries: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "dutydesk": __version__,
        "day": day.isoformat(),
        "generated_at": now.isoformat(),
        "identifiable": identifiable,
        "files": entries,
    }


def read_seal(folder: Path, day: date | None = None) -> dict[str, Any] | None:
    """The seal in a folder's manifest (a day's, if `day`; else the newest day's), if any."""
    found = sorted(folder.glob(manifest_name(day) if day else "dutydesk-*-manifest.json"))
    if not found:
        return None
    mark = json.loads(found[-1].read_text("utf-8")).get("seal")
    return dict(mark) if mark else None


def listed(name: str, data: bytes, rows: int, replaced: int = 0) -> dict[str, Any]:
    """A file's entry in a manifest."""
    digest = hashlib.sha256(data).hexdigest()
    return {"path": name, "rows": rows, "sha256": digest, "bytes": len(data), "replaced": replaced}


def replace_file(target: Path, data: bytes, *, durable: bool = True) -> None:
    """`data` into a private temporary file beside `target`, flushed to the disk if
    `durable`, then renamed over `target`."""
    write_private(target, data, durable=durable)


def reason(error: OSError) -> str:
    """Why a file or folder could not be written, in words a duty team can act on."""
    if isinstance(error, FileExistsError | NotADirectoryError):
        return "a file is in the way where that folder should be"
    if isinstance(error, PermissionError):
        return "you do not have permission to write there"
    return error.strerror or str(error)
