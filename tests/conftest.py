"""Shared pytest fixtures. Each block below belongs to one part of the project; add yours as a new block."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.core.ports import UnitOfWorkFactory
from storage.engine import create_engine
from storage.uow import SqlUnitOfWorkFactory
from tests.support.databases import (
    REQUIRE_POSTGRES_ENV,
    PostgresUnavailable,
    create_postgres_database,
    drop_postgres_database,
    migrated_sqlite_engine,
    postgres_required,
    postgres_server_url,
    run_in_thread,
    truncate_all,
)
from tests.support.fake_twilio import FakeTwilio
from tests.support.fakes_storage import FakeUnitOfWorkFactory

pytest_plugins = ["tests.conftest_smtp", "tests.support.cli"]

# ---------------------------------------------------------------------------------------------------
# Storage: databases and units of work (owner: storage)
# ---------------------------------------------------------------------------------------------------

STORAGE_BACKENDS = ["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_database_url() -> Iterator[str]:
    """URL of a migrated PostgreSQL database made for this test run and dropped after it.

    Skips the test when the server is unreachable, unless TWOFA_REQUIRE_POSTGRES=1, when it fails.
    """
    server = postgres_server_url()
    try:
        url = run_in_thread(lambda: create_postgres_database(server))
    except PostgresUnavailable as error:
        if postgres_required():
            pytest.fail(f"{error} ({REQUIRE_POSTGRES_ENV}=1 requires it)")
        pytest.skip(f"{error} (set {REQUIRE_POSTGRES_ENV}=1 to fail instead)")
    try:
        yield url
    finally:
        run_in_thread(lambda: drop_postgres_database(server, url))


@pytest_asyncio.fixture
async def postgres_engine(postgres_database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on this run's PostgreSQL database, every table emptied for the test."""
    engine = create_engine(postgres_database_url)
    try:
        await truncate_all(engine)
        yield engine
    finally:
        await engine.dispose()


@pytest_asyncio.fixture
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An engine on a new, migrated SQLite file in the test's temporary directory."""
    engine = await migrated_sqlite_engine(tmp_path / "twofa.db")
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for a process to migrate on start: a new SQLite file, or this run's PostgreSQL
    database emptied (tests that start real processes or `build_services` themselves)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}"
    request.getfixturevalue("postgres_engine")  # empties every table for this test
    return str(request.getfixturevalue("postgres_database_url"))


@pytest.fixture(params=STORAGE_BACKENDS)
def uow_factory(request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    """A unit-of-work factory on an empty store: in memory (`fake`), SQLite or PostgreSQL."""
    if request.param == "fake":
        return FakeUnitOfWorkFactory()
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return SqlUnitOfWorkFactory(engine)


# ---------------------------------------------------------------------------------------------------
# End of the storage block
# ---------------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------------
# Gateways: the loopback Twilio Messages API
# ---------------------------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def fake_twilio() -> AsyncIterator[FakeTwilio]:
    """Twilio's Messages API on loopback, recording every SMS it accepts."""
    async with FakeTwilio() as fake:
        yield fake
