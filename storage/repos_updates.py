"""SQL repository of Telegram update ids already processed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.repos_base import on_postgres
from storage.tables_updates import ProcessedUpdateRow


class SqlProcessedUpdates:
    """Update ids claimed in the step's own transaction, so the id and the step commit or vanish together."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim(self, update_id: int, now: datetime) -> bool:
        """Insert the id unless it is there; False when it is (committed, or claimed by a unit that commits).

        INSERT ... ON CONFLICT DO NOTHING: on PostgreSQL a second claim of an id another open transaction
        inserted waits for that transaction, then finds the id if it committed or takes it if it rolled back.
        """
        values = {"update_id": update_id, "processed_at": now}
        dialect_insert = pg_insert if on_postgres(self._session) else sqlite_insert
        statement = (
            dialect_insert(ProcessedUpdateRow)
            .values(values)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(col(ProcessedUpdateRow.update_id))
        )
        result = await self._session.exec(statement)
        return result.first() is not None

    async def prune(self, before: datetime) -> int:
        """Forget ids processed before `before`; returns how many."""
        statement = delete(ProcessedUpdateRow).where(col(ProcessedUpdateRow.processed_at) < before)
        result = await self._session.exec(statement)
        return result.rowcount
