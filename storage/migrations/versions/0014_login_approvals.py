"""Sign-ins approved in Telegram (issue 16): login_approvals, and chat messages that a later one can
replace (chat_outbox.key, .edits, .ref).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create login_approvals; add three nullable columns to chat_outbox (no row changes)."""
    op.create_table(
        "login_approvals",
        sa.Column("login_id", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("number", sa.String(2), nullable=False),
        sa.Column("choices", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.String(16), nullable=True),
        sa.Column("code_sent", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_login_approvals_user_id_users"),
    )
    op.create_index("ix_login_approvals_status_expires_at", "login_approvals", ["status", "expires_at"])
    with op.batch_alter_table("chat_outbox") as batch:
        batch.add_column(sa.Column("key", sa.String(80), nullable=True))
        batch.add_column(sa.Column("edits", sa.String(80), nullable=True))
        batch.add_column(sa.Column("ref", sa.String(32), nullable=True))
    op.create_index("ix_chat_outbox_chat_id_key", "chat_outbox", ["chat_id", "key"])


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_chat_outbox_chat_id_key", table_name="chat_outbox")
    with op.batch_alter_table("chat_outbox") as batch:
        batch.drop_column("ref")
        batch.drop_column("edits")
        batch.drop_column("key")
    op.drop_index("ix_login_approvals_status_expires_at", table_name="login_approvals")
    op.drop_table("login_approvals")
