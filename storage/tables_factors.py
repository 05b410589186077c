"""The table of authenticator-app secrets: sealed (`domain.ports.SecretBox`), never in clear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKeyConstraint, Index, Text
from sqlmodel import Field, SQLModel

from storage.columns import at_field


class AppSecretRow(SQLModel, table=True):
    """One secret: at most one active and one being enrolled per user (the repository keeps it so)."""

    __tablename__ = "app_secrets"
    __table_args__ = (
        ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_app_secrets_user_id_users"),
        Index("ix_app_secrets_user_id", "user_id"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int
    sealed: str = Field(sa_type=Text)
    created_at: datetime = at_field()
    active: bool = False
    last_step: int = Field(default=-1, sa_type=BigInteger)  # the last TOTP step accepted
