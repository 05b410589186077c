"""Support tickets.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported from storage.tables_support: a migration keeps the schema of its day.
_DESCRIPTION_MAX_CHARS = 1000
_CONTEXT_MAX_CHARS = 4000


def upgrade() -> None:
    """Create the support_tickets table and its chat_id index."""
    op.create_table(
        "support_tickets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.String(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(_DESCRIPTION_MAX_CHARS), nullable=False),
        sa.Column("context", sa.String(_CONTEXT_MAX_CHARS), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_support_tickets_user_id_users"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_support_tickets_chat_id", "support_tickets", ["chat_id"])


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_support_tickets_chat_id", table_name="support_tickets")
    op.drop_table("support_tickets")
