"""The table of requests that an account manager turn 2FA off, one row per `domain.model.DisableRequest`.

The reason is typed by the requester, so the column caps it: the repositories cut it to
`REASON_MAX_CHARS` before writing, and what is read back is what was kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String
from sqlmodel import Field, SQLModel

from storage.columns import at_field

REASON_MAX_CHARS = 500


class DisableRequestRow(SQLModel, table=True):
    """A request to disable 2FA; `target_user_id` NULL means every user of the contract."""

    __tablename__ = "disable_requests"
    __table_args__ = (
        ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name="fk_disable_requests_contract_id_contracts"
        ),
        ForeignKeyConstraint(["requester_id"], ["users.id"], name="fk_disable_requests_requester_id_users"),
        ForeignKeyConstraint(
            ["target_user_id"], ["users.id"], name="fk_disable_requests_target_user_id_users"
        ),
        ForeignKeyConstraint(["decided_by"], ["users.id"], name="fk_disable_requests_decided_by_users"),
        # A contract's requests with a status, oldest first: what a manager's list reads. Its leading
        # column also serves lookups by contract alone, so a separate contract_id index would be dead weight.
        Index("ix_disable_requests_contract_id_status_id", "contract_id", "status", "id"),
        # Ids are shown to managers and quoted in audit events: SQLite must never hand one out twice.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int
    requester_id: int
    target_user_id: int | None = None
    reason: str = Field(sa_type=String(REASON_MAX_CHARS))
    verified: bool
    created_at: datetime = at_field()
    expires_at: datetime = at_field()
    status: str
    decided_at: datetime | None = at_field(nullable=True)
    decided_by: int | None = None
