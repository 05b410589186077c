"""Hand-off to a human: a numbered ticket with the context support needs, sent to the support desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain import texts
from domain.lifecycle import describe
from domain.model import AuditEvent, AuditKind, ChatMessage, OutgoingEmail, SupportTicket, User
from domain.ports import OutboxItem, UnitOfWork
from domain.redaction import redact

RECENT = timedelta(days=7)
_TROUBLE = {
    AuditKind.CODE_DELIVERY_FAILED: "codes that could not be delivered",
    AuditKind.CODE_REFUSED: "codes refused by the limits",
    AuditKind.USER_LOCKED: "lockouts after wrong codes",
    AuditKind.LOGIN_DENIED_BY_USER: "logins the user said were not them",
}


@dataclass(frozen=True)
class SupportDesk:
    """Where tickets go: an email address and/or a Telegram chat (`tg:<id>`); either may be unset."""

    email: str | None = None
    chat_id: str | None = None


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

    What the user wrote is redacted first: a code typed here must not reach the desk.
    """
    context = await ticket_context(uow, user, chat_id, now)
    ticket = await uow.tickets.add(
        SupportTicket(
            None,
            chat_id,
            user.key if user else None,
            redact(" ".join(description.split()))[:1000],
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
    body = texts.ticket_body(ticket)
    if desk.email:
        email = OutgoingEmail(desk.email, f"Support ticket #{ticket.id}", body)
        await uow.outbox.add(OutboxItem(None, email, now, now))
    if desk.chat_id:
        await uow.chat_outbox.add(ChatMessage(None, desk.chat_id, body, (), now))
    return ticket
