"""The table of support tickets, one row per `domain.model.SupportTicket`.

The description is typed by the user and the context is assembled for support, so the columns cap both:
the repositories cut them to `DESCRIPTION_MAX_CHARS` and `CONTEXT_MAX_CHARS` before writing, and what is
read back is what was kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, String
from sqlmodel import Field, SQLModel

from storage.columns import at_field

DESCRIPTION_MAX_CHARS = 1000
CONTEXT_MAX_CHARS = 4000


class SupportTicketRow(SQLModel, table=True):
    """A ticket for a human; `id` is the ticket number, `user_id` NULL for a chat not linked to a user."""

    __tablename__ = "support_tickets"
    __table_args__ = (
        ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_support_tickets_user_id_users"),
        Index("ix_support_tickets_chat_id", "chat_id"),
        # The id is the number users quote to support: SQLite must never hand one out twice.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: str
    user_id: int | None = None
    description: str = Field(sa_type=String(DESCRIPTION_MAX_CHARS))
    context: str = Field(sa_type=String(CONTEXT_MAX_CHARS))
    created_at: datetime = at_field()
