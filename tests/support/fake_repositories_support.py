"""In-memory support tickets, with the errors, numbering and text limits of the SQL repository."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import cast

from domain.core.errors import NotFound
from domain.core.model import SupportTicket
from storage.tables_support import CONTEXT_MAX_CHARS, DESCRIPTION_MAX_CHARS
from tests.support.fake_tables import Transaction, stored

_TABLE = "support_tickets"


class FakeTicketRepository:
    """In-memory `TicketRepository`: numbers from 1, never reused, not even after a rollback."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def add(self, ticket: SupportTicket) -> SupportTicket:
        # The SQL table references users, so an unknown one is refused there too.
        if ticket.user_id is not None and self._tx.get("users", ticket.user_id) is None:
            raise NotFound(f"user {ticket.user_id} does not exist")
        added = replace(
            ticket,
            id=self._tx.database.next_id(_TABLE),
            description=ticket.description[:DESCRIPTION_MAX_CHARS],
            context=ticket.context[:CONTEXT_MAX_CHARS],
        )
        self._tx.put(_TABLE, added.id, added)
        return cast(SupportTicket, stored(added))

    async def get(self, ticket_id: int) -> SupportTicket | None:
        return cast(SupportTicket | None, self._tx.get(_TABLE, ticket_id))

    async def for_chat_since(self, chat_id: str, since: datetime) -> list[SupportTicket]:
        tickets = [t for _, t in self._tx.rows(_TABLE) if t.chat_id == chat_id and t.created_at >= since]
        return [cast(SupportTicket, stored(t)) for t in sorted(tickets, key=lambda t: (t.created_at, t.id))]
