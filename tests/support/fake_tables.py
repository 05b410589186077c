"""The in-memory database behind `FakeUnitOfWork`: committed tables shared per factory, changes per unit.

Reads see the unit's own changes over the committed rows (like READ COMMITTED in PostgreSQL), and
`commit` publishes only the keys the unit touched, so units committing different rows do not clobber
each other. Values are deep-copied in and out, and datetimes normalised to UTC, as a database would.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
from collections.abc import Hashable, Iterator
from datetime import UTC, datetime
from typing import Any

LOCK_WAIT_SECONDS = 5.0  # like SQLite's busy timeout: a unit waiting longer is almost surely a deadlock

_DELETED: Any = object()


def utc(value: datetime) -> datetime:
    """The instant as aware UTC; naive datetimes are refused, as `storage.tables.UtcDateTime` does."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value.isoformat()} given to storage; use aware UTC")
    return value.astimezone(UTC)


def stored(value: Any) -> Any:
    """A private copy of a dataclass as the database would hand it back (datetimes in UTC)."""
    value = copy.deepcopy(value)
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {
        f.name: utc(getattr(value, f.name))
        for f in dataclasses.fields(value)
        if isinstance(getattr(value, f.name), datetime)
    }
    return dataclasses.replace(value, **changes) if changes else value


class SharedDatabase:
    """Committed rows per table, id sequences and per-chat locks, shared by one factory's units."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Hashable, Any]] = {}
        self.sequences: dict[str, int] = {}
        self.chat_locks: dict[str, asyncio.Lock] = {}

    def next_id(self, table: str) -> int:
        """The next id of `table`, from 1; like a database sequence it is not given back on rollback."""
        self.sequences[table] = self.sequences.get(table, 0) + 1
        return self.sequences[table]


class Transaction:
    """One unit of work's uncommitted changes over the shared committed rows."""

    def __init__(self, database: SharedDatabase) -> None:
        self.database = database
        self._changes: dict[str, dict[Hashable, Any]] = {}
        self._held_chats: set[str] = set()

    def get(self, table: str, key: Hashable) -> Any:
        """The row under `key` as this unit sees it, or None."""
        value = self._changes.get(table, {}).get(key)
        if value is None:
            value = self.database.tables.get(table, {}).get(key)
        return None if value is None or value is _DELETED else copy.deepcopy(value)

    def rows(self, table: str) -> Iterator[tuple[Hashable, Any]]:
        """Every (key, row) this unit sees, in key order."""
        merged = dict(self.database.tables.get(table, {}))
        merged.update(self._changes.get(table, {}))
        for key in sorted(merged, key=_sort_key):
            if merged[key] is not _DELETED:
                yield key, copy.deepcopy(merged[key])

    def put(self, table: str, key: Hashable, value: Any) -> None:
        self._changes.setdefault(table, {})[key] = stored(value)

    def delete(self, table: str, key: Hashable) -> None:
        self._changes.setdefault(table, {})[key] = _DELETED

    async def lock_chat(self, chat_id: str) -> None:
        """Wait for other units working on this chat, like the advisory lock of the SQL repository."""
        if chat_id in self._held_chats:
            return
        lock = self.database.chat_locks.setdefault(chat_id, asyncio.Lock())
        try:
            async with asyncio.timeout(LOCK_WAIT_SECONDS):
                await lock.acquire()
        except TimeoutError:
            raise RuntimeError(
                f"chat {chat_id!r} stayed locked by another open unit of work (nested units deadlock)"
            ) from None
        self._held_chats.add(chat_id)

    def commit(self) -> None:
        """Publish the touched keys and end the transaction."""
        for table, changes in self._changes.items():
            committed = self.database.tables.setdefault(table, {})
            for key, value in changes.items():
                if value is _DELETED:
                    committed.pop(key, None)
                else:
                    committed[key] = value
        self.end()

    def end(self) -> None:
        """Forget the changes and release the chat locks (also what a rollback does)."""
        self._changes = {}
        for chat_id in self._held_chats:
            self.database.chat_locks[chat_id].release()
        self._held_chats = set()


def _sort_key(key: Hashable) -> tuple[str, Any]:
    # Tables are keyed by int or by str; keep both orderable.
    return (type(key).__name__, key)
