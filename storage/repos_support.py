"""SQL repository for support tickets.

Descriptions and contexts are cut to the column limits on the way in, so what is read back is what was kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.errors import NotFound
from domain.core.model import SupportTicket
from storage.columns import as_utc
from storage.tables import SupportTicketRow, UserRow
from storage.tables_support import CONTEXT_MAX_CHARS, DESCRIPTION_MAX_CHARS


def _ticket(row: SupportTicketRow) -> SupportTicket:
    # A row just inserted still holds the caller's datetime, in whatever zone it came: normalise.
    return SupportTicket(
        id=row.id,
        chat_id=row.chat_id,
        user_id=row.user_id,
        description=row.description,
        context=row.context,
        created_at=as_utc(row.created_at),
    )


class SqlTicketRepository:
    """Support tickets, numbered by the database; a ticket is written once and never changed."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, ticket: SupportTicket) -> SupportTicket:
        """Insert the ticket (its `id` is ignored) and return it as stored, with its number."""
        # Checked first so an unknown user reads as NotFound, not as an IntegrityError at commit.
        if ticket.user_id is not None and await self._session.get(UserRow, ticket.user_id) is None:
            raise NotFound(f"user {ticket.user_id} does not exist")
        row = SupportTicketRow(
            chat_id=ticket.chat_id,
            user_id=ticket.user_id,
            description=ticket.description[:DESCRIPTION_MAX_CHARS],
            context=ticket.context[:CONTEXT_MAX_CHARS],
            created_at=ticket.created_at,
        )
        self._session.add(row)
        await self._session.flush()  # no unique key besides the generated id, so nothing to report
        return _ticket(row)

    async def get(self, ticket_id: int) -> SupportTicket | None:
        row = await self._session.get(SupportTicketRow, ticket_id)
        return None if row is None else _ticket(row)

    async def for_chat_since(self, chat_id: str, since: datetime) -> list[SupportTicket]:
        """The chat's tickets opened at or after `since`, oldest first (the chat_id index serves it)."""
        query = (
            select(SupportTicketRow)
            .where(SupportTicketRow.chat_id == chat_id, col(SupportTicketRow.created_at) >= since)
            .order_by(col(SupportTicketRow.created_at), col(SupportTicketRow.id))
        )
        return [_ticket(row) for row in await self._session.exec(query)]
