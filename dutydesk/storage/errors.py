"""The one error the storage layer lets out: plain words a duty team (or IT) can act on."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says what is wrong in plain words."""


# One message for a full disk, wherever it happens (console, export, measures, check,
# import, backups): what happened, that nothing was saved, and what to do.
DISK_FULL = "The disk is full: nothing was saved. Free some space and try again."
LOW_SPACE_BYTES = 1024 * 1024


def disk_full(error: BaseException, where: str | os.PathLike[str] | None = None) -> bool:
    """Whether `error` (SQLite's, SQLAlchemy's wrapping of it, or an OSError) means the disk
    is full. A full disk often reaches SQLite as an I/O error (no room for the -shm file,
    SQLITE_IOERR_SHMSIZE): then the free space where the database lives decides."""
    inner = getattr(error, "orig", None) or error
    if isinstance(inner, OSError):
        return inner.errno == errno.ENOSPC
    if not isinstance(inner, sqlite3.Error):
        return False
    name = str(getattr(inner, "sqlite_errorname", "") or "")
    message = str(inner).lower()
    if name == "SQLITE_FULL" or "disk is full" in message:
        return True
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in message:
        return where is not None and no_space_at(Path(where))
    return False


def no_space_at(path: Path) -> bool:
    """Whether the disk holding `path` (or its nearest folder that exists) is full."""
    for place in (path, *path.parents):
        if place.exists():
            try:
                return shutil.disk_usage(place).free < LOW_SPACE_BYTES
            except OSError:
                return False
    return False
