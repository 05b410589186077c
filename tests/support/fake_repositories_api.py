"""In-memory API keys and manager actions, with the errors, order and limits of the SQL repositories."""

from __future__ import annotations

import builtins
from dataclasses import replace
from typing import cast

from domain.core.api_keys import ApiKey
from domain.core.errors import Duplicate, NotFound
from domain.core.manager_action_state import ManagerAction
from storage.tables_api import ACTION_REASON_MAX_CHARS
from tests.support.fake_tables import Transaction, stored

_KEYS = "api_keys"
_ACTIONS = "manager_actions"


class FakeApiKeyRepository:
    """In-memory `ApiKeyRepository`: ids from 1, unique names and hashes."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(self, key: ApiKey) -> ApiKey:
        if await self.get_by_name(key.name) is not None or await self.get_by_hash(key.key_hash) is not None:
            raise Duplicate(f"an API key named {key.name!r} exists already")
        added = replace(
            key, id=self._tx.database.next_id(_KEYS), contract_ids=tuple(sorted(key.contract_ids))
        )
        self._tx.put(_KEYS, added.id, added)
        return cast(ApiKey, stored(added))

    async def get_by_name(self, name: str) -> ApiKey | None:
        return next((k for k in await self.list() if k.name == name), None)

    async def get_by_hash(self, key_hash: str) -> ApiKey | None:
        return next((k for k in await self.list() if k.key_hash == key_hash), None)

    async def list(self) -> builtins.list[ApiKey]:
        return [key for _, key in self._tx.rows(_KEYS)]

    async def save(self, key: ApiKey) -> None:
        if key.id is None or self._tx.get(_KEYS, key.id) is None:
            raise NotFound(f"API key {key.name!r} does not exist")
        self._tx.put(_KEYS, key.id, replace(key, contract_ids=tuple(sorted(key.contract_ids))))


class FakeManagerActionRepository:
    """In-memory `ManagerActionRepository` (no row locks: one process only)."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(self, action: ManagerAction) -> None:
        if self._tx.get(_ACTIONS, action.id) is not None:
            raise Duplicate("a manager action with this id exists already")
        # the SQL table references the contract and its users, so unknown ones are refused here too
        if self._tx.get("contracts", action.contract_id) is None:
            raise NotFound(f"contract {action.contract_id} does not exist")
        for user_id in (action.manager_id, action.target_user_id):
            if user_id is not None and self._tx.get("users", user_id) is None:
                raise NotFound(f"user {user_id} does not exist")
        self._tx.put(_ACTIONS, action.id, _clipped(action))

    async def get(self, action_id: str) -> ManagerAction | None:
        return cast(ManagerAction | None, self._tx.get(_ACTIONS, action_id))

    async def save(self, action: ManagerAction) -> None:
        if self._tx.get(_ACTIONS, action.id) is None:
            raise NotFound(f"manager action {action.id[:6]} does not exist")
        self._tx.put(_ACTIONS, action.id, _clipped(action))


def _clipped(action: ManagerAction) -> ManagerAction:
    return replace(action, reason=action.reason[:ACTION_REASON_MAX_CHARS])
