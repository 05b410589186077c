"""Databases made for one benchmark run and removed after it, settings pointing at them, bulk seeding.

A SQLite file lives in a temporary folder; a PostgreSQL database is created on the server from
`TWOFA_TEST_POSTGRES_URL` (default `postgres@127.0.0.1:5432`, as the tests use) and dropped at the end,
even when the run fails. Users are inserted with one executemany per chunk, not through the engine.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import col

from app.settings import Settings
from domain.core.api_keys import KeyScope, key_hash
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.tables import ApiKeyRow, ContractRow, TwoFactorRow, UserRow
from tests.support.databases import (
    PostgresUnavailable,
    create_postgres_database,
    drop_postgres_database,
    postgres_server_url,
)

SECRET_KEY = "a-benchmark-secret-key-that-is-long-enough-0123456789"
API_TOKEN = "benchmark-api-token-0123456789abcdefghijklmnop"
BACKENDS = ("sqlite", "postgres")
CHUNK = 5_000


@dataclass(frozen=True)
class BenchUser:
    """A seeded user: the address typed to link, the mobile number typed to enable, and its E.164."""

    index: int
    email: str
    phone_typed: str
    phone_e164: str


def bench_user(index: int) -> BenchUser:
    """User `index` (0 .. 999,999): a distinct address and a distinct valid UK mobile number."""
    digits = f"{index:06d}"
    return BenchUser(index, f"user{index}@bench.example.com", f"07400 {digits}", f"+447400{digits}")


def bench_settings(database_url: str, folder: Path, **overrides: Any) -> Settings:
    """Settings on `database_url` (no `.env` read). Development: the benchmarks inject fake gateways, and
    production refuses the offline ones these settings name (`app.production`). `database()` stores the
    login key `API_TOKEN`."""
    values: dict[str, Any] = {
        "environment": "development",
        "database_url": database_url,
        "secret_key": SECRET_KEY,
        "outbox_dir": folder / "outbox",
    }
    return Settings(_env_file=None, **(values | overrides))


@asynccontextmanager
async def database(backend: str) -> AsyncIterator[tuple[str, Path]]:
    """A fresh, migrated database of `backend` and a scratch folder, both removed when the block ends.

    Raises `PostgresUnavailable` when the PostgreSQL server cannot be reached.
    """
    with tempfile.TemporaryDirectory(prefix=f"twofa-bench-{backend}-") as scratch:
        folder = Path(scratch)
        if backend == "sqlite":
            url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
            engine = create_engine(url)
            try:
                await upgrade(engine)
            finally:
                await engine.dispose()
            await seed_api_key(url)
            yield url, folder
            return
        if backend != "postgres":
            raise ValueError(f"unknown backend {backend!r}")
        server = postgres_server_url()
        url = await create_postgres_database(server)
        try:
            await seed_api_key(url)
            yield url, folder
        finally:
            await drop_postgres_database(server, url)


async def seed_api_key(database_url: str) -> None:
    """Store `API_TOKEN` as the login key "bench" (its hash only, as `twofa keys add` would)."""
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            row = {
                "name": "bench",
                "key_hash": key_hash(API_TOKEN),
                "scope": KeyScope.LOGIN.value,
                "contract_ids": "[]",
                "created_at": datetime.now(UTC),
            }
            await connection.execute(insert(ApiKeyRow), [row])
    finally:
        await engine.dispose()


async def seed_users(
    database_url: str,
    count: int,
    *,
    first: int = 0,
    with_sms: Sequence[int] | range = (),
    contract: str = "Bench",
    with_email: Sequence[int] | range = (),
) -> int:
    """Insert a contract and `count` members `bench_user(first)` onwards; those whose index is in
    `with_sms` get 2FA by SMS, those in `with_email` 2FA by email (to their account address). Returns the
    id of the first user; ids are consecutive. Bulk SQL, one transaction.
    """
    now = datetime.now(UTC)
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(ContractRow), [{"name": contract}])
            contract_id = (
                await connection.execute(select(col(ContractRow.id)).where(col(ContractRow.name) == contract))
            ).scalar_one()
            for start in range(0, count, CHUNK):
                rows = [
                    {
                        "contract_id": contract_id,
                        "name": f"User {i}",
                        "email": bench_user(i).email,
                        "role": "member",
                    }
                    for i in range(first + start, first + min(count, start + CHUNK))
                ]
                await connection.execute(insert(UserRow), rows)
            first_row = select(col(UserRow.id)).where(col(UserRow.email) == bench_user(first).email)
            first_id = (await connection.execute(first_row)).scalar_one()
            if first_id is None:
                raise RuntimeError("the first seeded user is missing")
            sms = list(with_sms)
            for start in range(0, len(sms), CHUNK):
                settings = [
                    {
                        "user_id": first_id + i - first,
                        "method": "sms",
                        "destination": bench_user(i).phone_e164,
                        "verified_at": now,
                    }
                    for i in sms[start : start + CHUNK]
                ]
                await connection.execute(insert(TwoFactorRow), settings)
            emails = list(with_email)
            for start in range(0, len(emails), CHUNK):
                settings = [
                    {
                        "user_id": first_id + i - first,
                        "method": "email",
                        "destination": bench_user(i).email,
                        "verified_at": now,
                    }
                    for i in emails[start : start + CHUNK]
                ]
                await connection.execute(insert(TwoFactorRow), settings)
    finally:
        await engine.dispose()
    return first_id


def backend_label(backend: str) -> str:
    return "SQLite (WAL, temp file)" if backend == "sqlite" else "PostgreSQL (fresh database, dropped after)"


__all__ = [
    "API_TOKEN",
    "BACKENDS",
    "BenchUser",
    "PostgresUnavailable",
    "backend_label",
    "bench_settings",
    "bench_user",
    "database",
    "seed_users",
]
