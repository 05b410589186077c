"""Requests that an account manager turn 2FA off.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported from storage.tables_requests: a migration keeps the schema of its day.
_REASON_MAX_CHARS = 500


def _at(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the disable_requests table and its (contract, status, id) index."""
    op.create_table(
        "disable_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("target_user_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(_REASON_MAX_CHARS), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        _at("created_at"),
        _at("expires_at"),
        sa.Column("status", sa.String(), nullable=False),
        _at("decided_at", nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name="fk_disable_requests_contract_id_contracts"
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["users.id"], name="fk_disable_requests_requester_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["target_user_id"], ["users.id"], name="fk_disable_requests_target_user_id_users"
        ),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name="fk_disable_requests_decided_by_users"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_disable_requests_contract_id_status_id", "disable_requests", ["contract_id", "status", "id"]
    )


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_disable_requests_contract_id_status_id", table_name="disable_requests")
    op.drop_table("disable_requests")
