"""Both engines for the storage, sync and CLI tests: a SQLite file in tmp_path, or a fresh
PostgreSQL database on the server named by DUTYDESK_TEST_PG_URL (`scripts/with-postgres`
starts one and sets it).

Each PostgreSQL test gets its own database, named from the process id and a random part
(safe under pytest-xdist), dropped afterwards. It is copied from a template this process
migrated once (CREATE DATABASE ... TEMPLATE: quicker than running the migrations each
time); `fresh_database(empty=True)` gives one with no tables at all.

Without DUTYDESK_TEST_PG_URL the PostgreSQL cases are skipped, unless DUTYDESK_REQUIRE_PG=1,
when they fail: CI must not pass by skipping them. Tests that run on both engines take the
`db_target` fixture (tests/conftest.py) or use `ENGINES` to parametrise; `pytest -m pg` runs
the PostgreSQL cases alone.
"""

from __future__ import annotations

import atexit
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

PG_URL_VARIABLE = "DUTYDESK_TEST_PG_URL"
ENGINES = ["sqlite", pytest.param("pg", marks=pytest.mark.pg)]


def required() -> bool:
    return os.environ.get("DUTYDESK_REQUIRE_PG") == "1"


def _unavailable(why: str) -> None:
    if required():
        pytest.fail(f"DUTYDESK_REQUIRE_PG=1 but {why}", pytrace=False)
    pytest.skip(f"PostgreSQL: {why} (scripts/with-postgres starts one)")


_templates: dict[str, str] = {}


@contextmanager
def fresh_database(*, empty: bool = False) -> Iterator[str]:
    """The URL of a new PostgreSQL database at dutydesk's schema (or with no tables at all),
    dropped on the way out."""
    server = os.environ.get(PG_URL_VARIABLE, "")
    if not server:
        _unavailable(f"{PG_URL_VARIABLE} is not set")
    url = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        template = "" if empty else _template(admin)
        name = _create(admin, template)
    except SQLAlchemyError as error:
        admin.dispose()
        shown = url.render_as_string(hide_password=True)
        _unavailable(f"the server at {shown} cannot create a database: {error.__class__.__name__}")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        _drop(admin, name)
        admin.dispose()


def _create(admin: Engine, template: str = "") -> str:
    name = f"dutydesk_test_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    copying = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copying}')
    return name


def _drop(admin: Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _template(admin: Engine) -> str:
    """This process's migrated template database (made once, dropped at exit)."""
    from dutydesk.storage import make_engine

    key = admin.url.render_as_string(hide_password=False)
    if key not in _templates:
        name = _create(admin)
        engine = make_engine(admin.url.set(database=name).render_as_string(hide_password=False))
        engine.dispose()
        _templates[key] = name
        atexit.register(_drop_template, key, name)
    return _templates[key]


def _drop_template(url: str, name: str) -> None:
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        _drop(admin, name)
    except SQLAlchemyError:
        pass  # the server has gone already (scripts/with-postgres removes it anyway)
    finally:
        admin.dispose()


@contextmanager
def target_for(engine: str, folder: Path, name: str = "dutydesk.db") -> Iterator[str]:
    """A database for `engine` ("sqlite" or "pg"): a file path or a URL."""
    if engine == "sqlite":
        yield str(folder / name)
    else:
        with fresh_database() as url:
            yield url


def is_pg(target: str) -> bool:
    return target.startswith("postgresql")


def outside(target: str) -> Any:
    """A plain driver connection in autocommit: someone with the database, not dutydesk.
    Both kinds have `execute(sql)` returning a cursor, and `close()`."""
    if is_pg(target):
        import psycopg

        plain = make_url(target).set(drivername="postgresql").render_as_string(False)
        return psycopg.connect(plain, autocommit=True)
    return sqlite3.connect(target, isolation_level=None)


def rows(target: str, query: str) -> list[tuple[Any, ...]]:
    """The rows of `query` (no parameters), read outside dutydesk."""
    conn = outside(target)
    try:
        return [tuple(row) for row in conn.execute(query).fetchall()]
    finally:
        conn.close()


def driver_errors() -> tuple[type[BaseException], ...]:
    """What a refused statement raises from `outside`."""
    found: list[type[BaseException]] = [sqlite3.Error]
    try:
        import psycopg

        found.append(psycopg.Error)
    except ImportError:
        pass
    return tuple(found)


def run(target: str, statement: str) -> None:
    """Execute `statement` outside dutydesk (e.g. to tamper with the database)."""
    conn = outside(target)
    try:
        conn.execute(statement)
    finally:
        conn.close()


def check(target: str) -> Any:
    """`dutydesk check`'s report on either engine."""
    from dutydesk.storage.integrity import check_file, check_server

    return check_server(target) if is_pg(target) else check_file(Path(target))
