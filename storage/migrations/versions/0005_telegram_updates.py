"""Telegram update ids already processed (duplicate deliveries to webhook workers are ignored).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the telegram_updates table and its processed_at index (for the daily prune)."""
    op.create_table(
        "telegram_updates",
        sa.Column("update_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_telegram_updates_processed_at", "telegram_updates", ["processed_at"])


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_telegram_updates_processed_at", table_name="telegram_updates")
    op.drop_table("telegram_updates")
