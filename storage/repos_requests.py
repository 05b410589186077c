"""SQL repository for requests that an account manager turn 2FA off.

Reasons are cut to the column limit on the way in, so what is read back is what was kept.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.errors import NotFound
from domain.core.model import DisableRequest, RequestStatus
from storage.columns import as_utc
from storage.tables import ContractRow, DisableRequestRow, UserRow
from storage.tables_requests import REASON_MAX_CHARS


async def _require_references(session: AsyncSession, request: DisableRequest) -> None:
    # Checked first so an unknown contract or user reads as NotFound, not as an IntegrityError at commit.
    if await session.get(ContractRow, request.contract_id) is None:
        raise NotFound(f"contract {request.contract_id} does not exist")
    for user_id in (request.requester_id, request.target_user_id, request.decided_by):
        if user_id is not None and await session.get(UserRow, user_id) is None:
            raise NotFound(f"user {user_id} does not exist")


def _request(row: DisableRequestRow) -> DisableRequest:
    # A row just inserted still holds the caller's datetimes, in whatever zone they came: normalise.
    return DisableRequest(
        id=row.id,
        contract_id=row.contract_id,
        requester_id=row.requester_id,
        target_user_id=row.target_user_id,
        reason=row.reason,
        verified=row.verified,
        created_at=as_utc(row.created_at),
        expires_at=as_utc(row.expires_at),
        status=RequestStatus(row.status),
        decided_at=None if row.decided_at is None else as_utc(row.decided_at),
        decided_by=row.decided_by,
    )


def _values(request: DisableRequest) -> dict[str, Any]:
    return {
        "contract_id": request.contract_id,
        "requester_id": request.requester_id,
        "target_user_id": request.target_user_id,
        "reason": request.reason[:REASON_MAX_CHARS],
        "verified": request.verified,
        "created_at": request.created_at,
        "expires_at": request.expires_at,
        "status": request.status.value,
        "decided_at": request.decided_at,
        "decided_by": request.decided_by,
    }


class SqlRequestRepository:
    """Disable requests; reading one on PostgreSQL locks its row, so two managers deciding it take turns."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, request: DisableRequest) -> DisableRequest:
        """Insert the request (its `id` is ignored) and return it as stored, numbered by the database."""
        await _require_references(self._session, request)
        row = DisableRequestRow(**_values(request))
        self._session.add(row)
        await self._session.flush()  # no unique key besides the generated id, so nothing to report
        return _request(row)

    async def get(self, request_id: int) -> DisableRequest | None:
        row = await self._session.get(
            DisableRequestRow, request_id, populate_existing=True, with_for_update=True
        )
        return None if row is None else _request(row)

    async def save(self, request: DisableRequest) -> None:
        """Overwrite a stored request (typically its decision); an unknown id raises `NotFound`."""
        row = None if request.id is None else await self._session.get(DisableRequestRow, request.id)
        if row is None:
            raise NotFound(f"disable request {request.id} does not exist")
        await _require_references(self._session, request)
        row.sqlmodel_update(_values(request))

    async def for_contract(
        self, contract_id: int, status: RequestStatus | None = None
    ) -> list[DisableRequest]:
        """The contract's requests (with that status, if given), oldest (lowest id) first."""
        query = select(DisableRequestRow).where(DisableRequestRow.contract_id == contract_id)
        if status is not None:
            query = query.where(DisableRequestRow.status == status.value)
        query = query.order_by(col(DisableRequestRow.id)).execution_options(populate_existing=True)
        return [_request(row) for row in await self._session.exec(query)]
