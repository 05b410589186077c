"""The table of sign-ins waiting for a tap in the linked Telegram chat (number matching)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String
from sqlmodel import Field, SQLModel

from storage.columns import at_field


class LoginApprovalRow(SQLModel, table=True):
    """One login's question; `choices` holds the chat's number buttons, comma-separated."""

    __tablename__ = "login_approvals"
    __table_args__ = (
        ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_login_approvals_user_id_users"),
        Index("ix_login_approvals_status_expires_at", "status", "expires_at"),
    )

    login_id: str = Field(primary_key=True, sa_type=String(64))
    user_id: int
    chat_id: str = Field(sa_type=String(64))
    number: str = Field(sa_type=String(2))
    choices: str = Field(sa_type=String(32))
    created_at: datetime = at_field()
    expires_at: datetime = at_field()
    status: str = Field(sa_type=String(16))
    decided_at: datetime | None = at_field(nullable=True)
    approved_by: str | None = Field(default=None, sa_type=String(16))
    code_sent: bool = False
