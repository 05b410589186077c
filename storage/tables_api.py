"""The tables of the HTTP API's callers: API keys (their SHA-256 only) and manager actions awaiting a code.

`api_keys.contract_ids` is a JSON array of contract ids (manager keys); keys are few and read by hash, so a
join table would buy nothing. A manager action's reason is cut to `ACTION_REASON_MAX_CHARS` on the way in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.columns import at_field

ACTION_REASON_MAX_CHARS = 200


class ApiKeyRow(SQLModel, table=True):
    """An API key: `key_hash` is the hex SHA-256 of the key, which is never stored."""

    __tablename__ = "api_keys"
    __table_args__ = (
        UniqueConstraint("name", name="uq_api_keys_name"),
        UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),  # also the index every request uses
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    key_hash: str
    scope: str
    contract_ids: str = Field(sa_type=Text)  # JSON array of ints
    created_at: datetime = at_field()
    revoked_at: datetime | None = at_field(nullable=True)
    last_used_at: datetime | None = at_field(nullable=True)


class ManagerActionRow(SQLModel, table=True):
    """A manager action asked through the API; `target_user_id` NULL means every user of the contract."""

    __tablename__ = "manager_actions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name="fk_manager_actions_contract_id_contracts"
        ),
        ForeignKeyConstraint(["manager_id"], ["users.id"], name="fk_manager_actions_manager_id_users"),
        ForeignKeyConstraint(
            ["target_user_id"], ["users.id"], name="fk_manager_actions_target_user_id_users"
        ),
    )

    id: str = Field(primary_key=True)
    contract_id: int
    manager_id: int
    target_user_id: int | None = None
    reason: str = Field(sa_type=String(ACTION_REASON_MAX_CHARS))
    key_name: str
    challenge_id: str
    created_at: datetime = at_field()
    expires_at: datetime = at_field()
    status: str
    decided_at: datetime | None = at_field(nullable=True)
