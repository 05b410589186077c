"""In-memory recovery codes, committed and rolled back with the unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from domain.core.recovery_state import StoredRecoveryCode
from tests.support.fake_tables import Transaction, utc

_TABLE = "recovery_codes"


class FakeRecoveryCodeRepository:
    """`RecoveryCodeRepository` in memory. Two open units spending one code both succeed here (SQL makes
    the second wait and find it spent): the integration tests check that on both databases."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def _of(self, user_id: int) -> list[StoredRecoveryCode]:
        return [code for _, code in self._tx.rows(_TABLE) if code.user_id == user_id]

    async def replace(self, user_id: int, codes: Sequence[StoredRecoveryCode]) -> int:
        deleted = await self.delete_for_user(user_id)
        for code in codes:
            stored = replace(code, id=self._tx.database.next_id(_TABLE))
            self._tx.put(_TABLE, stored.id, stored)
        return deleted

    async def unused(self, user_id: int, lookup: str) -> list[StoredRecoveryCode]:
        return [code for code in self._of(user_id) if code.lookup == lookup and code.used_at is None]

    async def mark_used(self, code_id: int, at: datetime) -> bool:
        code = self._tx.get(_TABLE, code_id)
        if code is None or code.used_at is not None:
            return False
        self._tx.put(_TABLE, code_id, replace(code, used_at=utc(at)))
        return True

    async def remaining(self, user_id: int) -> int:
        return sum(1 for code in self._of(user_id) if code.used_at is None)

    async def delete_for_user(self, user_id: int) -> int:
        mine = self._of(user_id)
        for code in mine:
            self._tx.delete(_TABLE, code.id)
        return len(mine)
