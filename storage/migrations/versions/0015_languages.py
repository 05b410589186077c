"""The user's language (issue 17): conversations.language (the chat's) and users.language (their
emails' and notices'); NULL for everyone until a chat first speaks or /language is used.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Two nullable columns: every existing user and chat keeps English until they choose. (Plain ALTER
    TABLE, no batch copy: the users table's expression index would not survive SQLite's copy.)"""
    op.add_column("conversations", sa.Column("language", sa.String(8), nullable=True))
    op.add_column("users", sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    """Drop what `upgrade` added."""
    op.drop_column("users", "language")
    op.drop_column("conversations", "language")
