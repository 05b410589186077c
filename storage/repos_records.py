"""SQL repositories for records kept alongside the changes: the audit log and the email outbox."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.errors import NotFound
from domain.core.model import AuditEvent, AuditKind, OutgoingEmail
from domain.core.repositories import OutboxItem, OutboxStatus
from storage.repos_base import from_json, to_json
from storage.tables import AuditEventRow, OutboxRow


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        at=row.at,
        kind=AuditKind(row.kind),
        user_id=row.user_id,
        chat_id=row.chat_id,
        actor=row.actor,
        detail=from_json(row.detail),
        id=row.id,
    )


class SqlAuditLog:
    """Security events, append-only."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, event: AuditEvent) -> None:
        """Append the event (its `id` is ignored: the database numbers events)."""
        row = AuditEventRow(
            at=event.at,
            kind=event.kind.value,
            user_id=event.user_id,
            chat_id=event.chat_id,
            actor=event.actor,
            detail=to_json(event.detail),
        )
        self._session.add(row)

    async def list(
        self, user_id: int | None = None, kind: AuditKind | None = None, since: datetime | None = None
    ) -> builtins.list[AuditEvent]:
        """Events (of one user and/or kind, at or after `since`, if given), in time order; ties in order of
        recording."""
        query = select(AuditEventRow).order_by(col(AuditEventRow.at), col(AuditEventRow.id))
        if user_id is not None:
            query = query.where(AuditEventRow.user_id == user_id)
        if kind is not None:
            query = query.where(AuditEventRow.kind == kind.value)
        if since is not None:
            query = query.where(col(AuditEventRow.at) >= since)
        return [_event(row) for row in await self._session.exec(query)]


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        id=row.id,
        email=OutgoingEmail(to=row.recipient, subject=row.subject, body=row.body),
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        sent_at=row.sent_at,
        last_error=row.last_error,
    )


def _item_values(item: OutboxItem) -> dict[str, Any]:
    return {
        "recipient": item.email.to,
        "subject": item.email.subject,
        "body": item.email.body,
        "created_at": item.created_at,
        "next_attempt_at": item.next_attempt_at,
        "status": item.status.value,
        "attempts": item.attempts,
        "sent_at": item.sent_at,
        "last_error": item.last_error,
    }


class SqlOutbox:
    """Email notices written in the transaction of the change they report, delivered later by a worker."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, item: OutboxItem) -> None:
        """Queue the item (its `id` is ignored: the database numbers items)."""
        row = OutboxRow(**_item_values(item))
        self._session.add(row)

    async def due(self, now: datetime, limit: int) -> list[OutboxItem]:
        """Pending items due by `now`, earliest first; on PostgreSQL, rows other workers hold are skipped."""
        query = (
            select(OutboxRow)
            .where(OutboxRow.status == OutboxStatus.PENDING.value, col(OutboxRow.next_attempt_at) <= now)
            .order_by(col(OutboxRow.next_attempt_at), col(OutboxRow.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        return [_item(row) for row in await self._session.exec(query)]

    async def save(self, item: OutboxItem) -> None:
        """Overwrite a stored item (after an attempt); an unknown id raises `NotFound`."""
        row = None if item.id is None else await self._session.get(OutboxRow, item.id)
        if row is None:
            raise NotFound(f"outbox item {item.id} does not exist")
        row.sqlmodel_update(_item_values(item))

    async def counts(self) -> dict[OutboxStatus, int]:
        """How many items are in each status (every status present, zero included)."""
        query = select(OutboxRow.status, func.count()).group_by(col(OutboxRow.status))
        found = {status: count for status, count in await self._session.exec(query)}
        return {status: found.get(status.value, 0) for status in OutboxStatus}

    async def retry_failed(self, now: datetime, ids: Sequence[int] | None = None) -> builtins.list[int]:
        """Failed items (of `ids`, or all) back to pending, due at `now`, attempts from zero; their ids."""
        query = select(OutboxRow).where(OutboxRow.status == OutboxStatus.FAILED.value)
        if ids is not None:
            query = query.where(col(OutboxRow.id).in_(list(ids)))
        rows = list(await self._session.exec(query.order_by(col(OutboxRow.id)).with_for_update()))
        for row in rows:
            # last_error stays: it says why the notice failed, until the next attempt says otherwise
            row.sqlmodel_update({"status": OutboxStatus.PENDING.value, "attempts": 0, "next_attempt_at": now})
        return [row.id for row in rows if row.id is not None]
