"""Remembered devices: opt-in at login, 30 days from issue, at most 10 per user, token stored as an HMAC."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.core.model import AuditEvent, AuditKind, Device, User
from domain.core.otp import token_hash
from domain.core.ports import TokenSource, UnitOfWork

USER_AGENT_LIMIT = 512
IP_LIMIT = 64


@dataclass(frozen=True)
class DevicePolicy:
    lifetime: timedelta = timedelta(days=30)
    max_per_user: int = 10


@dataclass(frozen=True)
class IssuedDevice:
    token: str  # shown once, to the browser; never stored
    expires_at: datetime


class RememberedDevices:
    """Issue, check and forget remembered-device tokens."""

    def __init__(self, policy: DevicePolicy, server_key: bytes, tokens: TokenSource) -> None:
        self.policy = policy
        self._key = server_key
        self._tokens = tokens

    def _hash(self, token: str) -> str:
        return token_hash(self._key, "device:" + token)

    async def issue(
        self, uow: UnitOfWork, user_id: int, user_agent: str, ip: str, now: datetime, actor: str
    ) -> IssuedDevice:
        """A new device token; the oldest devices go beyond the cap."""
        token = self._tokens.token(32)
        device = Device(
            None,
            user_id,
            self._hash(token),
            now,
            now + self.policy.lifetime,
            user_agent[:USER_AGENT_LIMIT],
            ip[:IP_LIMIT],
        )
        existing = await uow.devices.for_user(user_id)
        for old in existing[: max(0, len(existing) - self.policy.max_per_user + 1)]:
            if old.id is not None:
                await uow.devices.delete(old.id)
        await uow.devices.add(device)
        await uow.audit.add(
            AuditEvent(
                at=now,
                kind=AuditKind.DEVICE_REMEMBERED,
                user_id=user_id,
                actor=actor,
                detail={"expires_at": device.expires_at.isoformat()},
            )
        )
        return IssuedDevice(token, device.expires_at)

    async def recognise(self, uow: UnitOfWork, user_id: int, token: str, now: datetime) -> bool:
        """Whether `token` is a live remembered device of this user; marks it used (expiry unchanged)."""
        device = await uow.devices.get_by_hash(self._hash(token)) if token else None
        if device is None or device.user_id != user_id or now >= device.expires_at:
            return False
        await uow.devices.save(replace(device, last_used_at=now))
        return True

    async def forget_all(self, uow: UnitOfWork, user: User, now: datetime, actor: str, why: str) -> int:
        forgotten = await uow.devices.delete_for_user(user.key)
        if forgotten:
            await uow.audit.add(
                AuditEvent(
                    at=now,
                    kind=AuditKind.DEVICES_FORGOTTEN,
                    user_id=user.key,
                    actor=actor,
                    detail={"count": forgotten, "why": why},
                )
            )
        return forgotten
