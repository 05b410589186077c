"""The repositories the domain reads and writes through, one per kind of record, and the records
of the outboxes. Repositories never commit: the unit of work (`ports.UnitOfWork`) does, once per use case.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.core.api_keys import ApiKey
from domain.core.approval_state import ApprovalStatus, LoginApproval
from domain.core.challenge import Challenge
from domain.core.conversation_state import Conversation
from domain.core.manager_action_state import ManagerAction
from domain.core.model import (
    AppSecret,
    AuditEvent,
    AuditKind,
    ChatLink,
    ChatMessage,
    Contract,
    Device,
    DisableRequest,
    LinkToken,
    Lockout,
    LoginAttempt,
    LoginOutcome,
    OutgoingEmail,
    RequestStatus,
    SupportTicket,
    TwoFactorSetting,
    User,
)
from domain.core.recovery_state import StoredRecoveryCode
from domain.core.replies import Reply
from domain.core.sources import CodeSend


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last retry


@dataclass(frozen=True)
class OutboxItem:
    """A notice waiting in the durable outbox (written in the transaction of the change it reports)."""

    id: int | None
    email: OutgoingEmail
    created_at: datetime
    next_attempt_at: datetime
    status: OutboxStatus = OutboxStatus.PENDING
    attempts: int = 0
    sent_at: datetime | None = None
    last_error: str | None = None


class ContractRepository(Protocol):
    async def add(self, contract: Contract) -> Contract: ...
    async def get(self, contract_id: int) -> Contract | None: ...
    async def get_by_name(self, name: str) -> Contract | None: ...
    async def list(self) -> list[Contract]: ...


class UserRepository(Protocol):
    async def add(self, user: User) -> User: ...
    async def get(self, user_id: int) -> User | None: ...
    async def get_by_email(self, email: str) -> User | None: ...
    async def list(self, contract_id: int | None = None) -> list[User]: ...
    async def set_language(self, user_id: int, language: str) -> None: ...


class TwoFactorRepository(Protocol):
    async def get(self, user_id: int) -> TwoFactorSetting:
        """The user's setting; method NONE when nothing was ever saved."""
        ...

    async def save(self, setting: TwoFactorSetting) -> None: ...


class ChatLinkRepository(Protocol):
    async def get(self, chat_id: str) -> ChatLink | None: ...
    async def for_user(self, user_id: int) -> list[ChatLink]: ...
    async def save(self, link: ChatLink) -> None: ...
    async def delete(self, chat_id: str) -> None: ...


class ConversationRepository(Protocol):
    async def get(self, chat_id: str) -> Conversation | None: ...
    async def save(self, conversation: Conversation) -> None: ...


class ChallengeRepository(Protocol):
    async def add(self, challenge: Challenge) -> None: ...
    async def get(self, challenge_id: str) -> Challenge | None: ...
    async def save(self, challenge: Challenge) -> None: ...
    async def scrub_expired(self, before: datetime, limit: int) -> int:
        """Replace the destination of up to `limit` pending challenges that expired before `before`, and
        still hold it in clear, by `Challenge.scrubbed()`; returns how many (rows another transaction holds
        are left for the next call)."""
        ...

    async def delivered(self, challenge_id: str) -> None:
        """Its gateway took the code: nothing is due any more (only that column is written)."""
        ...

    async def due_for_delivery(self, now: datetime, limit: int) -> list[Challenge]:
        """Up to `limit` pending, unexpired challenges whose send was due by `now` and never answered
        (its process died); locked until commit where the database can, so one worker takes each."""
        ...


class SendLog(Protocol):
    """When codes were delivered, per user and per destination key (an HMAC, not the destination), with
    who asked for each (`domain.sources`)."""

    async def record(
        self, user_id: int, destination_key: str, at: datetime, kind: str = "owner", source: str = ""
    ) -> None: ...
    async def user_sends_since(self, user_id: int, since: datetime) -> list[datetime]: ...
    async def user_sends(self, user_id: int, since: datetime) -> list[CodeSend]:
        """The user's sends at or after `since`, whoever asked, earliest first."""
        ...

    async def destination_sends_since(
        self, destination_key: str, since: datetime, source: str | None = None
    ) -> list[datetime]:
        """Send times to the destination (asked for by `source`, when given), earliest first."""
        ...

    async def source_sends_since(self, source: str, since: datetime) -> list[datetime]:
        """Send times of codes `source` asked for, to any account, earliest first."""
        ...


