"""In-memory authenticator-app secrets and login approvals, committed and rolled back with the unit of
work."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.core.approval_state import ApprovalStatus, LoginApproval
from domain.core.model import AppSecret
from tests.support.fake_tables import Transaction

_TABLE = "app_secrets"


class FakeAppSecretRepository:
    """`AppSecretRepository` in memory (one process: the fake's chat lock stands in for row locks)."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def _of(self, user_id: int) -> list[AppSecret]:
        return [secret for _, secret in self._tx.rows(_TABLE) if secret.user_id == user_id]

    async def add(self, secret: AppSecret) -> AppSecret:
        for old in self._of(secret.user_id):
            if not old.active:
                self._tx.delete(_TABLE, old.id)
        stored = replace(secret, id=self._tx.database.next_id(_TABLE))
        self._tx.put(_TABLE, stored.id, stored)
        return stored

    async def get(self, user_id: int, *, active: bool) -> AppSecret | None:
        matching = [secret for secret in self._of(user_id) if secret.active is active]
        return max(matching, key=lambda secret: secret.id or 0) if matching else None

    async def use_step(self, secret_id: int, step: int) -> bool:
        secret = self._tx.get(_TABLE, secret_id)
        if secret is None or secret.last_step >= step:
            return False
        self._tx.put(_TABLE, secret_id, replace(secret, last_step=step))
        return True

    async def activate(self, user_id: int, secret_id: int) -> None:
        for secret in self._of(user_id):
            if secret.id != secret_id:
                self._tx.delete(_TABLE, secret.id)
        secret = self._tx.get(_TABLE, secret_id)
        if secret is not None:
            self._tx.put(_TABLE, secret_id, replace(secret, active=True))

    async def delete_for_user(self, user_id: int) -> int:
        mine = self._of(user_id)
        for secret in mine:
            self._tx.delete(_TABLE, secret.id)
        return len(mine)


class FakeLoginApprovalRepository:
    """`LoginApprovalRepository` in memory, keyed by login id."""

    _TABLE = "login_approvals"

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(self, approval: LoginApproval) -> None:
        self._tx.put(self._TABLE, approval.login_id, approval)

    async def get(self, login_id: str) -> LoginApproval | None:
        found: LoginApproval | None = self._tx.get(self._TABLE, login_id)
        return found

    async def decide(self, approval: LoginApproval, before: ApprovalStatus) -> bool:
        stored = await self.get(approval.login_id)
        if stored is None or stored.status is not before:
            return False
        self._tx.put(self._TABLE, approval.login_id, approval)
        return True

    async def overdue(self, now: datetime, limit: int) -> list[LoginApproval]:
        due = [
            a
            for _, a in self._tx.rows(self._TABLE)
            if a.status is ApprovalStatus.PENDING and a.expires_at <= now and not a.code_sent
        ]
        return sorted(due, key=lambda a: a.expires_at)[:limit]
