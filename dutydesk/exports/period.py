"""A range of days for the project lead: a folder per day, measures.csv and a manifest.

    out/2026-11-23/dutydesk-2026-11-23-referrals.csv ...
    out/measures.csv
    out/manifest.json   (every file with its rows and SHA-256, written last)

Each day's folder is written beside the old one and swapped in only when complete, and the
manifest is written last: a folder without a manifest, or whose files do not match it, is
a partial export.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dutydesk import __version__
from dutydesk.domain.measures import compute
from dutydesk.domain.report import records
from dutydesk.exports.daily import ExportError, export_day, write_csv
from dutydesk.paths import immediate_target_minutes, private_dir
from dutydesk.storage.store import Store

MANIFEST = "manifest.json"
MEASURES = "measures.csv"


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the export folder, with forward slashes
    rows: int
    sha256: str
    bytes: int


def export_period(
    store: Store,
    first: date,
    last: date,
    out_dir: Path,
    *,
    identifiable: bool = False,
    target_minutes: int | None = None,
    on_day: Callable[[date], None] | None = None,
) -> list[FileEntry]:
    """Write every session day from `first` to `last`, measures.csv and the manifest."""
    days = [d for d in store.session_days() if first <= d <= last]
    if not days:
        raise ExportError(f"No duty sessions from {first} to {last}")
    try:
        root = private_dir(Path(out_dir))
        with contextlib.suppress(FileNotFoundError):
            (root / MANIFEST).unlink()  # from now until the end, this export is partial
        for day in days:
            _write_day(store, day, root, identifiable)
            if on_day is not None:
                on_day(day)
        target = immediate_target_minutes() if target_minutes is None else target_minutes
        result = compute(store.period_records(first, last), store.now(), target)
        rows: list[dict[str, str | int]] = [dict(row) for row in records(result)]
        header = list(dict.fromkeys(key for row in rows for key in row))
        write_csv(root / MEASURES, header, rows)
        entries = [
            entry(root, root / day.isoformat() / name)
            for day in days
            for name in sorted(os.listdir(root / day.isoformat()))
        ]
        entries.append(entry(root, root / MEASURES))
        _write_manifest(root, first, last, identifiable, entries, store.now())
    except OSError as error:
        raise ExportError(
            f"Cannot write the export in {out_dir}: {error.strerror or error}"
        ) from error
    return entries


def _write_day(store: Store, day: date, root: Path, identifiable: bool) -> None:
    final = root / day.isoformat()
    partial = Path(tempfile.mkdtemp(dir=root, prefix=f".{day.isoformat()}."))
    try:
        export_day(store, day, partial, identifiable=identifiable)
        if final.exists():
            old = Path(tempfile.mkdtemp(dir=root, prefix=f".{day.isoformat()}.old."))
            os.replace(final, old / "day")
            os.replace(partial, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(partial, final)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def entry(root: Path, path: Path) -> FileEntry:
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    rows = sum(1 for _row in csv.reader(io.StringIO(text, newline=""))) - 1
    return FileEntry(
        path=path.relative_to(root).as_posix(),
        rows=max(rows, 0),
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=len(data),
    )


def _write_manifest(
    root: Path, first: date, last: date, identifiable: bool, entries: list[FileEntry], now: datetime
) -> None:
    body = {
        "dutydesk": __version__,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "generated_at": now.isoformat(),
        "identifiable": identifiable,
        "complete": True,
        "files": [vars(e) for e in entries],
    }
    fd, temp = tempfile.mkstemp(dir=root, prefix=".manifest.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temp, 0o600)
    os.replace(temp, root / MANIFEST)


def verify(root: Path) -> list[str]:
    """What is wrong with an export folder (empty when it is complete and unchanged)."""
    manifest = root / MANIFEST
    if not manifest.exists():
        return ["no manifest.json: the export did not finish"]
    problems = []
    for item in json.loads(manifest.read_text("utf-8"))["files"]:
        path = root / item["path"]
        if not path.exists():
            problems.append(f"{item['path']} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != item["sha256"]:
            problems.append(f"{item['path']} has changed since it was exported")
    return problems
