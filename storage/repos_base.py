"""What the SQL repositories share: dialect checks, inserts that report duplicates, upserts, JSON text."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import Duplicate


def on_postgres(session: AsyncSession) -> bool:
    """Whether the session talks to PostgreSQL (row and advisory locks; SQLite already locks the file)."""
    return session.get_bind().dialect.name == "postgresql"


async def insert(session: AsyncSession, row: SQLModel, duplicate_message: str) -> None:
    """Insert `row` now (database ids get filled in); a unique-key clash raises `Duplicate`.

    The insert runs in a savepoint, so a clash leaves the rest of the unit of work usable, as in the fake.
    """
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError as error:
        raise Duplicate(duplicate_message) from error


async def upsert(session: AsyncSession, model: type[SQLModel], key: str, values: dict[str, Any]) -> None:
    """Insert a row or overwrite the one with the same primary key `key`, atomically.

    Written with INSERT ... ON CONFLICT so two transactions saving a new key at once do not fail; reads
    of upserted tables use `populate_existing` because this bypasses the session's identity map.
    """
    changes = [name for name in values if name != key]
    if on_postgres(session):
        pg = pg_insert(model).values(values)
        await session.exec(
            pg.on_conflict_do_update(index_elements=[key], set_={c: pg.excluded[c] for c in changes})
        )
    else:
        lite = sqlite_insert(model).values(values)
        await session.exec(
            lite.on_conflict_do_update(index_elements=[key], set_={c: lite.excluded[c] for c in changes})
        )


def to_json(value: dict[str, Any]) -> str:
    """A dict as JSON text (keys sorted, so equal dicts store equal text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def from_json(text: str) -> dict[str, Any]:
    """The dict stored by `to_json`."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, found {type(value).__name__}")
    return value