class LockoutRepository(Protocol):
    async def get(self, user_id: int, source: str = "") -> Lockout: ...
    async def save(self, lockout: Lockout) -> None: ...


class LinkTokenRepository(Protocol):
    async def add(self, token: LinkToken) -> None: ...
    async def get(self, token_hash: str) -> LinkToken | None: ...
    async def save(self, token: LinkToken) -> None: ...


class AuditLog(Protocol):
    async def add(self, event: AuditEvent) -> None: ...
    async def list(
        self, user_id: int | None = None, kind: AuditKind | None = None, since: datetime | None = None
    ) -> list[AuditEvent]:
        """Events oldest first (by time, then id), filtered; `since` is inclusive."""
        ...


class DeviceRepository(Protocol):
    async def add(self, device: Device) -> Device:
        """Store a remembered device; returns it with its id."""
        ...

    async def get_by_hash(self, token_hash: str) -> Device | None: ...
    async def for_user(self, user_id: int) -> list[Device]:
        """The user's devices, oldest first (by created_at, then id)."""
        ...

    async def save(self, device: Device) -> None: ...
    async def delete(self, device_id: int) -> None: ...
    async def delete_for_user(self, user_id: int) -> int:
        """Forget every device of the user; returns how many there were."""
        ...


class LoginRepository(Protocol):
    async def add(self, attempt: LoginAttempt) -> None: ...
    async def get(self, login_id: str) -> LoginAttempt | None: ...
    async def save(self, attempt: LoginAttempt) -> None: ...
    async def recent(self, user_id: int, since: datetime) -> list[LoginAttempt]:
        """The user's login attempts created at or after `since`, oldest first."""
        ...

    async def last(self, user_id: int, outcome: LoginOutcome | None = None) -> LoginAttempt | None:
        """The user's newest attempt (with that outcome, if given)."""
        ...


class RequestRepository(Protocol):
    async def add(self, request: DisableRequest) -> DisableRequest:
        """Store a request; returns it with its id."""
        ...

    async def get(self, request_id: int) -> DisableRequest | None: ...
    async def save(self, request: DisableRequest) -> None: ...
    async def for_contract(
        self, contract_id: int, status: RequestStatus | None = None
    ) -> list[DisableRequest]:
        """The contract's requests (with that status, if given), oldest first."""
        ...


class TicketRepository(Protocol):
    async def add(self, ticket: SupportTicket) -> SupportTicket:
        """Store a ticket; returns it with its number (id)."""
        ...

    async def get(self, ticket_id: int) -> SupportTicket | None: ...
    async def for_chat_since(self, chat_id: str, since: datetime) -> list[SupportTicket]:
        """The chat's tickets opened at or after `since`, oldest first (for the per-chat limit)."""
        ...


class ChatOutbox(Protocol):
    """Messages the assistant starts in a chat, written in the transaction that decided to send them."""

    async def add(self, message: ChatMessage) -> None: ...
    async def ref_of(self, chat_id: str, key: str) -> str | None:
        """The front-end's reference (Telegram's message id) of the sent message named `key` in the chat,
        None while it is not sent (or never was)."""
        ...

    async def due(self, chat_prefix: str, limit: int, now: datetime | None = None) -> list[ChatMessage]:
        """Pending messages for chats whose id starts with `chat_prefix`, oldest first (with `now`, only
        those whose `next_attempt_at` is unset or not after it); locked until commit where the database
        can (several workers never claim one twice)."""
        ...

    async def save(self, message: ChatMessage) -> None: ...


@dataclass(frozen=True)
class KeptReplies:
    """A step's replies kept with its update id, and until when the worker that ran it is sending them."""

    replies: list[Reply]
    until: datetime


class ProcessedUpdates(Protocol):
    """Deliveries a chat front-end has acted on: Telegram delivers an update again when unsure we got it."""

    async def claim(self, update_id: int, now: datetime) -> bool:
        """Record `update_id` as processed by this transaction; False when it already was."""
        ...

    async def keep_replies(self, update_id: int, replies: Sequence[Reply], until: datetime) -> None:
        """Keep the step's replies with its claimed id until `replies_sent` (`until`: the sender's lease)."""
        ...

    async def kept_replies(self, update_id: int) -> KeptReplies | None:
        """What `keep_replies` kept, or None (never kept, or sent since)."""
        ...

    async def replies_sent(self, update_id: int) -> None:
        """Forget the kept replies: they reached the chat or its outbox."""
        ...

    async def prune(self, before: datetime) -> int:
        """Forget ids processed before `before` (Telegram gives up redelivering within a day)."""
        ...


