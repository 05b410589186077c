"""SQL repository of recovery codes: hashes and lookups only (`domain.recovery`), spent by one UPDATE."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.recovery_state import StoredRecoveryCode
from storage.repos_base import on_postgres
from storage.tables import UserRow
from storage.tables_recovery import RecoveryCodeRow


def _code(row: RecoveryCodeRow) -> StoredRecoveryCode:
    return StoredRecoveryCode(row.id, row.user_id, row.lookup, row.hash, row.created_at, row.used_at)


class SqlRecoveryCodeRepository:
    """`domain.ports.RecoveryCodeRepository` on the `recovery_codes` table."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def replace(self, user_id: int, codes: Sequence[StoredRecoveryCode]) -> int:
        """Delete the user's codes and insert `codes`. On PostgreSQL the user's row is locked first, so two
        replacements take turns and the second deletes the first's set (SQLite's BEGIN IMMEDIATE already
        runs one writer at a time)."""
        if on_postgres(self._session):
            await self._session.exec(select(UserRow.id).where(col(UserRow.id) == user_id).with_for_update())
        deleted = await self.delete_for_user(user_id)
        self._session.add_all(
            RecoveryCodeRow(
                user_id=code.user_id,
                lookup=code.lookup,
                hash=code.hash,
                created_at=code.created_at,
                used_at=code.used_at,
            )
            for code in codes
        )
        await self._session.flush()
        return deleted

    async def unused(self, user_id: int, lookup: str) -> list[StoredRecoveryCode]:
        statement = (
            select(RecoveryCodeRow)
            .where(
                col(RecoveryCodeRow.user_id) == user_id,
                col(RecoveryCodeRow.lookup) == lookup,
                col(RecoveryCodeRow.used_at).is_(None),
            )
            .order_by(col(RecoveryCodeRow.id))
            .execution_options(populate_existing=True)
        )
        return [_code(row) for row in (await self._session.exec(statement)).all()]

    async def mark_used(self, code_id: int, at: datetime) -> bool:
        """UPDATE ... WHERE used_at IS NULL: on PostgreSQL a second use waits for the first's transaction
        and then finds the row spent (READ COMMITTED re-reads it); SQLite runs one writer at a time."""
        statement = (
            update(RecoveryCodeRow)
            .where(col(RecoveryCodeRow.id) == code_id, col(RecoveryCodeRow.used_at).is_(None))
            .values(used_at=at)
        )
        result = await self._session.exec(statement)
        return bool(result.rowcount == 1)

    async def remaining(self, user_id: int) -> int:
        statement = select(func.count()).where(
            col(RecoveryCodeRow.user_id) == user_id, col(RecoveryCodeRow.used_at).is_(None)
        )
        return int((await self._session.exec(statement)).one())

    async def delete_for_user(self, user_id: int) -> int:
        statement = delete(RecoveryCodeRow).where(col(RecoveryCodeRow.user_id) == user_id)
        result = await self._session.exec(statement)
        return int(result.rowcount)
