"""In-memory repositories, one per Protocol of `domain.ports`, with the errors and order of the SQL ones."""

from __future__ import annotations

import builtins
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import cast

from domain.core.challenge import Challenge, ChallengeStatus
from domain.core.conversation_state import Conversation
from domain.core.errors import Duplicate, NotFound
from domain.core.model import (
    AuditEvent,
    AuditKind,
    ChatLink,
    Contract,
    LinkToken,
    Lockout,
    TwoFactorSetting,
    User,
)
from domain.core.repositories import OutboxItem, OutboxStatus
from domain.core.sources import CodeSend, SendKind
from tests.support.fake_tables import Transaction, utc


class _Repository:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx


class FakeContractRepository(_Repository):
    """In-memory `ContractRepository`: ids from 1, unique names."""

    async def add(self, contract: Contract) -> Contract:
        if await self.get_by_name(contract.name) is not None:
            raise Duplicate(f"a contract named {contract.name!r} exists already")
        added = replace(contract, id=self._tx.database.next_id("contracts"))
        self._tx.put("contracts", added.id, added)
        return added

    async def get(self, contract_id: int) -> Contract | None:
        return cast(Contract | None, self._tx.get("contracts", contract_id))

    async def get_by_name(self, name: str) -> Contract | None:
        return next((c for c in await self.list() if c.name == name), None)

    async def list(self) -> builtins.list[Contract]:
        return [contract for _, contract in self._tx.rows("contracts")]


class FakeUserRepository(_Repository):
    """In-memory `UserRepository`: ids from 1, unique emails, found whatever their case."""

    async def add(self, user: User) -> User:
        if self._tx.get("contracts", user.contract_id) is None:
            raise NotFound(f"contract {user.contract_id} does not exist")
        if any(u.email == user.email for u in await self.list()):  # unique as stored, like the SQL index
            raise Duplicate(f"a user with email {user.email!r} exists already")
        added = replace(user, id=self._tx.database.next_id("users"))
        self._tx.put("users", added.id, added)
        return added

    async def get(self, user_id: int) -> User | None:
        return cast(User | None, self._tx.get("users", user_id))

    async def get_by_email(self, email: str) -> User | None:
        return next((u for u in await self.list() if u.email.lower() == email.lower()), None)

    async def list(self, contract_id: int | None = None) -> builtins.list[User]:
        users = [user for _, user in self._tx.rows("users")]
        return [u for u in users if contract_id is None or u.contract_id == contract_id]

    async def set_language(self, user_id: int, language: str) -> None:
        user = await self.get(user_id)
        if user is not None:
            self._tx.put("users", user_id, replace(user, language=language))


class FakeTwoFactorRepository(_Repository):
    """In-memory `TwoFactorRepository`: method NONE until saved."""

    async def get(self, user_id: int) -> TwoFactorSetting:
        return cast(TwoFactorSetting | None, self._tx.get("two_factor", user_id)) or TwoFactorSetting(user_id)

    async def save(self, setting: TwoFactorSetting) -> None:
        self._tx.put("two_factor", setting.user_id, setting)


class FakeChatLinkRepository(_Repository):
    """In-memory `ChatLinkRepository`: saving upserts."""

    async def get(self, chat_id: str) -> ChatLink | None:
        return cast(ChatLink | None, self._tx.get("chat_links", chat_id))

    async def for_user(self, user_id: int) -> list[ChatLink]:
        links = [link for _, link in self._tx.rows("chat_links") if link.user_id == user_id]
        return sorted(links, key=lambda link: (link.linked_at, link.chat_id))

    async def save(self, link: ChatLink) -> None:
        self._tx.put("chat_links", link.chat_id, link)

    async def delete(self, chat_id: str) -> None:
        self._tx.delete("chat_links", chat_id)


class FakeConversationRepository(_Repository):
    """In-memory `ConversationRepository`: reading or saving a chat locks it until commit or rollback."""

    async def get(self, chat_id: str) -> Conversation | None:
        await self._tx.lock_chat(chat_id)
        return cast(Conversation | None, self._tx.get("conversations", chat_id))

    async def save(self, conversation: Conversation) -> None:
        await self._tx.lock_chat(conversation.chat_id)
        data = json.loads(json.dumps(conversation.data))  # what JSON text cannot hold fails here too
        self._tx.put("conversations", conversation.chat_id, replace(conversation, data=data))


class FakeChallengeRepository(_Repository):
    """In-memory `ChallengeRepository`."""

    async def add(self, challenge: Challenge) -> None:
        if self._tx.get("challenges", challenge.id) is not None:
            raise Duplicate(f"challenge {challenge.id!r} exists already")
        self._tx.put("challenges", challenge.id, challenge)

    async def get(self, challenge_id: str) -> Challenge | None:
        return cast(Challenge | None, self._tx.get("challenges", challenge_id))

    async def save(self, challenge: Challenge) -> None:
        if self._tx.get("challenges", challenge.id) is None:
            raise NotFound(f"challenge {challenge.id!r} does not exist")
        self._tx.put("challenges", challenge.id, challenge)

    async def scrub_expired(self, before: datetime, limit: int) -> int:
        found = [
            challenge
            for _, challenge in self._tx.rows("challenges")
            if challenge.status is ChallengeStatus.PENDING
            and challenge.expires_at < before
            and challenge.destination_in_clear
        ][:limit]
        for challenge in found:
            self._tx.put("challenges", challenge.id, challenge.scrubbed())
        return len(found)

    async def delivered(self, challenge_id: str) -> None:
        challenge = cast(Challenge | None, self._tx.get("challenges", challenge_id))
        if challenge is not None:
            self._tx.put("challenges", challenge_id, replace(challenge, delivery_due_at=None))

    async def due_for_delivery(self, now: datetime, limit: int) -> list[Challenge]:
        now = utc(now)
        due = [
            challenge
            for _, challenge in self._tx.rows("challenges")
            if challenge.status is ChallengeStatus.PENDING
            and challenge.delivery_due_at is not None
            and utc(challenge.delivery_due_at) <= now < utc(challenge.expires_at)
        ]
        return sorted(due, key=lambda challenge: utc(challenge.delivery_due_at or now))[:limit]


