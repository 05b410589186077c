"""Column types shared by every table module: timestamps stored as UTC and read back timezone-aware."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


def as_utc(value: datetime) -> datetime:
    """The same instant as timezone-aware UTC; a naive value (SQLite keeps no offset) is taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """`DateTime(timezone=True)` that stores UTC and always reads back timezone-aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # A naive time is a bug upstream: guessing its zone would silently shift it.
            raise ValueError(f"naive datetime {value.isoformat()} given to storage; use aware UTC")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


def at_field(nullable: bool = False) -> Any:
    """A SQLModel field for a `UtcDateTime` column."""
    return Field(default=None, sa_type=UtcDateTime, nullable=nullable)
