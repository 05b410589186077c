"""In-memory Telegram update ids already processed, committed and rolled back with the unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.core.replies import Reply
from domain.core.repositories import KeptReplies
from tests.support.fake_tables import Transaction, utc

_TABLE = "telegram_updates"


@dataclass(frozen=True)
class _Processed:
    at: datetime
    kept: KeptReplies | None = None


class FakeProcessedUpdates:
    """In-memory `ProcessedUpdates`. Two open units claiming one id both succeed here (SQL makes the second
    wait); the assistant claims only under the chat's lock, which the fake does keep."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def claim(self, update_id: int, now: datetime) -> bool:
        if self._tx.get(_TABLE, update_id) is not None:
            return False
        self._tx.put(_TABLE, update_id, _Processed(utc(now)))
        return True

    async def keep_replies(self, update_id: int, replies: Sequence[Reply], until: datetime) -> None:
        row = self._tx.get(_TABLE, update_id)
        if row is not None:
            self._tx.put(_TABLE, update_id, _Processed(row.at, KeptReplies(list(replies), utc(until))))

    async def kept_replies(self, update_id: int) -> KeptReplies | None:
        row = self._tx.get(_TABLE, update_id)
        return None if row is None else row.kept

    async def replies_sent(self, update_id: int) -> None:
        row = self._tx.get(_TABLE, update_id)
        if row is not None:
            self._tx.put(_TABLE, update_id, _Processed(row.at))

    async def prune(self, before: datetime) -> int:
        old = [update_id for update_id, row in self._tx.rows(_TABLE) if row.at < utc(before)]
        for update_id in old:
            self._tx.delete(_TABLE, update_id)
        return len(old)