class Outbox(Protocol):
    async def add(self, item: OutboxItem) -> None: ...
    async def due(self, now: datetime, limit: int) -> list[OutboxItem]:
        """Pending items whose next attempt is due, oldest first; safe for several workers at once."""
        ...

    async def save(self, item: OutboxItem) -> None: ...
    async def counts(self) -> dict[OutboxStatus, int]: ...
    async def retry_failed(self, now: datetime, ids: Sequence[int] | None = None) -> list[int]:
        """Failed items (those of `ids`, or every one) back to pending, due at `now` with no attempt
        counted; returns their ids, ascending. Ids of items that are not failed are left alone."""
        ...


class ApiKeyRepository(Protocol):
    """API keys, by name and by the SHA-256 of the key (the key itself is never stored)."""

    async def add(self, key: ApiKey) -> ApiKey:
        """Store a key; returns it with its id. A taken name or hash raises `Duplicate`."""
        ...

    async def get_by_name(self, name: str) -> ApiKey | None: ...
    async def get_by_hash(self, key_hash: str) -> ApiKey | None: ...
    async def list(self) -> list[ApiKey]:
        """Every key, revoked ones too, oldest first."""
        ...

    async def save(self, key: ApiKey) -> None: ...


class ManagerActionRepository(Protocol):
    """Manager actions asked for through the API, waiting for the manager's code."""

    async def add(self, action: ManagerAction) -> None: ...
    async def get(self, action_id: str) -> ManagerAction | None:
        """The action, locked until commit where the database can (two confirmations take turns)."""
        ...

    async def save(self, action: ManagerAction) -> None: ...


class AppSecretRepository(Protocol):
    """Authenticator-app secrets: at most one active and one being enrolled per user."""

    async def add(self, secret: AppSecret) -> AppSecret:
        """Store a new inactive secret in place of the user's earlier inactive one (returned with its id)."""
        ...

    async def get(self, user_id: int, *, active: bool) -> AppSecret | None: ...
    async def use_step(self, secret_id: int, step: int) -> bool:
        """Record `step` as used if it is later than every step used before; False when it is not (a
        replay). One conditional UPDATE: two workers can never both accept one step."""
        ...

    async def activate(self, user_id: int, secret_id: int) -> None:
        """Make `secret_id` the user's active secret, deleting every other secret of the user."""
        ...

    async def delete_for_user(self, user_id: int) -> int:
        """Forget every secret of the user (2FA turned off, or moved to another method); how many."""
        ...


class LoginApprovalRepository(Protocol):
    """Sign-ins waiting for a tap in the linked chat (`domain.signin.approvals`)."""

    async def add(self, approval: LoginApproval) -> None: ...
    async def get(self, login_id: str) -> LoginApproval | None: ...
    async def decide(self, approval: LoginApproval, before: ApprovalStatus) -> bool:
        """Save `approval` only if its stored status is still `before` (two workers, one tap); whether it
        was saved."""
        ...

    async def overdue(self, now: datetime, limit: int) -> list[LoginApproval]:
        """Pending approvals past their expiry with no code asked for instead, oldest first."""
        ...


class RecoveryCodeRepository(Protocol):
    """Each user's current set of recovery codes, as hashes with a short keyed lookup (`domain.recovery`)."""

    async def replace(self, user_id: int, codes: Sequence[StoredRecoveryCode]) -> int:
        """Delete every code of the user, used or not, and store `codes` instead; returns how many were
        deleted. Two replacements for one user take turns where the database can lock."""
        ...

    async def unused(self, user_id: int, lookup: str) -> list[StoredRecoveryCode]:
        """The user's unused codes with this lookup (one or none, as `domain.recovery` makes sets)."""
        ...

    async def mark_used(self, code_id: int, at: datetime) -> bool:
        """Mark the code used if it still is not; False when another use came first. One conditional
        UPDATE, so of two workers using one code at once exactly one gets True."""
        ...

    async def remaining(self, user_id: int) -> int:
        """How many of the user's codes are unused."""
        ...

    async def delete_for_user(self, user_id: int) -> int:
        """Forget every code of the user; returns how many there were."""
        ...
