"""SQL repositories for the login page and chat-initiated messages: devices, login attempts, chat outbox.

User agents and IPs are cut to the column limits on the way in, so what is read back is what was kept.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import col, delete, func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.errors import NotFound
from domain.core.model import ChatMessage, ChatMessageStatus, Device, LoginAttempt, LoginOutcome
from storage.columns import as_utc
from storage.repos_base import insert, insert_new, update
from storage.tables import ChatMessageRow, DeviceRow, LoginAttemptRow, UserRow
from storage.tables_logins import IP_MAX_CHARS, USER_AGENT_MAX_CHARS

Buttons = tuple[tuple[tuple[str, str], ...], ...]


async def _require_user(session: AsyncSession, user_id: int) -> None:
    # Checked first so an unknown user reads as NotFound, not as the Duplicate `insert` reports.
    if await session.get(UserRow, user_id) is None:
        raise NotFound(f"user {user_id} does not exist")


def _device(row: DeviceRow) -> Device:
    # A row just inserted still holds the caller's datetimes, in whatever zone they came: normalise.
    return Device(
        id=row.id,
        user_id=row.user_id,
        token_hash=row.token_hash,
        created_at=as_utc(row.created_at),
        expires_at=as_utc(row.expires_at),
        user_agent=row.user_agent,
        ip=row.ip,
        last_used_at=None if row.last_used_at is None else as_utc(row.last_used_at),
    )


def _device_values(device: Device) -> dict[str, Any]:
    return {
        "user_id": device.user_id,
        "token_hash": device.token_hash,
        "created_at": device.created_at,
        "expires_at": device.expires_at,
        "user_agent": device.user_agent[:USER_AGENT_MAX_CHARS],
        "ip": device.ip[:IP_MAX_CHARS],
        "last_used_at": device.last_used_at,
    }


class SqlDeviceRepository:
    """Remembered devices by the HMAC of their token; the database numbers them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, device: Device) -> Device:
        """Insert the device (its `id` is ignored) and return it as stored; a taken hash is `Duplicate`."""
        await _require_user(self._session, device.user_id)
        row = DeviceRow(**_device_values(device))
        await insert(self._session, row, "a device with this token exists already")
        return _device(row)

    async def get_by_hash(self, token_hash: str) -> Device | None:
        query = (
            select(DeviceRow)
            .where(DeviceRow.token_hash == token_hash)
            .execution_options(populate_existing=True)
        )
        row = (await self._session.exec(query)).first()
        return None if row is None else _device(row)

    async def for_user(self, user_id: int) -> list[Device]:
        """The user's devices, oldest first (by created_at, then id)."""
        query = (
            select(DeviceRow)
            .where(DeviceRow.user_id == user_id)
            .order_by(col(DeviceRow.created_at), col(DeviceRow.id))
            .execution_options(populate_existing=True)
        )
        return [_device(row) for row in await self._session.exec(query)]

    async def save(self, device: Device) -> None:
        """Overwrite a stored device (typically `last_used_at`); an unknown id raises `NotFound`."""
        row = None if device.id is None else await self._session.get(DeviceRow, device.id)
        if row is None:
            raise NotFound(f"device {device.id} does not exist")
        row.sqlmodel_update(_device_values(device))

    async def delete(self, device_id: int) -> None:
        """Forget the device; forgetting an unknown one does nothing."""
        await self._session.exec(delete(DeviceRow).where(col(DeviceRow.id) == device_id))

    async def delete_for_user(self, user_id: int) -> int:
        """Forget every device of the user; returns how many there were."""
        result = await self._session.exec(delete(DeviceRow).where(col(DeviceRow.user_id) == user_id))
        return result.rowcount


def _attempt(row: LoginAttemptRow) -> LoginAttempt:
    return LoginAttempt(
        id=row.id,
        user_id=row.user_id,
        created_at=row.created_at,
        outcome=LoginOutcome(row.outcome),
        browser_key=row.browser_key,
        user_agent=row.user_agent,
        ip=row.ip,
        challenge_id=row.challenge_id,
        verified_at=row.verified_at,
    )


def _attempt_values(attempt: LoginAttempt) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "user_id": attempt.user_id,
        "created_at": attempt.created_at,
        "outcome": attempt.outcome.value,
        "browser_key": attempt.browser_key,
        "user_agent": attempt.user_agent[:USER_AGENT_MAX_CHARS],
        "ip": attempt.ip[:IP_MAX_CHARS],
        "challenge_id": attempt.challenge_id,
        "verified_at": attempt.verified_at,
    }


