"""Before SQLite opens the file: is the place local, present, private and writable?

Each problem is a `DatabaseError` with a plain message, never a traceback. The mount table
is read from /proc/mounts (Linux) unless a test hands one in.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from dutydesk import paths
from dutydesk.storage.errors import DISK_FULL, DatabaseError

if TYPE_CHECKING:
    from dutydesk.storage.migrate import SchemaState

MOUNTS = Path("/proc/mounts")
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "coda",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
        "gpfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.rclone",
        "davfs",
        "fuse.davfs2",
        "fuse.s3fs",
        "fuse.gcsfuse",
    }
)


def prepare(path: Path, *, create: bool = True) -> None:
    """Refuse a network drive; make a missing folder (0700) and file (0600) if `create`;
    refuse a file or folder dutydesk cannot write to."""
    where = network_location(path)
    if where is not None:
        raise DatabaseError(
            f"The database at {path} is on {where}. A database file on a shared drive can be "
            "damaged when two computers write to it at once: keep it on this computer's own "
            "disk (choose a local file with --db or DUTYDESK_DB)."
        )
    folder = path.parent
    if not create:
        if not path.is_file():
            raise DatabaseError(f"There is no database at {path}.")
        return
    try:
        make_private_folder(folder)
        if not path.exists():
            # Private from the first byte: only this user may read the record.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, paths.FILE_MODE))
    except OSError as error:
        raise DatabaseError(place_problem(error, path)) from error
    if not writable(path):
        raise DatabaseError(f"The database at {path} is read-only: dutydesk cannot save there.")
    if not writable(folder):
        raise DatabaseError(
            f"The folder {folder} is read-only: dutydesk needs to write its journal beside "
            "the database. Choose a folder that is yours."
        )


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each readable by this user only."""
    paths.private_dir(folder)


@contextmanager
def read_only(path: Path, timeout: float = 5.0) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change the file (nor create a missing one): for looking
    at a file before deciding to use it, and for checking one."""
    with closing(sqlite3.connect(read_only_uri(path), uri=True, timeout=timeout)) as conn:
        yield conn


def read_only_uri(path: Path) -> str:
    """The URI that opens `path` read-only in `sqlite3` (never creating it)."""
    posix = path.absolute().as_posix()
    # "file:/C:/..." on Windows (SQLite drops the slash before a drive letter).
    return f"file:{'' if posix.startswith('/') else '/'}{quote(posix, safe='/:')}?mode=ro"


# A file up to this size is checked whole at every start (about 30 ms at 16 MB, some months
# of use); a larger one has its schema checked, since reading all of it grows with the
# history (1 s for 100,000 referrals), and `dutydesk check` (or a backup) reads all of it.
# Damage elsewhere is still refused plainly when a read reaches it (see `engine.explain`).
WHOLE_CHECK_BYTES = 16 * 1024 * 1024


def quick_check(path: Path) -> str:
    """The start-up check for the file at `path`: whole if small, else its schema only."""
    if path.stat().st_size <= WHOLE_CHECK_BYTES:
        return "PRAGMA quick_check"
    return "PRAGMA quick_check(sqlite_master)"


def judge(conn: sqlite3.Connection, where: str) -> tuple[SchemaState, str | None]:
    """What the file behind `conn` is to dutydesk, and why it must not be used (or None):
    the one verdict that the app (before it opens a file) and `dutydesk check` both give.
    An empty file (no tables: one made, or left by a kill, before the first start made its
    tables) is adopted, and a stamp removed from alembic_version is refused, by both."""
    from dutydesk.storage.migrate import read_state

    state = read_state(conn)
    return state, state.refusal(where)


def writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def place_problem(error: OSError, path: Path) -> str:
    """An OSError about the file or its folder, in words (no record content involved)."""
    import errno

    if error.errno == errno.ENOSPC:
        return DISK_FULL
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The database at {path} is read-only: dutydesk cannot save there."
    return f"Cannot create the database at {path}: {error.strerror or 'unknown error'}."


def network_location(path: Path, mounts: str | None = None) -> str | None:
    """'a network share' / 'a network drive (nfs)' if `path` is not on a local disk."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "a network share"
    if sys.platform == "win32":  # a mapped drive letter (Z:) on a file server
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0]
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:
            return "a network drive"
        return None
    table = read_mounts() if mounts is None else mounts
    if not table:
        return None
    target = PurePosixPath(Path(path).expanduser().absolute().resolve())
    best: tuple[int, str, str] | None = None
    for device, point, fstype in parse_mounts(table):
        mount = PurePosixPath(point)
        if (target == mount or mount in target.parents) and (
            best is None or len(mount.parts) > best[0]
        ):
            best = (len(mount.parts), device, fstype)
    if best is None:
        return None
    _depth, device, fstype = best
    if fstype in NETWORK_FILESYSTEMS or device.startswith("//"):
        return f"a network drive ({fstype})"
    return None


def read_mounts() -> str | None:
    try:
        return MOUNTS.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def parse_mounts(table: str) -> list[tuple[str, str, str]]:
    """(device, mount point, file system type) per line of a /proc/mounts table."""
    found = []
    for line in table.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            device, point, fstype = (_unescape(f) for f in fields[:3])
            found.append((device, point, fstype))
    return found


def _unescape(field: str) -> str:
    # /proc/mounts writes a space in a path as \040, a tab as \011, and so on.
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)
