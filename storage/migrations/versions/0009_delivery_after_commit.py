"""Codes are delivered after the step commits: a challenge records when its send is due, so any worker
sends it if the process that recorded it died before the gateway answered.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add challenges.delivery_due_at and its index (the sweep looks up the due ones)."""
    with op.batch_alter_table("challenges") as batch:
        batch.add_column(sa.Column("delivery_due_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_challenges_delivery_due_at", "challenges", ["delivery_due_at"])


def downgrade() -> None:
    """Drop what `upgrade` created."""
    op.drop_index("ix_challenges_delivery_due_at", table_name="challenges")
    with op.batch_alter_table("challenges") as batch:
        batch.drop_column("delivery_due_at")
