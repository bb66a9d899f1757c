"""The one error the storage layer lets out: plain words a duty team (or IT) can act on."""

from __future__ import annotations


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says what is wrong in plain words."""
