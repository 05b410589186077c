"""`SqlGatewayReports`: the delivery reports of Telegram's Gateway API, one row per request, each kept
in a short transaction of its own (a report is one INSERT ... ON CONFLICT UPDATE)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from storage.tables_gateway import GatewayReportRow


class SqlGatewayReports:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def record(
        self, request_id: str, status: str, reported_at: datetime, received_at: datetime
    ) -> None:
        """Keep the request's latest status (a report older than the one kept changes nothing)."""
        dialect = postgresql if self._engine.dialect.name == "postgresql" else sqlite
        table = GatewayReportRow.__table__  # type: ignore[attr-defined]
        insert = dialect.insert(table).values(
            request_id=request_id, status=status, reported_at=reported_at, received_at=received_at, reports=1
        )
        newer = table.c.reported_at <= insert.excluded.reported_at
        upsert = insert.on_conflict_do_update(
            index_elements=[table.c.request_id],
            set_={
                "status": insert.excluded.status,
                "reported_at": insert.excluded.reported_at,
                "received_at": insert.excluded.received_at,
                "reports": table.c.reports + 1,
            },
            where=newer,
        )
        async with self._engine.begin() as connection:
            await connection.execute(upsert)

    async def get(self, request_id: str) -> GatewayReportRow | None:
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(GatewayReportRow).where(col(GatewayReportRow.request_id) == request_id)
                )
            ).first()
        return GatewayReportRow(**row._mapping) if row is not None else None
