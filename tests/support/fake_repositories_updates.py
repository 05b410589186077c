"""In-memory Telegram update ids already processed, committed and rolled back with the unit of work."""

from __future__ import annotations

from datetime import datetime

from tests.support.fake_tables import Transaction, utc

_TABLE = "telegram_updates"


class FakeProcessedUpdates:
    """In-memory `ProcessedUpdates`. Two open units claiming one id both succeed here (SQL makes the second
    wait); the assistant claims only under the chat's lock, which the fake does keep."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def claim(self, update_id: int, now: datetime) -> bool:
        if self._tx.get(_TABLE, update_id) is not None:
            return False
        self._tx.put(_TABLE, update_id, utc(now))
        return True

    async def prune(self, before: datetime) -> int:
        old = [update_id for update_id, at in self._tx.rows(_TABLE) if at < utc(before)]
        for update_id in old:
            self._tx.delete(_TABLE, update_id)
        return len(old)
