"""One module per schema version; Alembic loads them by file, not by import."""
