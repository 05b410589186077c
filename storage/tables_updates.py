"""The table of Telegram update ids already acted on, so a redelivered update is acknowledged, not rerun.

An id is written in the transaction of the step it caused: a crash before the commit leaves no id (and
Telegram's retry runs the step), a retry after it finds the id. Rows older than a day are pruned, since
Telegram stops redelivering an update well within that. The step's replies are kept with its id until
the front-end has sent them, so a redelivery after the worker died in between sends them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Text
from sqlmodel import Field, SQLModel

from storage.columns import at_field


class ProcessedUpdateRow(SQLModel, table=True):
    """One update id (Telegram's are 64-bit, chosen by Telegram, so never generated here)."""

    __tablename__ = "telegram_updates"
    __table_args__ = (Index("ix_telegram_updates_processed_at", "processed_at"),)

    update_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    processed_at: datetime = at_field()
    # The step's replies (JSON) until the front-end says they were sent, and until when the worker that
    # ran the step is sending them (a redelivery after that sends them itself).
    replies: str | None = Field(default=None, sa_type=Text, nullable=True)
    replies_until: datetime | None = at_field(nullable=True)
