"""In-memory devices, login attempts and chat outbox, with the errors, order and limits of the SQL ones."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import TypeVar, cast

from domain.core.errors import Duplicate, NotFound
from domain.core.model import ChatMessage, ChatMessageStatus, Device, LoginAttempt, LoginOutcome
from storage.tables_logins import IP_MAX_CHARS, USER_AGENT_MAX_CHARS
from tests.support.fake_tables import Transaction, stored, utc

Record = TypeVar("Record", Device, LoginAttempt)


class _Repository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def _require_user(self, user_id: int) -> None:
        # The SQL tables reference users, so a record of an unknown user is refused there too.
        if self._tx.get("users", user_id) is None:
            raise NotFound(f"user {user_id} does not exist")


class FakeDeviceRepository(_Repository):
    """In-memory `DeviceRepository`: ids from 1 (never reused), unique token hashes."""

    async def add(self, device: Device) -> Device:
        self._require_user(device.user_id)
        if await self.get_by_hash(device.token_hash) is not None:
            raise Duplicate("a device with this token exists already")
        added = _clipped(replace(device, id=self._tx.database.next_id("devices")))
        self._tx.put("devices", added.id, added)
        return cast(Device, stored(added))

    async def get_by_hash(self, token_hash: str) -> Device | None:
        return next((d for _, d in self._tx.rows("devices") if d.token_hash == token_hash), None)

    async def for_user(self, user_id: int) -> list[Device]:
        devices = [device for _, device in self._tx.rows("devices") if device.user_id == user_id]
        return sorted(devices, key=lambda device: (device.created_at, device.id))

    async def save(self, device: Device) -> None:
        if device.id is None or self._tx.get("devices", device.id) is None:
            raise NotFound(f"device {device.id} does not exist")
        self._tx.put("devices", device.id, _clipped(device))

    async def delete(self, device_id: int) -> None:
        self._tx.delete("devices", device_id)

    async def delete_for_user(self, user_id: int) -> int:
        devices = await self.for_user(user_id)
        for device in devices:
            self._tx.delete("devices", device.id)
        return len(devices)


class FakeLoginRepository(_Repository):
    """In-memory `LoginRepository`, keyed by the public login id."""

    async def add(self, attempt: LoginAttempt) -> None:
        self._require_user(attempt.user_id)
        if self._tx.get("login_attempts", attempt.id) is not None:
            raise Duplicate(f"login {attempt.id!r} exists already")
        self._tx.put("login_attempts", attempt.id, _clipped(attempt))

    async def get(self, login_id: str) -> LoginAttempt | None:
        return cast(LoginAttempt | None, self._tx.get("login_attempts", login_id))

    async def save(self, attempt: LoginAttempt) -> None:
        if self._tx.get("login_attempts", attempt.id) is None:
            raise NotFound(f"login {attempt.id!r} does not exist")
        self._tx.put("login_attempts", attempt.id, _clipped(attempt))

    async def _of(self, user_id: int) -> list[LoginAttempt]:
        attempts = [a for _, a in self._tx.rows("login_attempts") if a.user_id == user_id]
        return sorted(attempts, key=lambda attempt: (attempt.created_at, attempt.id))

    async def recent(self, user_id: int, since: datetime) -> list[LoginAttempt]:
        since = utc(since)
        return [attempt for attempt in await self._of(user_id) if attempt.created_at >= since]

    async def last(self, user_id: int, outcome: LoginOutcome | None = None) -> LoginAttempt | None:
        matching = [a for a in await self._of(user_id) if outcome is None or a.outcome is outcome]
        return matching[-1] if matching else None


class FakeChatOutbox(_Repository):
    """In-memory `ChatOutbox`: ids from 1, due messages in id order (no locks: one process only)."""

    async def add(self, message: ChatMessage) -> None:
        number = self._tx.database.next_id("chat_outbox")
        self._tx.put("chat_outbox", number, _as_json(replace(message, id=number)))

    async def ref_of(self, chat_id: str, key: str) -> str | None:
        named = [m for _, m in self._tx.rows("chat_outbox") if m.chat_id == chat_id and m.key == key]
        return named[-1].ref if named else None

    async def due(self, chat_prefix: str, limit: int, now: datetime | None = None) -> list[ChatMessage]:
        return [
            message
            for _, message in self._tx.rows("chat_outbox")
            if message.status is ChatMessageStatus.PENDING
            and message.chat_id.startswith(chat_prefix)
            and (now is None or message.next_attempt_at is None or message.next_attempt_at <= utc(now))
        ][:limit]

    async def save(self, message: ChatMessage) -> None:
        if message.id is None or self._tx.get("chat_outbox", message.id) is None:
            raise NotFound(f"chat message {message.id} does not exist")
        self._tx.put("chat_outbox", message.id, _as_json(message))


def _clipped(record: Record) -> Record:
    """The record as its columns keep it: user agent and IP cut to their limits."""
    return replace(record, user_agent=record.user_agent[:USER_AGENT_MAX_CHARS], ip=record.ip[:IP_MAX_CHARS])


def _as_json(message: ChatMessage) -> ChatMessage:
    """The message with its buttons as JSON text gives them back (what JSON cannot hold fails here too)."""
    rows = json.loads(json.dumps(message.buttons))
    buttons = tuple(tuple((str(label), str(data)) for label, data in row) for row in rows)
    return replace(message, buttons=buttons)
