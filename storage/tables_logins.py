"""Tables for remembered devices, login attempts and messages the assistant starts in a chat.

Browser-supplied text (user agent, IP) is capped by the column: the repositories cut it to the limits
below before writing, so a hostile header cannot fail a login or bloat the table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.columns import at_field

USER_AGENT_MAX_CHARS = 512
IP_MAX_CHARS = 64


class DeviceRow(SQLModel, table=True):
    """A remembered browser, known by the HMAC of its token."""

    __tablename__ = "devices"
    __table_args__ = (
        ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_devices_user_id_users"),
        UniqueConstraint("token_hash", name="uq_devices_token_hash"),
        Index("ix_devices_user_id", "user_id"),
        # SQLite would otherwise hand a deleted newest id to the next device; ids are never reused.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int
    token_hash: str
    created_at: datetime = at_field()
    expires_at: datetime = at_field()
    user_agent: str = Field(sa_type=String(USER_AGENT_MAX_CHARS))
    ip: str = Field(sa_type=String(IP_MAX_CHARS))
    last_used_at: datetime | None = at_field(nullable=True)


class LoginAttemptRow(SQLModel, table=True):
    """One call of the login page for a known account; `id` is the public login id."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_login_attempts_user_id_users"),
        Index("ix_login_attempts_user_id_created_at", "user_id", "created_at"),
    )

    id: str = Field(primary_key=True)
    user_id: int
    created_at: datetime = at_field()
    outcome: str
    browser_key: str
    user_agent: str = Field(sa_type=String(USER_AGENT_MAX_CHARS))
    ip: str = Field(sa_type=String(IP_MAX_CHARS))
    challenge_id: str | None = None
    verified_at: datetime | None = at_field(nullable=True)


class ChatMessageRow(SQLModel, table=True):
    """A message queued for a chat; `buttons` is a JSON list of rows of [label, callback data]."""

    __tablename__ = "chat_outbox"
    __table_args__ = (
        Index("ix_chat_outbox_chat_id", "chat_id"),
        Index("ix_chat_outbox_status_id", "status", "id"),
        Index("ix_chat_outbox_chat_id_key", "chat_id", "key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: str
    text: str = Field(sa_type=Text)
    buttons: str = Field(sa_type=Text)
    created_at: datetime | None = at_field(nullable=True)
    status: str
    attempts: int
    sent_at: datetime | None = at_field(nullable=True)
    next_attempt_at: datetime | None = at_field(nullable=True)  # NULL: due now; else claimed or backing off
    key: str | None = Field(default=None, sa_type=String(80))  # a name a later message may replace it by
    edits: str | None = Field(default=None, sa_type=String(80))  # the key of the message this one replaces
    ref: str | None = Field(default=None, sa_type=String(32))  # the front-end's message id once sent
