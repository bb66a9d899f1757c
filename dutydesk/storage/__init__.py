"""The record: the tables, the engine factory and the Store that screens and exports use.

Names are imported when first used, so that importing a light module of this package (the
schema number, the error types) does not pull SQLAlchemy in.
"""

from __future__ import annotations

import importlib
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

_WHERE = {
    "make_engine": "dutydesk.storage.engine",
    "ConflictError": "dutydesk.storage.store",
    "DecisionConflict": "dutydesk.storage.store",
    "PassedOnConflict": "dutydesk.storage.store",
    "Store": "dutydesk.storage.store",
    "open_store": "dutydesk.storage.store",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
