"""The schema's number, importable without SQLAlchemy (the console's first read checks it).

`PRAGMA user_version`, and the number of the newest migration in
storage/migrations/versions/: a change to a table in `tables.py` needs a migration there
and this number raised.
"""

SCHEMA_VERSION = 10
