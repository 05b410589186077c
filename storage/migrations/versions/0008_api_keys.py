"""API keys in the database (scoped, stored as SHA-256), and manager actions awaiting the manager's code.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported from storage.tables_api: a migration keeps the schema of its day.
_REASON_MAX_CHARS = 200


def _at(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create api_keys and manager_actions."""
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("key_hash", sa.String(), nullable=False),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("contract_ids", sa.Text(), nullable=False),
        _at("created_at"),
        _at("revoked_at", nullable=True),
        _at("last_used_at", nullable=True),
        sa.UniqueConstraint("name", name="uq_api_keys_name"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_table(
        "manager_actions",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("target_user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(_REASON_MAX_CHARS), nullable=False),
        sa.Column("key_name", sa.String(), nullable=False),
        sa.Column("challenge_id", sa.String(), nullable=False),
        _at("created_at"),
        _at("expires_at"),
        sa.Column("status", sa.String(), nullable=False),
        _at("decided_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name="fk_manager_actions_contract_id_contracts"
        ),
        sa.ForeignKeyConstraint(["manager_id"], ["users.id"], name="fk_manager_actions_manager_id_users"),
        sa.ForeignKeyConstraint(
            ["target_user_id"], ["users.id"], name="fk_manager_actions_target_user_id_users"
        ),
    )


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_table("manager_actions")
    op.drop_table("api_keys")
