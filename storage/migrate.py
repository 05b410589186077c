"""Bring a database to the newest schema with Alembic, from code (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Any constant shared by every process that migrates: concurrent upgrades on PostgreSQL take turns.
_MIGRATION_LOCK_KEY = 0x2FA_0001


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic `Config` for the packaged migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
    else:
        # foreign_keys=ON cannot be switched off inside the transaction; deferring the checks to COMMIT
        # lets a batch migration drop and rebuild a table that others reference.
        connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    command.upgrade(alembic_config(connection), "head")


async def upgrade(engine: AsyncEngine) -> None:
    """Run `alembic upgrade head` in one transaction; a database already at head is left untouched."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)
