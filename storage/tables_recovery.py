"""The table of recovery codes: each kept only as a salted slow hash and a short keyed lookup, never in
clear (`domain.recovery`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String, Text
from sqlmodel import Field, SQLModel

from storage.columns import at_field

LOOKUP_MAX_CHARS = 16


class RecoveryCodeRow(SQLModel, table=True):
    """One code of a user's current set; `used_at` is set once, by the use that spent it."""

    __tablename__ = "recovery_codes"
    __table_args__ = (
        ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_recovery_codes_user_id_users"),
        Index("ix_recovery_codes_user_id_lookup", "user_id", "lookup"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int
    lookup: str = Field(sa_type=String(LOOKUP_MAX_CHARS))
    hash: str = Field(sa_type=Text)
    created_at: datetime = at_field()
    used_at: datetime | None = at_field(nullable=True)
