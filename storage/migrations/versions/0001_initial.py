"""Initial schema: contracts, users, 2FA settings, chats, challenges, limits, audit and outbox.

Revision ID: 0001
Revises:
Create Date: 2025-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _at(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create every table of the initial schema."""
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.UniqueConstraint("name", name="uq_contracts_name"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name="fk_users_contract_id_contracts"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_index("ix_users_contract_id", "users", ["contract_id"])
    op.create_table(
        "two_factor_settings",
        sa.Column("user_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("destination", sa.String(), nullable=True),
        _at("verified_at", nullable=True),
    )
    op.create_table(
        "chat_links",
        sa.Column("chat_id", sa.String(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _at("linked_at"),
    )
    op.create_index("ix_chat_links_user_id", "chat_links", ["user_id"])
    op.create_table(
        "conversations",
        sa.Column("chat_id", sa.String(), primary_key=True),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("challenge_id", sa.String(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        _at("updated_at", nullable=True),
    )
    op.create_table(
        "challenges",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("destination", sa.String(), nullable=False),
        _at("created_at"),
        _at("expires_at"),
        _at("last_sent_at"),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("chat_id", sa.String(), nullable=True),
    )
    op.create_table(
        "code_sends",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("destination_key", sa.String(), nullable=False),
        _at("sent_at"),
    )
    op.create_index("ix_code_sends_user_id_sent_at", "code_sends", ["user_id", "sent_at"])
    op.create_index("ix_code_sends_destination_key_sent_at", "code_sends", ["destination_key", "sent_at"])
    op.create_table(
        "lockouts",
        sa.Column("user_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        _at("locked_until", nullable=True),
    )
    op.create_table(
        "link_tokens",
        sa.Column("token_hash", sa.String(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _at("created_at"),
        _at("expires_at"),
        _at("used_at", nullable=True),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        _at("at"),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.String(), nullable=True),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_events_user_id_at", "audit_events", ["user_id", "at"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _at("created_at"),
        _at("next_attempt_at"),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _at("sent_at", nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    """Drop every table of the initial schema."""
    for table in (
        "outbox",
        "audit_events",
        "link_tokens",
        "lockouts",
        "code_sends",
        "challenges",
        "conversations",
        "chat_links",
        "two_factor_settings",
        "users",
        "contracts",
    ):
        op.drop_table(table)
