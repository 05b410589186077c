"""Recovery codes: each user's current set, stored as salted slow hashes with a keyed lookup (issue 15).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create recovery_codes (empty: nobody has codes until they turn 2FA on or regenerate them)."""
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("lookup", sa.String(16), nullable=False),
        sa.Column("hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_recovery_codes_user_id_users"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_recovery_codes_user_id_lookup", "recovery_codes", ["user_id", "lookup"])


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_recovery_codes_user_id_lookup", table_name="recovery_codes")
    op.drop_table("recovery_codes")
