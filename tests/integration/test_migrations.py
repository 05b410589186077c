"""The Alembic migrations build exactly the schema the SQLModel tables describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from storage.migrate import alembic_config, upgrade


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_engine(request: pytest.FixtureRequest) -> AsyncEngine:
    """An engine on a database migrated to head, on each backend."""
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return engine


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    with warnings.catch_warnings():
        # SQLite cannot reflect an index on an expression (users' lower(email)): it is left out of the
        # comparison there, and `test_the_email_lookup_uses_its_index` checks it on both databases.
        warnings.filterwarnings("ignore", message=".*expression-based index")  # SQLAlchemy's and Alembic's
        return list(compare_metadata(context, SQLModel.metadata))


def _version(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def test_the_migrated_schema_matches_the_models(migrated_engine: AsyncEngine) -> None:
    async with migrated_engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


async def test_the_email_lookup_uses_its_index(migrated_engine: AsyncEngine) -> None:
    """Logins look users up by lower(email): the plan must use ix_users_email_lower, not scan users."""
    query = "SELECT id FROM users WHERE lower(email) = :email"
    explain = "EXPLAIN QUERY PLAN " if migrated_engine.dialect.name == "sqlite" else "EXPLAIN "
    async with migrated_engine.connect() as connection:
        if migrated_engine.dialect.name == "postgresql":
            await connection.execute(text("SET enable_seqscan = off"))  # an empty table is cheap to scan
        rows = await connection.execute(text(explain + query), {"email": "a@example.com"})
        plan = " ".join(str(value) for row in rows for value in row)
    assert "ix_users_email_lower" in plan, plan


async def test_the_schema_comparison_notices_a_missing_index(migrated_engine: AsyncEngine) -> None:
    async with migrated_engine.begin() as connection:
        await connection.execute(text("DROP INDEX ix_chat_links_user_id"))
        differences = await connection.run_sync(_differences)
        await connection.rollback()
    assert [difference[0] for difference in differences] == ["add_index"]


async def test_upgrading_an_up_to_date_database_changes_nothing(migrated_engine: AsyncEngine) -> None:
    await upgrade(migrated_engine)
    await upgrade(migrated_engine)
    async with migrated_engine.connect() as connection:
        assert await connection.run_sync(_version) == "0015"
        assert await connection.run_sync(_differences) == []


async def test_downgrading_to_nothing_and_back_rebuilds_the_schema(sqlite_engine: AsyncEngine) -> None:
    def downgrade(connection: Connection) -> None:
        command.downgrade(alembic_config(connection), "base")

    async with sqlite_engine.begin() as connection:
        await connection.run_sync(downgrade)
        assert await connection.run_sync(_version) is None
    await upgrade(sqlite_engine)
    async with sqlite_engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


_LOGIN_TABLES = {"devices", "login_attempts", "chat_outbox"}


@pytest.mark.parametrize(
    ("revision", "dropped", "kept"),
    [
        ("0007", {"api_keys", "manager_actions"}, {"users", "telegram_updates", *_LOGIN_TABLES}),
        ("0004", {"telegram_updates", "api_keys"}, {"users", "support_tickets", *_LOGIN_TABLES}),
        ("0003", {"support_tickets"}, {"users", "disable_requests", *_LOGIN_TABLES}),
        ("0002", {"support_tickets", "disable_requests"}, {"users", "audit_events", *_LOGIN_TABLES}),
        (
            "0001",
            {"support_tickets", "disable_requests", *_LOGIN_TABLES},
            {"users", "audit_events", "outbox"},
        ),
    ],
)
async def test_downgrading_to_an_older_revision_drops_only_the_newer_tables_and_upgrading_restores_them(
    migrated_engine: AsyncEngine, revision: str, dropped: set[str], kept: set[str]
) -> None:
    def step_down(connection: Connection) -> set[str]:
        command.downgrade(alembic_config(connection), revision)
        return set(inspect(connection).get_table_names())

    async with migrated_engine.begin() as connection:
        tables = await connection.run_sync(step_down)
        assert await connection.run_sync(_version) == revision
    assert not tables & dropped
    assert kept <= tables
    await upgrade(migrated_engine)
    async with migrated_engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


def test_the_migrations_form_a_single_line_of_history() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == ["0015"]
