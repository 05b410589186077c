"""What the SQL repositories share: dialect checks, inserts that report duplicates, upserts, updates, JSON."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Executable, Table, bindparam
from sqlalchemy import update as sa_update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.errors import Duplicate, NotFound


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


async def insert_new(
    session: AsyncSession, model: type[SQLModel], key: str, values: dict[str, Any], duplicate_message: str
) -> None:
    """Insert a row whose primary key `key` is given; a row with that key already raises `Duplicate`.

    One statement (INSERT ... ON CONFLICT DO NOTHING RETURNING key) instead of a savepoint around an ORM
    insert; the unit of work stays usable after a clash, as with `insert`.
    """
    if not await insert_if_new(session, model, key, values):
        raise Duplicate(duplicate_message)


async def insert_if_new(
    session: AsyncSession, model: type[SQLModel], key: str, values: dict[str, Any]
) -> bool:
    """Insert the row unless its primary key `key` is taken; whether it was inserted. One statement.

    On PostgreSQL, a key inserted by another open transaction makes this wait for that transaction's end.
    """
    statement = _statement("insert_new", session, model, key, tuple(values))
    result = await session.exec(statement, params=_params(values))  # type: ignore[call-overload]
    return result.first() is not None


async def upsert(session: AsyncSession, model: type[SQLModel], key: str, values: dict[str, Any]) -> None:
    """Insert a row or overwrite the one with the same primary key `key`, atomically.

    Written with INSERT ... ON CONFLICT so two transactions saving a new key at once do not fail; reads
    of upserted tables use `populate_existing` because this bypasses the session's identity map.
    """
    statement = _statement("upsert", session, model, key, tuple(values))
    await session.exec(statement, params=_params(values))  # type: ignore[call-overload]


async def update(
    session: AsyncSession, model: type[SQLModel], key: str, values: dict[str, Any], missing_message: str
) -> None:
    """Overwrite the row whose primary key `key` is `values[key]`; no such row raises `NotFound`.

    One UPDATE (not a SELECT of the row, then an UPDATE); reads of these tables use `populate_existing`.
    """
    statement = _statement("update", session, model, key, tuple(values))
    result = await session.exec(statement, params=_params(values))  # type: ignore[call-overload]
    if result.rowcount != 1:
        raise NotFound(missing_message)


# Statements are built once per shape and executed with parameters: building an INSERT ... ON CONFLICT
# anew at every save was about a fifth of a conversation step's CPU (bench/README.md, F5).
_STATEMENTS: dict[tuple[str, str, type[SQLModel], str, tuple[str, ...]], Executable] = {}


def _params(values: dict[str, Any]) -> dict[str, Any]:
    # SQLAlchemy reserves a column's own name for its implicit parameter, so ours are prefixed.
    return {f"v_{name}": value for name, value in values.items()}


def _statement(
    kind: str, session: AsyncSession, model: type[SQLModel], key: str, columns: tuple[str, ...]
) -> Executable:
    dialect = session.get_bind().dialect.name
    cache_key = (kind, dialect, model, key, columns)
    statement = _STATEMENTS.get(cache_key)
    if statement is None:
        statement = _STATEMENTS[cache_key] = _build(kind, dialect, model, key, columns)
    return statement


def _build(kind: str, dialect: str, model: type[SQLModel], key: str, columns: tuple[str, ...]) -> Executable:
    table: Table = model.__table__  # type: ignore[attr-defined]
    if kind == "update":
        new_values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in columns if name != key}
        return sa_update(table).where(table.c[key] == bindparam(f"v_{key}")).values(new_values)
    dialect_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = dialect_insert(table).values({name: bindparam(f"v_{name}") for name in columns})
    if kind == "insert_new":
        return statement.on_conflict_do_nothing(index_elements=[key]).returning(table.c[key])
    changes: dict[str, Any] = {name: statement.excluded[name] for name in columns if name != key}
    return statement.on_conflict_do_update(index_elements=[key], set_=changes)


def to_json(value: dict[str, Any]) -> str:
    """A dict as JSON text (keys sorted, so equal dicts store equal text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def from_json(text: str) -> dict[str, Any]:
    """The dict stored by `to_json`."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, found {type(value).__name__}")
    return value
