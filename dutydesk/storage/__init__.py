"""The record: the tables, the engine factory and the Store that screens and exports use.

Names are imported when first used, so that importing a light module of this package (the
schema number, the error types) does not pull SQLAlchemy in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dutydesk.storage.errors import DatabaseError

if TYPE_CHECKING:
    from dutydesk.storage.engine import make_engine
    from dutydesk.storage.store import (
        ConflictError,
        DecisionConflict,
        PassedOnConflict,
        Store,
        open_store,
    )

__all__ = [
    "ConflictError",
    "DatabaseError",
    "DecisionConflict",
    "PassedOnConflict",
    "Store",
    "make_engine",
    "open_store",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from dutydesk.storage import store  # (SQLAlchemy's import: on first use)

    return getattr(store, name)
