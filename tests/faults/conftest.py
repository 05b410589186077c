"""Fixtures of the fault-injection tests: one database per test, SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated-on-start database: a new SQLite file, or this run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}"
    request.getfixturevalue("postgres_engine")  # empties every table for this test
    return str(request.getfixturevalue("postgres_database_url"))
