"""The schema's number, importable without SQLAlchemy (the console's first read checks it).

`PRAGMA user_version`, and the number of the newest migration in
storage/migrations/versions/ (`vNNNN_what.py`, revision "NNNN"): read from the files'
names, so a change to a table in `tables.py` needs only its migration there
(tests/test_migrations.py checks it is Alembic's head).
"""

from pathlib import Path

SCHEMA_VERSION = max(
    int(path.name[1:5])
    for path in (Path(__file__).parent / "migrations" / "versions").glob(
        "v[0-9][0-9][0-9][0-9]_*.py"
    )
)
