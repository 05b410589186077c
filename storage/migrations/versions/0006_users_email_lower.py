"""An index on lower(email): logins and email links look users up by it (was a full scan of users).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ix_users_email_lower (both databases use it for `WHERE lower(email) = ...`)."""
    op.create_index("ix_users_email_lower", "users", [sa.text("lower(email)")])


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_users_email_lower", table_name="users")
