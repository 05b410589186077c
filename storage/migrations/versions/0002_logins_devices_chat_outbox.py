"""Remembered devices, login attempts, the chat outbox, and audit events by user, kind and time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported from storage.tables_logins: a migration keeps the schema of its day.
_USER_AGENT_MAX_CHARS = 512
_IP_MAX_CHARS = 64


def _at(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the devices, login_attempts and chat_outbox tables and the audit (user, kind, at) index."""
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        _at("created_at"),
        _at("expires_at"),
        sa.Column("user_agent", sa.String(_USER_AGENT_MAX_CHARS), nullable=False),
        sa.Column("ip", sa.String(_IP_MAX_CHARS), nullable=False),
        _at("last_used_at", nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_devices_user_id_users"),
        sa.UniqueConstraint("token_hash", name="uq_devices_token_hash"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_devices_user_id", "devices", ["user_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _at("created_at"),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("browser_key", sa.String(), nullable=False),
        sa.Column("user_agent", sa.String(_USER_AGENT_MAX_CHARS), nullable=False),
        sa.Column("ip", sa.String(_IP_MAX_CHARS), nullable=False),
        sa.Column("challenge_id", sa.String(), nullable=True),
        _at("verified_at", nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_login_attempts_user_id_users"),
    )
    op.create_index("ix_login_attempts_user_id_created_at", "login_attempts", ["user_id", "created_at"])
    op.create_table(
        "chat_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("buttons", sa.Text(), nullable=False),
        _at("created_at", nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _at("sent_at", nullable=True),
    )
    op.create_index("ix_chat_outbox_chat_id", "chat_outbox", ["chat_id"])
    op.create_index("ix_chat_outbox_status_id", "chat_outbox", ["status", "id"])
    op.create_index("ix_audit_events_user_id_kind_at", "audit_events", ["user_id", "kind", "at"])


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_audit_events_user_id_kind_at", table_name="audit_events")
    for table in ("chat_outbox", "login_attempts", "devices"):
        op.drop_table(table)
