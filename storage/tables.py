"""The SQLModel tables behind the repositories: one per domain record, enums stored as plain strings.

Every timestamp column is `UtcDateTime` (in `storage.columns`): it refuses naive datetimes on the way in
and hands back timezone-aware UTC on the way out, also on SQLite, which keeps no offset. JSON travels as
text. Devices, login attempts and the chat outbox live in `storage.tables_logins`; requests to disable 2FA
in `storage.tables_requests`; support tickets in `storage.tables_support`; Telegram update ids already
processed in `storage.tables_updates`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String, Text, UniqueConstraint, func
from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime
from storage.columns import at_field as _at
from storage.tables_api import ApiKeyRow, ManagerActionRow
from storage.tables_approvals import LoginApprovalRow
from storage.tables_factors import AppSecretRow
from storage.tables_gateway import GatewayReportRow
from storage.tables_logins import ChatMessageRow, DeviceRow, LoginAttemptRow
from storage.tables_recovery import RecoveryCodeRow
from storage.tables_requests import DisableRequestRow
from storage.tables_support import SupportTicketRow
from storage.tables_updates import ProcessedUpdateRow

# Re-exported: importing this module registers every table (Alembic and the tests rely on it).
__all__ = [
    "ApiKeyRow",
    "AppSecretRow",
    "AuditEventRow",
    "ChallengeRow",
    "ChatLinkRow",
    "ChatMessageRow",
    "CodeSendRow",
    "ContractRow",
    "ConversationRow",
    "DeviceRow",
    "DisableRequestRow",
    "GatewayReportRow",
    "LinkTokenRow",
    "LockoutRow",
    "LoginApprovalRow",
    "LoginAttemptRow",
    "ManagerActionRow",
    "OutboxRow",
    "ProcessedUpdateRow",
    "RecoveryCodeRow",
    "SourceLockoutRow",
    "SupportTicketRow",
    "TwoFactorRow",
    "UserRow",
    "UtcDateTime",
]


class ContractRow(SQLModel, table=True):
    """A customer contract; users belong to one."""

    __tablename__ = "contracts"
    __table_args__ = (UniqueConstraint("name", name="uq_contracts_name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str


class UserRow(SQLModel, table=True):
    """A user of one contract; `email` is the registered address, stored as the caller normalised it."""

    __tablename__ = "users"
    __table_args__ = (
        ForeignKeyConstraint(["contract_id"], ["contracts.id"], name="fk_users_contract_id_contracts"),
        UniqueConstraint("email", name="uq_users_email"),
        Index("ix_users_contract_id", "contract_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int
    name: str
    email: str
    role: str
    language: str | None = Field(default=None, sa_type=String(8))


# Logins and email links look users up by `lower(email)`; without this index that is a full table scan.
Index("ix_users_email_lower", func.lower(UserRow.__table__.c.email))  # type: ignore[attr-defined]


class TwoFactorRow(SQLModel, table=True):
    """A user's 2FA method and verified destination; no row means method `none`."""

    __tablename__ = "two_factor_settings"

    user_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    method: str
    destination: str | None = None
    verified_at: datetime | None = _at(nullable=True)


class ChatLinkRow(SQLModel, table=True):
    """A chat acting for one user."""

    __tablename__ = "chat_links"
    __table_args__ = (Index("ix_chat_links_user_id", "user_id"),)

    chat_id: str = Field(primary_key=True)
    user_id: int
    linked_at: datetime = _at()


class ConversationRow(SQLModel, table=True):
    """Where a chat stands in a conversation; `data` is a JSON object of strings."""

    __tablename__ = "conversations"

    chat_id: str = Field(primary_key=True)
    step: str
    challenge_id: str | None = None
    data: str = Field(sa_type=Text)
    updated_at: datetime | None = _at(nullable=True)
    language: str | None = Field(default=None, sa_type=String(8))


class ChallengeRow(SQLModel, table=True):
    """A one-time-code challenge (the code itself is derived, never stored)."""

    __tablename__ = "challenges"
    __table_args__ = (Index("ix_challenges_delivery_due_at", "delivery_due_at"),)

    id: str = Field(primary_key=True)
    user_id: int
    purpose: str
    channel: str
    destination: str
    created_at: datetime = _at()
    expires_at: datetime = _at()
    last_sent_at: datetime = _at()
    sends: int
    attempts: int
    status: str
    chat_id: str | None = None
    source: str = ""  # who asked for it (domain.sources); "" is the account's own linked chat
    delivery_due_at: datetime | None = _at(nullable=True)  # a send recorded, not yet answered by its gateway


class CodeSendRow(SQLModel, table=True):
    """One delivered code, for the per-user and per-destination send limits."""

    __tablename__ = "code_sends"
    __table_args__ = (
        Index("ix_code_sends_user_id_sent_at", "user_id", "sent_at"),
        Index("ix_code_sends_destination_key_sent_at", "destination_key", "sent_at"),
        Index("ix_code_sends_source_sent_at", "source", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int
    destination_key: str
    sent_at: datetime = _at()
    kind: str = "owner"  # owner, login or link: which limits the send counts against (domain.sources)
    source: str = ""


class LockoutRow(SQLModel, table=True):
    """Consecutive wrong codes of a user and until when new codes are refused."""

    __tablename__ = "lockouts"

    user_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    consecutive_failures: int
    locked_until: datetime | None = _at(nullable=True)


class SourceLockoutRow(SQLModel, table=True):
    """Consecutive wrong codes typed by one stranger source (a chat, a client IP, an API key)."""

    __tablename__ = "source_lockouts"

    lock_key: str = Field(primary_key=True)  # "<user id>|<source>"
    user_id: int
    source: str
    consecutive_failures: int
    locked_until: datetime | None = _at(nullable=True)


class LinkTokenRow(SQLModel, table=True):
    """A one-time deep-link token, kept only as its HMAC."""

    __tablename__ = "link_tokens"

    token_hash: str = Field(primary_key=True)
    user_id: int
    created_at: datetime = _at()
    expires_at: datetime = _at()
    used_at: datetime | None = _at(nullable=True)


class AuditEventRow(SQLModel, table=True):
    """A security event; `detail` is a JSON object."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_user_id_at", "user_id", "at"),
        Index("ix_audit_events_user_id_kind_at", "user_id", "kind", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _at()
    kind: str
    user_id: int | None = None
    chat_id: str | None = None
    actor: str
    detail: str = Field(sa_type=Text)


class OutboxRow(SQLModel, table=True):
    """An email notice waiting for delivery (`recipient` because `to` is an SQL keyword)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient: str
    subject: str
    body: str = Field(sa_type=Text)
    created_at: datetime = _at()
    next_attempt_at: datetime = _at()
    status: str
    attempts: int
    sent_at: datetime | None = _at(nullable=True)
    last_error: str | None = Field(default=None, sa_type=Text)
