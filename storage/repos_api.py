"""SQL repositories for API keys and manager actions awaiting the manager's code."""

from __future__ import annotations

import builtins
import json
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.api_keys import ApiKey, KeyScope
from domain.core.errors import NotFound
from domain.core.manager_action_state import ActionStatus, ManagerAction
from storage.columns import as_utc
from storage.repos_base import insert, on_postgres
from storage.tables_api import ACTION_REASON_MAX_CHARS, ApiKeyRow, ManagerActionRow


def _key(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id,
        name=row.name,
        key_hash=row.key_hash,
        scope=KeyScope(row.scope),
        contract_ids=tuple(int(number) for number in json.loads(row.contract_ids)),
        created_at=as_utc(row.created_at),
        revoked_at=None if row.revoked_at is None else as_utc(row.revoked_at),
        last_used_at=None if row.last_used_at is None else as_utc(row.last_used_at),
    )


def _key_values(key: ApiKey) -> dict[str, Any]:
    return {
        "name": key.name,
        "key_hash": key.key_hash,
        "scope": key.scope.value,
        "contract_ids": json.dumps(sorted(key.contract_ids)),
        "created_at": key.created_at,
        "revoked_at": key.revoked_at,
        "last_used_at": key.last_used_at,
    }


class SqlApiKeyRepository:
    """API keys; names and hashes are unique."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, key: ApiKey) -> ApiKey:
        """Insert the key (its `id` is ignored); a taken name or hash raises `Duplicate`."""
        row = ApiKeyRow(**_key_values(key))
        await insert(self._session, row, f"an API key named {key.name!r} exists already")
        return _key(row)

    async def get_by_name(self, name: str) -> ApiKey | None:
        query = select(ApiKeyRow).where(ApiKeyRow.name == name).execution_options(populate_existing=True)
        row = (await self._session.exec(query)).first()
        return None if row is None else _key(row)

    async def get_by_hash(self, key_hash: str) -> ApiKey | None:
        query = select(ApiKeyRow).where(ApiKeyRow.key_hash == key_hash)
        row = (await self._session.exec(query.execution_options(populate_existing=True))).first()
        return None if row is None else _key(row)

    async def list(self) -> builtins.list[ApiKey]:
        """Every key, revoked ones too, oldest (lowest id) first."""
        query = select(ApiKeyRow).order_by(col(ApiKeyRow.id)).execution_options(populate_existing=True)
        return [_key(row) for row in await self._session.exec(query)]

    async def save(self, key: ApiKey) -> None:
        """Overwrite a stored key (its revocation, its last use); an unknown id raises `NotFound`."""
        row = None if key.id is None else await self._session.get(ApiKeyRow, key.id)
        if row is None:
            raise NotFound(f"API key {key.name!r} does not exist")
        row.sqlmodel_update(_key_values(key))
        await self._session.flush()


def _action(row: ManagerActionRow) -> ManagerAction:
    return ManagerAction(
        id=row.id,
        contract_id=row.contract_id,
        manager_id=row.manager_id,
        target_user_id=row.target_user_id,
        reason=row.reason,
        key_name=row.key_name,
        challenge_id=row.challenge_id,
        created_at=as_utc(row.created_at),
        expires_at=as_utc(row.expires_at),
        status=ActionStatus(row.status),
        decided_at=None if row.decided_at is None else as_utc(row.decided_at),
    )


def _action_values(action: ManagerAction) -> dict[str, Any]:
    return {
        "contract_id": action.contract_id,
        "manager_id": action.manager_id,
        "target_user_id": action.target_user_id,
        "reason": action.reason[:ACTION_REASON_MAX_CHARS],
        "key_name": action.key_name,
        "challenge_id": action.challenge_id,
        "created_at": action.created_at,
        "expires_at": action.expires_at,
        "status": action.status.value,
        "decided_at": action.decided_at,
    }


class SqlManagerActionRepository:
    """Manager actions; reading one on PostgreSQL locks its row, so two confirmations take turns."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, action: ManagerAction) -> None:
        row = ManagerActionRow(id=action.id, **_action_values(action))
        await insert(self._session, row, "a manager action with this id exists already")

    async def get(self, action_id: str) -> ManagerAction | None:
        row = await self._session.get(
            ManagerActionRow,
            action_id,
            populate_existing=True,
            with_for_update=on_postgres(self._session),
        )
        return None if row is None else _action(row)

    async def save(self, action: ManagerAction) -> None:
        """Overwrite a stored action (its status); an unknown id raises `NotFound`."""
        row = await self._session.get(ManagerActionRow, action.id)
        if row is None:
            raise NotFound(f"manager action {action.id[:6]} does not exist")
        row.sqlmodel_update(_action_values(action))
