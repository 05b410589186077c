"""In-memory requests to disable 2FA, with the errors, order and reason limit of the SQL repository."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from domain.core.errors import NotFound
from domain.core.model import DisableRequest, RequestStatus
from storage.tables_requests import REASON_MAX_CHARS
from tests.support.fake_tables import Transaction, stored

_TABLE = "disable_requests"


class FakeRequestRepository:
    """In-memory `RequestRepository`: ids from 1, never reused (no row locks: one process only)."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(self, request: DisableRequest) -> DisableRequest:
        self._require_references(request)
        added = _clipped(replace(request, id=self._tx.database.next_id(_TABLE)))
        self._tx.put(_TABLE, added.id, added)
        return cast(DisableRequest, stored(added))

    async def get(self, request_id: int) -> DisableRequest | None:
        return cast(DisableRequest | None, self._tx.get(_TABLE, request_id))

    async def save(self, request: DisableRequest) -> None:
        if request.id is None or self._tx.get(_TABLE, request.id) is None:
            raise NotFound(f"disable request {request.id} does not exist")
        self._require_references(request)
        self._tx.put(_TABLE, request.id, _clipped(request))

    async def for_contract(
        self, contract_id: int, status: RequestStatus | None = None
    ) -> list[DisableRequest]:
        # Rows come in key (id) order, which is the SQL repository's order too.
        return [
            request
            for _, request in self._tx.rows(_TABLE)
            if request.contract_id == contract_id and (status is None or request.status is status)
        ]

    def _require_references(self, request: DisableRequest) -> None:
        # The SQL table references the contract and its users, so unknown ones are refused there too.
        if self._tx.get("contracts", request.contract_id) is None:
            raise NotFound(f"contract {request.contract_id} does not exist")
        for user_id in (request.requester_id, request.target_user_id, request.decided_by):
            if user_id is not None and self._tx.get("users", user_id) is None:
                raise NotFound(f"user {user_id} does not exist")


def _clipped(request: DisableRequest) -> DisableRequest:
    """The request as its columns keep it: the reason cut to its limit."""
    return replace(request, reason=request.reason[:REASON_MAX_CHARS])
