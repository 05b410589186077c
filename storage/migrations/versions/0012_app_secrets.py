"""Authenticator apps: the sealed TOTP secret of each user who enrols one (issue 15).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create app_secrets (no user's 2FA changes: nobody has an app yet)."""
    op.create_table(
        "app_secrets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_step", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_app_secrets_user_id_users"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_app_secrets_user_id", "app_secrets", ["user_id"])


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_app_secrets_user_id", table_name="app_secrets")
    op.drop_table("app_secrets")
