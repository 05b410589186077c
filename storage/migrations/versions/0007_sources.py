"""Who asked for a code: the send log and challenges record their source, strangers get lockouts of their
own, and chats linked from groups are unlinked (account actions happen only in private chats now).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add code_sends.kind/source and challenges.source, create source_lockouts, drop group-chat links."""
    with op.batch_alter_table("code_sends") as batch:
        batch.add_column(sa.Column("kind", sa.String(), nullable=False, server_default="owner"))
        batch.add_column(sa.Column("source", sa.String(), nullable=False, server_default=""))
    op.create_index("ix_code_sends_source_sent_at", "code_sends", ["source", "sent_at"])
    with op.batch_alter_table("challenges") as batch:
        batch.add_column(sa.Column("source", sa.String(), nullable=False, server_default=""))
    op.create_table(
        "source_lockouts",
        sa.Column("lock_key", sa.String(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    # Telegram group and channel ids are negative; a link made there let every member act for the account.
    op.execute("DELETE FROM conversations WHERE chat_id LIKE 'tg:-%'")
    op.execute("DELETE FROM chat_links WHERE chat_id LIKE 'tg:-%'")


def downgrade() -> None:
    """Drop what `upgrade` created (the removed group links are not restored)."""
    op.drop_table("source_lockouts")
    with op.batch_alter_table("challenges") as batch:
        batch.drop_column("source")
    op.drop_index("ix_code_sends_source_sent_at", table_name="code_sends")
    with op.batch_alter_table("code_sends") as batch:
        batch.drop_column("source")
        batch.drop_column("kind")
