"""Async engines for SQLite (aiosqlite, WAL) and PostgreSQL (asyncpg), set up the same way everywhere."""

from __future__ import annotations

import logging
import os
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from storage.files import PRIVATE, tighten

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 5000
DEFAULT_POOL_SIZE = 20
POOL_RECYCLE_SECONDS = 1800


def create_engine(
    url: str, pool_size: int = DEFAULT_POOL_SIZE, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS
) -> AsyncEngine:
    """An `AsyncEngine` for `sqlite+aiosqlite:///path` or `postgresql+asyncpg://...`; the caller disposes it.

    Statement parameters are hidden from error messages, so no row value ends up in a log line.

    SQLite transactions start with BEGIN IMMEDIATE, so two processes that read and then write the same
    conversation queue up on the write lock (up to the busy timeout) instead of failing at the write.
    A command line tool, which no one else waits on, may wait longer (`busy_timeout_ms`).
    Within one process SQLite gets a single connection: it runs one write transaction at a time anyway,
    and several connections of one process only wait on each other in the busy handler (and give up
    after the busy timeout). Units of work wait for it in order (`storage.uow`).

    PostgreSQL gets `pool_size` connections and no overflow, so `connection_limit` is exact. A backend
    the server ended (`pg_terminate_backend`, a failover, an idle-connection kill) is not handed out:
    the server says so and closes the socket, asyncpg marks its connection closed as soon as the event
    loop sees that, and `_on_postgres_checkout` then has the pool replace it, with no round trip
    (`pool_pre_ping` would add a ping, BEGIN / `;` / ROLLBACK with asyncpg, to every unit of work). Only a
    backend ended after its checkout, or within the few milliseconds before the loop hears of it, fails
    that one unit of work, which rolls back; the others ended with it are replaced at their own checkout.
    Connections are also renewed every half hour.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            private_sqlite_files(Path(parsed.database))
        engine = create_async_engine(url, hide_parameters=True, pool_size=1, max_overflow=0)
        event.listen(
            engine.sync_engine, "connect", partial(_on_sqlite_connect, busy_timeout_ms=busy_timeout_ms)
        )
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
        return engine
    if backend == "postgresql":
        if pool_size < 1:
            raise ValueError(f"the pool needs at least one connection, not {pool_size}")
        engine = create_async_engine(
            url,
            hide_parameters=True,
            pool_size=pool_size,
            max_overflow=0,
            pool_recycle=POOL_RECYCLE_SECONDS,
        )
        event.listen(engine.sync_engine, "checkout", _on_postgres_checkout)
        return engine
    raise ValueError(
        f"unsupported database URL scheme {backend!r}: use sqlite+aiosqlite or postgresql+asyncpg"
    )


def private_sqlite_files(database: Path) -> None:
    """Create the database file with mode 0600 if it is new (SQLite gives its -wal and -shm files the
    database file's mode), and tighten an existing one, or its -wal and -shm, left readable by others."""
    try:
        descriptor = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        pass
    except FileNotFoundError:
        return  # no such folder: SQLite will say so when it connects
    else:
        os.close(descriptor)  # an empty file is an empty SQLite database
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        tighten(path)


def connection_limit(engine: AsyncEngine) -> int:
    """How many connections the engine's pool hands out at once (no overflow is configured)."""
    size = getattr(engine.pool, "size", None)
    return size() if callable(size) else 1


def is_postgres(engine: AsyncEngine) -> bool:
    """Whether the engine talks to PostgreSQL (which gets advisory and row locks; SQLite locks the file)."""
    return engine.dialect.name == "postgresql"


def _on_sqlite_connect(
    dbapi_connection: Any, connection_record: ConnectionPoolEntry, *, busy_timeout_ms: int
) -> None:
    # The driver's own transaction handling would BEGIN lazily (DEFERRED, and not before SELECTs);
    # switching it off lets `_on_sqlite_begin` emit BEGIN IMMEDIATE itself (SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _on_postgres_checkout(
    dbapi_connection: Any, connection_record: ConnectionPoolEntry, connection_proxy: PoolProxiedConnection
) -> None:
    # `driver_connection` is the asyncpg connection under SQLAlchemy's adapter; `is_closed()` reads a
    # flag its protocol set when the server's "terminating connection" and the socket's end arrived.
    # DisconnectionError makes the pool discard this connection and open another in its record.
    driver = connection_record.driver_connection
    if driver is not None and driver.is_closed():
        log.info("a pooled PostgreSQL connection the server had closed is replaced")
        raise DisconnectionError("the server closed this pooled connection")
