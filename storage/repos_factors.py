"""SQL repository of authenticator-app secrets."""

from __future__ import annotations

from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.model import AppSecret
from storage.tables_factors import AppSecretRow


class SqlAppSecretRepository:
    """`domain.ports.AppSecretRepository` on the `app_secrets` table."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, secret: AppSecret) -> AppSecret:
        await self._session.exec(
            delete(AppSecretRow).where(
                col(AppSecretRow.user_id) == secret.user_id, col(AppSecretRow.active).is_(False)
            )
        )
        row = AppSecretRow(
            user_id=secret.user_id,
            sealed=secret.sealed,
            created_at=secret.created_at,
            active=secret.active,
            last_step=secret.last_step,
        )
        self._session.add(row)
        await self._session.flush()
        return _secret(row)

    async def get(self, user_id: int, *, active: bool) -> AppSecret | None:
        query = (
            select(AppSecretRow)
            .where(col(AppSecretRow.user_id) == user_id, col(AppSecretRow.active).is_(active))
            .order_by(col(AppSecretRow.id).desc())
            .limit(1)
            .execution_options(populate_existing=True)
        )
        row = (await self._session.exec(query)).first()
        return None if row is None else _secret(row)

    async def use_step(self, secret_id: int, step: int) -> bool:
        statement = (
            update(AppSecretRow)
            .where(col(AppSecretRow.id) == secret_id, col(AppSecretRow.last_step) < step)
            .values(last_step=step)
        )
        result = await self._session.exec(statement)
        return result.rowcount == 1

    async def activate(self, user_id: int, secret_id: int) -> None:
        await self._session.exec(
            delete(AppSecretRow).where(
                col(AppSecretRow.user_id) == user_id, col(AppSecretRow.id) != secret_id
            )
        )
        await self._session.exec(
            update(AppSecretRow).where(col(AppSecretRow.id) == secret_id).values(active=True)
        )

    async def delete_for_user(self, user_id: int) -> int:
        result = await self._session.exec(delete(AppSecretRow).where(col(AppSecretRow.user_id) == user_id))
        return result.rowcount


def _secret(row: AppSecretRow) -> AppSecret:
    return AppSecret(row.id, row.user_id, row.sealed, row.created_at, row.active, row.last_step)
