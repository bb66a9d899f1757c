"""What the reliability tests share: a referral with a row in every record table, and ways
to read the raw file behind the app's back. All people and text are fictional."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from secrets import token_hex

from dutydesk.domain.records import Actor, CallDetails, Child, SessionInfo
from dutydesk.storage import Store

MASH = Actor("Rowan Fictive", "mash", "MASH officer")
HEALTH = Actor("Ines Madeup", "health", "Health visitor")
ROOM = [("mash", MASH.name, MASH.role), ("health", HEALTH.name, HEALTH.role)]


@dataclass(frozen=True)
class Worked:
    session: SessionInfo
    referral_id: int
    ref: str


def worked_referral(store: Store, child: str = "Juniper Testcase", worry: str = "") -> Worked:
    """Today's session and one referral with a view, decision, action (done), hand-off,
    feedback and the team's experience: a row in every record table."""
    session = store.session_for(store.today()) or store.start_session(store.today(), ROOM, MASH)
    details = CallDetails(
        "immediate",
        (Child(child, age="8"),),
        worry_seen=worry or f"A fictional worry about {child}.",
        referrer_name="Ms Fable Example",
    )
    row = store.add_call(session.id, details, MASH)
    rid = row.referral_id
    store.add_view(rid, session.id, "health", f"{child} is known to us (fictional).", "", HEALTH)
    store.decide(
        rid, session.id, "early_help", "Fictional reasons.", ["mash"], MASH, expected_version=0
    )
    # Saved as the action form saves it: with its token (a row in `submission`).
    action = store.add_action(
        rid, session.id, "Phone the school.", "education", "", None, "", MASH, token=token_hex(8)
    )
    store.set_action_done(action.id, session.id, True, MASH)
    store.pass_on(rid, session.id, MASH)
    store.add_feedback(rid, session.id, "phone", 4, "Fictional comment.", MASH)
    store.add_experience(session.id, "health", 4, "Fictional.", "Fictional.", HEALTH)
    return Worked(session, rid, row.ref)


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection: what someone with the file (and not dutydesk) has."""
    return sqlite3.connect(path, isolation_level=None)


def file_bytes(path: Path) -> bytes:
    """The database file and its WAL, as they are on disk."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
