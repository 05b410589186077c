"""SQL repositories for one-time codes: conversations, challenges, the send log, lockouts, link tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import update as sql_update
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.challenge import Challenge, ChallengeStatus, Purpose
from domain.core.conversation_state import Conversation, Step
from domain.core.destinations import MASK_PATTERNS
from domain.core.model import Channel, LinkToken, Lockout
from domain.core.sources import CodeSend, SendKind
from storage.repos_base import from_json, insert_new, on_postgres, to_json, update, upsert
from storage.tables import (
    ChallengeRow,
    CodeSendRow,
    ConversationRow,
    LinkTokenRow,
    LockoutRow,
    SourceLockoutRow,
)


class SqlConversationRepository:
    """Each chat's conversation state; reading it serialises the steps of one chat across processes."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._locked: dict[str, object] = {}  # chat id -> the transaction that holds its lock

    async def _lock(self, chat_id: str) -> None:
        # Held until the transaction ends. SQLite needs nothing: BEGIN IMMEDIATE locks the whole file.
        if not on_postgres(self._session):
            return
        transaction = self._session.sync_session.get_transaction()
        if transaction is not None and self._locked.get(chat_id) is transaction:
            return  # taken already in this transaction (typically by `get`, before `save`)
        await self._session.exec(select(func.pg_advisory_xact_lock(func.hashtextextended(chat_id, 0))))
        self._locked[chat_id] = self._session.sync_session.get_transaction()

    async def get(self, chat_id: str) -> Conversation | None:
        """The chat's state, after waiting for any other transaction working on the same chat."""
        await self._lock(chat_id)
        row = await self._session.get(ConversationRow, chat_id, populate_existing=True)
        if row is None:
            return None
        return Conversation(
            chat_id=row.chat_id,
            step=Step(row.step),
            challenge_id=row.challenge_id,
            data={str(k): str(v) for k, v in from_json(row.data).items()},
            updated_at=row.updated_at,
            language=row.language,
        )

    async def save(self, conversation: Conversation) -> None:
        await self._lock(conversation.chat_id)
        values = {
            "chat_id": conversation.chat_id,
            "step": conversation.step.value,
            "challenge_id": conversation.challenge_id,
            "data": to_json(conversation.data),
            "updated_at": conversation.updated_at,
            "language": conversation.language,
        }
        await upsert(self._session, ConversationRow, "chat_id", values)


def _challenge(row: ChallengeRow) -> Challenge:
    return Challenge(
        id=row.id,
        user_id=row.user_id,
        purpose=Purpose(row.purpose),
        channel=Channel(row.channel),
        destination=row.destination,
        created_at=row.created_at,
        expires_at=row.expires_at,
        last_sent_at=row.last_sent_at,
        sends=row.sends,
        attempts=row.attempts,
        status=ChallengeStatus(row.status),
        chat_id=row.chat_id,
        source=row.source,
        delivery_due_at=row.delivery_due_at,
    )


def _challenge_values(challenge: Challenge) -> dict[str, Any]:
    return {
        "id": challenge.id,
        "user_id": challenge.user_id,
        "purpose": challenge.purpose.value,
        "channel": challenge.channel.value,
        "destination": challenge.destination,
        "created_at": challenge.created_at,
        "expires_at": challenge.expires_at,
        "last_sent_at": challenge.last_sent_at,
        "sends": challenge.sends,
        "attempts": challenge.attempts,
        "status": challenge.status.value,
        "chat_id": challenge.chat_id,
        "source": challenge.source,
        "delivery_due_at": challenge.delivery_due_at,
    }


# Built once, run with a parameter: it follows every code the gateways take (a hot path).
_DELIVERED = (
    sql_update(ChallengeRow)
    .where(col(ChallengeRow.id) == bindparam("challenge_id"))
    .values(delivery_due_at=None)
    .execution_options(synchronize_session=False)
)


