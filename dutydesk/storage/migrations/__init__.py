"""Alembic migrations: how each schema version becomes the next, keeping every row.

`env.py` is Alembic's entry point; `versions/` holds one revision per schema version
("0001" is schema 1, and so on). dutydesk runs them itself (`storage/migrate.py`), so no
alembic.ini is needed. To add one, see "Changing the schema" in docs/reliability.md.
"""
