"""Fresh, migrated databases for tests: a SQLite file per test, one PostgreSQL database per test run."""

from __future__ import annotations

import asyncio
import os
import secrets
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers the tables that `truncate_all` empties)
from storage.engine import create_engine
from storage.migrate import upgrade

POSTGRES_URL_ENV = "TWOFA_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "TWOFA_REQUIRE_POSTGRES"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"

T = TypeVar("T")


def postgres_server_url() -> str:
    """The SQLAlchemy URL of a database on the test server from which test databases are created."""
    return os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL


def postgres_required() -> bool:
    """Whether an unreachable PostgreSQL must fail the tests (CI) instead of skipping them."""
    return os.environ.get(REQUIRE_POSTGRES_ENV) == "1"


def run_in_thread(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion on its own loop in a helper thread.

    Lets sync session fixtures do async set-up without touching the event loops pytest-asyncio manages.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(work())
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, name="test-database-setup")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


class PostgresUnavailable(Exception):
    """The test PostgreSQL server could not be reached."""


async def _on_server(server_url: str, statement: str) -> None:
    # CREATE/DROP DATABASE cannot run inside a transaction, hence AUTOCOMMIT.
    engine = create_async_engine(server_url, isolation_level="AUTOCOMMIT", connect_args={"timeout": 5})
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    except (OSError, TimeoutError, DBAPIError) as error:
        raise PostgresUnavailable(f"PostgreSQL at {_safe(server_url)} is unreachable: {error}") from error
    finally:
        await engine.dispose()


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


async def create_postgres_database(server_url: str) -> str:
    """Create and migrate an empty database `twofa_test_<hex>` on the server; returns its URL."""
    name = f"twofa_test_{secrets.token_hex(6)}"
    await _on_server(server_url, f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    return url


async def drop_postgres_database(server_url: str, database_url: str) -> None:
    """Drop a database made by `create_postgres_database`, even if connections were left open."""
    name = make_url(database_url).database
    await _on_server(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def truncate_all(engine: AsyncEngine) -> None:
    """Empty every table and restart the id sequences, so each test starts from a fresh database."""
    names = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


async def migrated_sqlite_engine(path: Path) -> AsyncEngine:
    """An engine on a new SQLite file at `path`, migrated to the newest schema; the caller disposes it."""
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade(engine)
    except BaseException:
        await engine.dispose()
        raise
    return engine
