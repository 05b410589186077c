"""SQL repository of Telegram update ids already processed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, delete
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.repos_base import insert_if_new
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
        return await insert_if_new(self._session, ProcessedUpdateRow, "update_id", values)

    async def prune(self, before: datetime) -> int:
        """Forget ids processed before `before`; returns how many."""
        statement = delete(ProcessedUpdateRow).where(col(ProcessedUpdateRow.processed_at) < before)
        result = await self._session.exec(statement)
        return result.rowcount