class SqlLoginRepository:
    """Login attempts; reading one on PostgreSQL locks its row, so two verifications of it take turns."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, attempt: LoginAttempt) -> None:
        await _require_user(self._session, attempt.user_id)
        values = _attempt_values(attempt)
        await insert_new(self._session, LoginAttemptRow, "id", values, f"login {attempt.id!r} exists already")

    async def get(self, login_id: str) -> LoginAttempt | None:
        row = await self._session.get(LoginAttemptRow, login_id, populate_existing=True, with_for_update=True)
        return None if row is None else _attempt(row)

    async def save(self, attempt: LoginAttempt) -> None:
        """Overwrite a stored attempt; an unknown id raises `NotFound`."""
        values = _attempt_values(attempt)
        await update(self._session, LoginAttemptRow, "id", values, f"login {attempt.id!r} does not exist")

    async def recent(self, user_id: int, since: datetime) -> list[LoginAttempt]:
        """The user's attempts created at or after `since`, oldest first (by created_at, then id)."""
        query = (
            select(LoginAttemptRow)
            .where(LoginAttemptRow.user_id == user_id, col(LoginAttemptRow.created_at) >= since)
            .order_by(col(LoginAttemptRow.created_at), col(LoginAttemptRow.id))
            .execution_options(populate_existing=True)
        )
        return [_attempt(row) for row in await self._session.exec(query)]

    async def last(self, user_id: int, outcome: LoginOutcome | None = None) -> LoginAttempt | None:
        """The user's newest attempt (with that outcome, if given), by created_at then id."""
        query = select(LoginAttemptRow).where(LoginAttemptRow.user_id == user_id)
        if outcome is not None:
            query = query.where(LoginAttemptRow.outcome == outcome.value)
        newest = col(LoginAttemptRow.created_at).desc(), col(LoginAttemptRow.id).desc()
        query = query.order_by(*newest).limit(1).execution_options(populate_existing=True)
        row = (await self._session.exec(query)).first()
        return None if row is None else _attempt(row)


def _buttons_to_json(buttons: Buttons) -> str:
    return json.dumps([[[label, data] for label, data in row] for row in buttons], ensure_ascii=False)


def _buttons_from_json(text: str) -> Buttons:
    # JSON hands back lists; the frozen `ChatMessage` compares equal only with tuples.
    return tuple(tuple((str(label), str(data)) for label, data in row) for row in json.loads(text))


def _message(row: ChatMessageRow) -> ChatMessage:
    return ChatMessage(
        id=row.id,
        chat_id=row.chat_id,
        text=row.text,
        buttons=_buttons_from_json(row.buttons),
        created_at=row.created_at,
        status=ChatMessageStatus(row.status),
        attempts=row.attempts,
        sent_at=row.sent_at,
        next_attempt_at=row.next_attempt_at,
        key=row.key,
        edits=row.edits,
        ref=row.ref,
    )


def _message_values(message: ChatMessage) -> dict[str, Any]:
    return {
        "chat_id": message.chat_id,
        "text": message.text,
        "buttons": _buttons_to_json(message.buttons),
        "created_at": message.created_at,
        "status": message.status.value,
        "attempts": message.attempts,
        "sent_at": message.sent_at,
        "next_attempt_at": message.next_attempt_at,
        "key": message.key,
        "edits": message.edits,
        "ref": message.ref,
    }


class SqlChatOutbox:
    """Messages the assistant starts in a chat, written in the deciding transaction, sent by a worker."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, message: ChatMessage) -> None:
        """Queue the message (its `id` is ignored: the database numbers messages)."""
        self._session.add(ChatMessageRow(**_message_values(message)))

    async def ref_of(self, chat_id: str, key: str) -> str | None:
        query = (
            select(ChatMessageRow.ref)
            .where(col(ChatMessageRow.chat_id) == chat_id, col(ChatMessageRow.key) == key)
            .order_by(col(ChatMessageRow.id).desc())
            .limit(1)
        )
        return (await self._session.exec(query)).first()

    async def due(self, chat_prefix: str, limit: int, now: datetime | None = None) -> list[ChatMessage]:
        """Pending messages of chats whose id starts with `chat_prefix`, oldest first (with `now`, only
        those not claimed past it); on PostgreSQL, rows other workers hold are skipped and the returned
        ones stay locked until commit."""
        # substr rather than LIKE: SQLite's LIKE ignores case, and the prefix needs no escaping.
        starts = func.substr(col(ChatMessageRow.chat_id), 1, len(chat_prefix)) == chat_prefix
        conditions: list[ColumnElement[bool]] = [
            col(ChatMessageRow.status) == ChatMessageStatus.PENDING.value,
            starts,
        ]
        if now is not None:
            later = col(ChatMessageRow.next_attempt_at)
            conditions.append(or_(later.is_(None), later <= now))
        query = (
            select(ChatMessageRow)
            .where(*conditions)
            .order_by(col(ChatMessageRow.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return [_message(row) for row in await self._session.exec(query)]

    async def save(self, message: ChatMessage) -> None:
        """Overwrite a stored message (after an attempt); an unknown id raises `NotFound`."""
        row = None if message.id is None else await self._session.get(ChatMessageRow, message.id)
        if row is None:
            raise NotFound(f"chat message {message.id} does not exist")
        row.sqlmodel_update(_message_values(message))
