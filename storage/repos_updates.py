"""SQL repository of Telegram update ids already processed, and the replies kept with them until sent."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, delete, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.replies import Button, Reply
from domain.core.repositories import KeptReplies
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

    async def keep_replies(self, update_id: int, replies: Sequence[Reply], until: datetime) -> None:
        """Keep the step's replies with its (claimed) id; the worker that ran it sends them until `until`."""
        await self._set(update_id, _to_json(replies), until)

    async def kept_replies(self, update_id: int) -> KeptReplies | None:
        """The replies kept with the id and until when their worker sends them; None once they were sent."""
        row = await self._session.get(ProcessedUpdateRow, update_id, populate_existing=True)
        if row is None or row.replies is None or row.replies_until is None:
            return None
        return KeptReplies(_from_json(row.replies), row.replies_until)

    async def replies_sent(self, update_id: int) -> None:
        """Forget the kept replies: they reached the chat (or its outbox)."""
        await self._set(update_id, None, None)

    async def prune(self, before: datetime) -> int:
        """Forget ids processed before `before`; returns how many."""
        statement = delete(ProcessedUpdateRow).where(col(ProcessedUpdateRow.processed_at) < before)
        result = await self._session.exec(statement)
        return result.rowcount

    async def _set(self, update_id: int, replies: str | None, until: datetime | None) -> None:
        statement = (
            update(ProcessedUpdateRow)
            .where(col(ProcessedUpdateRow.update_id) == update_id)
            .values(replies=replies, replies_until=until)
        )
        await self._session.exec(statement)


def _to_json(replies: Sequence[Reply]) -> str:
    return json.dumps(
        [[reply.text, [[[b.label, b.data] for b in row] for row in reply.buttons]] for reply in replies],
        ensure_ascii=False,
    )


def _from_json(text: str) -> list[Reply]:
    return [
        Reply(str(words), tuple(tuple(Button(str(label), str(data)) for label, data in row) for row in rows))
        for words, rows in json.loads(text)
    ]
