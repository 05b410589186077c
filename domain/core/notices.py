"""Notices to a user's registered email, queued in the durable outbox inside the change's transaction."""

from __future__ import annotations

from datetime import datetime

from domain.core.model import OutgoingEmail, User
from domain.core.ports import UnitOfWork
from domain.core.repositories import OutboxItem


async def enqueue_notice(uow: UnitOfWork, user: User, subject: str, body: str, now: datetime) -> None:
    """Queue a notice to the registered email; it goes out only if the surrounding transaction commits."""
    email = OutgoingEmail(to=user.email, subject=subject, body=body)
    await uow.outbox.add(OutboxItem(id=None, email=email, created_at=now, next_attempt_at=now))
