"""SQL repository of sign-ins waiting for a tap in the linked chat."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.approval_state import ApprovalStatus, LoginApproval
from storage.tables_approvals import LoginApprovalRow


def _approval(row: LoginApprovalRow) -> LoginApproval:
    return LoginApproval(
        login_id=row.login_id,
        user_id=row.user_id,
        chat_id=row.chat_id,
        number=row.number,
        choices=tuple(row.choices.split(",")),
        created_at=row.created_at,
        expires_at=row.expires_at,
        status=ApprovalStatus(row.status),
        decided_at=row.decided_at,
        approved_by=row.approved_by,
        code_sent=row.code_sent,
    )


def _values(approval: LoginApproval) -> dict[str, Any]:
    return {
        "user_id": approval.user_id,
        "chat_id": approval.chat_id,
        "number": approval.number,
        "choices": ",".join(approval.choices),
        "created_at": approval.created_at,
        "expires_at": approval.expires_at,
        "status": approval.status.value,
        "decided_at": approval.decided_at,
        "approved_by": approval.approved_by,
        "code_sent": approval.code_sent,
    }


class SqlLoginApprovalRepository:
    """`domain.core.repositories.LoginApprovalRepository` on the `login_approvals` table."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, approval: LoginApproval) -> None:
        self._session.add(LoginApprovalRow(login_id=approval.login_id, **_values(approval)))

    async def get(self, login_id: str) -> LoginApproval | None:
        query = (
            select(LoginApprovalRow)
            .where(col(LoginApprovalRow.login_id) == login_id)
            .execution_options(populate_existing=True)
        )
        row = (await self._session.exec(query)).first()
        return None if row is None else _approval(row)

    async def decide(self, approval: LoginApproval, before: ApprovalStatus) -> bool:
        """One conditional UPDATE: of two workers deciding at once, only one finds `before` still there."""
        statement = (
            update(LoginApprovalRow)
            .where(
                col(LoginApprovalRow.login_id) == approval.login_id,
                col(LoginApprovalRow.status) == before.value,
            )
            .values(**_values(approval))
        )
        result = await self._session.exec(statement)
        return result.rowcount == 1

    async def overdue(self, now: datetime, limit: int) -> list[LoginApproval]:
        query = (
            select(LoginApprovalRow)
            .where(
                col(LoginApprovalRow.status) == ApprovalStatus.PENDING.value,
                col(LoginApprovalRow.expires_at) <= now,
                col(LoginApprovalRow.code_sent).is_(False),
            )
            .order_by(col(LoginApprovalRow.expires_at))
            .limit(limit)
        )
        return [_approval(row) for row in await self._session.exec(query)]