class FakeSendLog(_Repository):
    """In-memory `SendLog`: rows of (user id, destination key, time, kind, source)."""

    async def record(
        self, user_id: int, destination_key: str, at: datetime, kind: str = "owner", source: str = ""
    ) -> None:
        row = (user_id, destination_key, utc(at), kind, source)
        self._tx.put("code_sends", self._tx.database.next_id("code_sends"), row)

    def _rows(self, since: datetime) -> list[tuple[int, str, datetime, str, str]]:
        since = utc(since)
        rows = [cast(tuple[int, str, datetime, str, str], send) for _, send in self._tx.rows("code_sends")]
        return sorted((row for row in rows if row[2] >= since), key=lambda row: row[2])

    async def user_sends_since(self, user_id: int, since: datetime) -> list[datetime]:
        return [row[2] for row in self._rows(since) if row[0] == user_id]

    async def user_sends(self, user_id: int, since: datetime) -> list[CodeSend]:
        return [
            CodeSend(at, SendKind(kind), source)
            for uid, _, at, kind, source in self._rows(since)
            if uid == user_id
        ]

    async def destination_sends_since(
        self, destination_key: str, since: datetime, source: str | None = None
    ) -> list[datetime]:
        return [
            row[2]
            for row in self._rows(since)
            if row[1] == destination_key and (source is None or row[4] == source)
        ]

    async def source_sends_since(self, source: str, since: datetime) -> list[datetime]:
        return [row[2] for row in self._rows(since) if row[4] == source]


class FakeLockoutRepository(_Repository):
    """In-memory `LockoutRepository`: no failures until saved."""

    async def get(self, user_id: int, source: str = "") -> Lockout:
        found = cast(Lockout | None, self._tx.get("lockouts", (user_id, source)))
        return found or Lockout(user_id, source=source)

    async def save(self, lockout: Lockout) -> None:
        self._tx.put("lockouts", (lockout.user_id, lockout.source), lockout)


class FakeLinkTokenRepository(_Repository):
    """In-memory `LinkTokenRepository`."""

    async def add(self, token: LinkToken) -> None:
        if self._tx.get("link_tokens", token.token_hash) is not None:
            raise Duplicate("this link token exists already")
        self._tx.put("link_tokens", token.token_hash, token)

    async def get(self, token_hash: str) -> LinkToken | None:
        return cast(LinkToken | None, self._tx.get("link_tokens", token_hash))

    async def save(self, token: LinkToken) -> None:
        if self._tx.get("link_tokens", token.token_hash) is None:
            raise NotFound("link token does not exist")
        self._tx.put("link_tokens", token.token_hash, token)


class FakeAuditLog(_Repository):
    """In-memory `AuditLog`: ids from 1, listed by time then id."""

    async def add(self, event: AuditEvent) -> None:
        number = self._tx.database.next_id("audit_events")
        detail = json.loads(json.dumps(event.detail))  # stored as JSON text in SQL
        self._tx.put("audit_events", number, replace(event, id=number, detail=detail))

    async def list(
        self, user_id: int | None = None, kind: AuditKind | None = None, since: datetime | None = None
    ) -> builtins.list[AuditEvent]:
        since = None if since is None else utc(since)
        events: builtins.list[AuditEvent] = [
            event
            for _, event in self._tx.rows("audit_events")
            if (user_id is None or event.user_id == user_id)
            and (kind is None or event.kind is kind)
            and (since is None or event.at >= since)
        ]
        return sorted(events, key=lambda event: (event.at, event.id))


class FakeOutbox(_Repository):
    """In-memory `Outbox`: ids from 1, due items by next attempt then id."""

    async def add(self, item: OutboxItem) -> None:
        number = self._tx.database.next_id("outbox")
        self._tx.put("outbox", number, replace(item, id=number))

    async def due(self, now: datetime, limit: int) -> list[OutboxItem]:
        now = utc(now)
        items: list[OutboxItem] = [
            item
            for _, item in self._tx.rows("outbox")
            if item.status is OutboxStatus.PENDING and item.next_attempt_at <= now
        ]
        return sorted(items, key=lambda item: (item.next_attempt_at, item.id))[:limit]

    async def save(self, item: OutboxItem) -> None:
        if item.id is None or self._tx.get("outbox", item.id) is None:
            raise NotFound(f"outbox item {item.id} does not exist")
        self._tx.put("outbox", item.id, item)

    async def counts(self) -> dict[OutboxStatus, int]:
        counts = dict.fromkeys(OutboxStatus, 0)
        for _, item in self._tx.rows("outbox"):
            counts[item.status] += 1
        return counts

    async def retry_failed(self, now: datetime, ids: Sequence[int] | None = None) -> builtins.list[int]:
        failed = [item for _, item in self._tx.rows("outbox") if item.status is OutboxStatus.FAILED]
        chosen = sorted(
            (item for item in failed if item.id is not None and (ids is None or item.id in ids)),
            key=lambda item: item.id or 0,
        )
        for item in chosen:
            back = replace(item, status=OutboxStatus.PENDING, attempts=0, next_attempt_at=utc(now))
            self._tx.put("outbox", item.id, back)
        return [item.id for item in chosen if item.id is not None]