class SqlChallengeRepository:
    """Challenges; reading one on PostgreSQL locks its row, so parallel guesses are counted one by one."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, challenge: Challenge) -> None:
        values = _challenge_values(challenge)
        await insert_new(
            self._session, ChallengeRow, "id", values, f"challenge {challenge.id!r} exists already"
        )

    async def get(self, challenge_id: str) -> Challenge | None:
        row = await self._session.get(
            ChallengeRow, challenge_id, populate_existing=True, with_for_update=True
        )
        return None if row is None else _challenge(row)

    async def save(self, challenge: Challenge) -> None:
        """Overwrite a stored challenge; an unknown id raises `NotFound`."""
        values = _challenge_values(challenge)
        await update(self._session, ChallengeRow, "id", values, f"challenge {challenge.id!r} does not exist")

    async def delivered(self, challenge_id: str) -> None:
        """One UPDATE of one column: a verify that raced the gateway's answer is never overwritten."""
        await self._session.exec(_DELIVERED, params={"challenge_id": challenge_id})

    async def due_for_delivery(self, now: datetime, limit: int) -> list[Challenge]:
        """Pending, unexpired challenges whose send was due by `now` and never answered, oldest due first;
        SKIP LOCKED on PostgreSQL, so two workers never send one twice."""
        query = (
            select(ChallengeRow)
            .where(
                ChallengeRow.status == ChallengeStatus.PENDING.value,
                col(ChallengeRow.delivery_due_at) <= now,
                col(ChallengeRow.expires_at) > now,
            )
            .order_by(col(ChallengeRow.delivery_due_at))
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return [_challenge(row) for row in await self._session.exec(query)]

    async def scrub_expired(self, before: datetime, limit: int) -> int:
        """Mask the destination of pending challenges that expired before `before` (`Challenge.scrubbed`).

        Only the destination of a row still pending is written, and on PostgreSQL rows another transaction
        holds (a code being typed) are skipped, so a concurrent verify or cancel is never overwritten.
        """
        query = (
            select(ChallengeRow)
            .where(
                ChallengeRow.status == ChallengeStatus.PENDING.value,
                col(ChallengeRow.expires_at) < before,
                *(col(ChallengeRow.destination).not_like(pattern) for pattern in MASK_PATTERNS),
            )
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        scrubbed = 0
        for row in await self._session.exec(query):
            challenge = _challenge(row)
            if challenge.destination_in_clear:
                row.destination = challenge.scrubbed().destination
                scrubbed += 1
        await self._session.flush()
        return scrubbed


class SqlSendLog:
    """When codes went out, per user and per destination key (an HMAC, never the destination)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(
        self, user_id: int, destination_key: str, at: datetime, kind: str = "owner", source: str = ""
    ) -> None:
        self._session.add(
            CodeSendRow(
                user_id=user_id, destination_key=destination_key, sent_at=at, kind=kind, source=source
            )
        )

    async def user_sends(self, user_id: int, since: datetime) -> list[CodeSend]:
        """The user's sends at or after `since`, whoever asked, earliest first."""
        query = (
            select(CodeSendRow.sent_at, CodeSendRow.kind, CodeSendRow.source)
            .where(CodeSendRow.user_id == user_id, col(CodeSendRow.sent_at) >= since)
            .order_by(col(CodeSendRow.sent_at))
        )
        return [CodeSend(at, SendKind(kind), source) for at, kind, source in await self._session.exec(query)]

    async def source_sends_since(self, source: str, since: datetime) -> list[datetime]:
        """Send times of codes `source` asked for, to any account, earliest first."""
        query = (
            select(CodeSendRow.sent_at)
            .where(CodeSendRow.source == source, col(CodeSendRow.sent_at) >= since)
            .order_by(col(CodeSendRow.sent_at))
        )
        return list(await self._session.exec(query))

    async def user_sends_since(self, user_id: int, since: datetime) -> list[datetime]:
        """Send times of the user at or after `since`, earliest first."""
        query = (
            select(CodeSendRow.sent_at)
            .where(CodeSendRow.user_id == user_id, col(CodeSendRow.sent_at) >= since)
            .order_by(col(CodeSendRow.sent_at))
        )
        return list(await self._session.exec(query))

    async def destination_sends_since(
        self, destination_key: str, since: datetime, source: str | None = None
    ) -> list[datetime]:
        """Send times to the destination at or after `since` (asked for by `source`, when given)."""
        query = select(CodeSendRow.sent_at).where(
            CodeSendRow.destination_key == destination_key, col(CodeSendRow.sent_at) >= since
        )
        if source is not None:
            query = query.where(CodeSendRow.source == source)
        return list(await self._session.exec(query.order_by(col(CodeSendRow.sent_at))))


class SqlLockoutRepository:
    """Consecutive failures per user (and per stranger source, in `source_lockouts`); reading locks the row
    on PostgreSQL so no failure is lost."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int, source: str = "") -> Lockout:
        if source:
            key = _lock_key(user_id, source)
            found = await self._session.get(
                SourceLockoutRow, key, populate_existing=True, with_for_update=True
            )
            if found is None:
                return Lockout(user_id, source=source)
            return Lockout(user_id, found.consecutive_failures, found.locked_until, source)
        row = await self._session.get(LockoutRow, user_id, populate_existing=True, with_for_update=True)
        if row is None:
            return Lockout(user_id)
        return Lockout(row.user_id, row.consecutive_failures, row.locked_until)

    async def save(self, lockout: Lockout) -> None:
        values: dict[str, Any] = {
            "user_id": lockout.user_id,
            "consecutive_failures": lockout.consecutive_failures,
            "locked_until": lockout.locked_until,
        }
        if lockout.source:
            values |= {"lock_key": _lock_key(lockout.user_id, lockout.source), "source": lockout.source}
            await upsert(self._session, SourceLockoutRow, "lock_key", values)
            return
        await upsert(self._session, LockoutRow, "user_id", values)


def _lock_key(user_id: int, source: str) -> str:
    return f"{user_id}|{source}"


def _token(row: LinkTokenRow) -> LinkToken:
    return LinkToken(row.token_hash, row.user_id, row.created_at, row.expires_at, row.used_at)


def _token_values(token: LinkToken) -> dict[str, Any]:
    return {
        "token_hash": token.token_hash,
        "user_id": token.user_id,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "used_at": token.used_at,
    }


class SqlLinkTokenRepository:
    """One-time deep-link tokens by their HMAC; reading one locks it on PostgreSQL so it is used once."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, token: LinkToken) -> None:
        await insert_new(
            self._session, LinkTokenRow, "token_hash", _token_values(token), "this link token exists already"
        )

    async def get(self, token_hash: str) -> LinkToken | None:
        row = await self._session.get(LinkTokenRow, token_hash, populate_existing=True, with_for_update=True)
        return None if row is None else _token(row)

    async def save(self, token: LinkToken) -> None:
        """Overwrite a stored token (typically to set `used_at`); an unknown one raises `NotFound`."""
        await update(
            self._session, LinkTokenRow, "token_hash", _token_values(token), "link token does not exist"
        )
