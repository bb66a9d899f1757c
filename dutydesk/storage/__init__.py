"""The record: SQLModel tables, the engine factory and the Store that screens and exports use."""

from dutydesk.storage.engine import DatabaseError, make_engine
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
