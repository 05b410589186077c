"""Hand-off to a human: a numbered ticket with the context support needs, sent to the support desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.accounts.lifecycle import describe
from domain.core.errors import DomainError
from domain.core.inputs import clean_text
from domain.core.model import AuditEvent, AuditKind, ChatMessage, OutgoingEmail, SupportTicket, User
from domain.core.ports import UnitOfWork
from domain.core.redaction import redact
from domain.core.repositories import OutboxItem
from domain.wording import texts_faq
from domain.wording.i18n import speaking

RECENT = timedelta(days=7)
_TROUBLE = {
    AuditKind.CODE_DELIVERY_FAILED: "codes that could not be delivered",
    AuditKind.CODE_REFUSED: "codes refused by the limits",
    AuditKind.USER_LOCKED: "lockouts after wrong codes",
    AuditKind.LOGIN_DENIED_BY_USER: "logins the user said were not them",
}


@dataclass(frozen=True)
class TicketLimit:
    """At most `per_chat` tickets from one chat within any `window` (a rolling window)."""

    per_chat: int = 3
    window: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class SupportDesk:
    """Where tickets go: an email address and/or a Telegram chat (`tg:<id>`); either may be unset."""

    email: str | None = None
    chat_id: str | None = None
    limit: TicketLimit = TicketLimit()


class TicketLimitReached(DomainError):
    """The chat opened its share of tickets; the message is the polite answer to give."""


async def limit_answer(uow: UnitOfWork, desk: SupportDesk, chat_id: str, now: datetime) -> str | None:
    """The polite answer when `chat_id` may not open a ticket now, naming its latest ticket and when it may
    open another; None when it may. Counted from the stored tickets, so it holds across processes."""
    limit = desk.limit
    recent = await uow.tickets.for_chat_since(chat_id, now - limit.window)
    if len(recent) < limit.per_chat:
        return None
    # The next one is allowed once enough of these have left the window to bring the count under the limit.
    again = recent[len(recent) - limit.per_chat].created_at + limit.window
    return texts_faq.support_limited(recent[-1].id, limit.per_chat, limit.window, again)


async def ticket_context(uow: UnitOfWork, user: User | None, chat_id: str, now: datetime) -> str:
    """Account, contract, 2FA method and recent trouble, as support reads it. Never a code or a token."""
    if user is None:
        return f"Chat {chat_id}, not linked to an account."
    contract = await uow.contracts.get(user.contract_id)
    setting = await uow.two_factor.get(user.key)
    lines = [
        f"Account: {user.name} <{user.email}> ({'account manager' if user.is_manager else 'member'})",
        f"Contract: {contract.name if contract else user.contract_id}",
        f"2FA: {describe(setting)}",
        f"Chat: {chat_id}",
    ]
    events = await uow.audit.list(user.key, since=now - RECENT)
    for kind, words in _TROUBLE.items():
        matching = [e for e in events if e.kind is kind]
        if matching:
            lines.append(
                f"Last 7 days, {words}: {len(matching)} (latest {matching[-1].at:%Y-%m-%d %H:%M UTC})"
            )
    return "\n".join(lines)


async def open_ticket(
    uow: UnitOfWork, desk: SupportDesk, chat_id: str, user: User | None, description: str, now: datetime
) -> SupportTicket:
    """Store a numbered ticket and send it to the support desk, in the caller's transaction.

    What the user wrote is redacted first: a code typed here must not reach the desk. A chat over its
    `TicketLimit` gets `TicketLimitReached` and nothing is stored or sent.
    """
    refusal = await limit_answer(uow, desk, chat_id, now)
    if refusal is not None:
        raise TicketLimitReached(refusal)
    context = await ticket_context(uow, user, chat_id, now)
    ticket = await uow.tickets.add(
        SupportTicket(
            None,
            chat_id,
            user.key if user else None,
            redact(" ".join(clean_text(description).split()))[:1000],  # no NUL reaches PostgreSQL
            context,
            now,
        )
    )
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.SUPPORT_TICKET,
            user_id=user.key if user else None,
            chat_id=chat_id,
            actor=f"chat:{chat_id}",
            detail={"ticket": ticket.id},
        )
    )
    with speaking(
        None
    ):  # the desk reads tickets in English, like their context lines, whatever the chat speaks
        body = texts_faq.ticket_body(ticket)
    if desk.email:
        email = OutgoingEmail(desk.email, f"Support ticket #{ticket.id}", body)
        await uow.outbox.add(OutboxItem(None, email, now, now))
    if desk.chat_id:
        await uow.chat_outbox.add(ChatMessage(None, desk.chat_id, body, (), now))
    return ticket
