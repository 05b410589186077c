"""Chat messages leave with no transaction open: a queued message is claimed for a lease before it is
sent, and a Telegram step keeps its replies with its update id until they are known to be sent.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add chat_outbox.next_attempt_at, telegram_updates.replies and telegram_updates.replies_until."""
    with op.batch_alter_table("chat_outbox") as batch:
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("telegram_updates") as batch:
        batch.add_column(sa.Column("replies", sa.Text(), nullable=True))
        batch.add_column(sa.Column("replies_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop what `upgrade` added."""
    with op.batch_alter_table("telegram_updates") as batch:
        batch.drop_column("replies_until")
        batch.drop_column("replies")
    with op.batch_alter_table("chat_outbox") as batch:
        batch.drop_column("next_attempt_at")
