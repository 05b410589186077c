"""`/healthz` for the load balancer and `/metrics` for Prometheus (both unauthenticated, see api/auth.py)."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.keys import SERVICES
from api.services import Gauges
from domain.core.repositories import OutboxStatus

log = logging.getLogger(__name__)

HEALTH_TIMEOUT_SECONDS = 2.0
PROMETHEUS_TEXT = "text/plain; version=0.0.4"
# what "outbox depth" means: notices not delivered (yet, or ever); sent ones are history
_DEPTH_STATUSES = (OutboxStatus.PENDING, OutboxStatus.FAILED)


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers `SELECT 1` within two seconds, else 503."""
    engine = request.app[SERVICES].engine
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError):
        log.warning("health check: the database is unreachable", exc_info=True)
        return web.json_response({"status": "unavailable"}, status=503)
    return web.json_response({"status": "ok"})


async def _outbox_depth(request: web.Request) -> Gauges:
    """Notices waiting in the email outbox, by status; none when the database cannot say."""
    try:
        async with request.app[SERVICES].uow_factory() as uow:
            counts = await uow.outbox.counts()
    except (SQLAlchemyError, OSError):
        log.warning("metrics: could not count the outbox", exc_info=True)
        return {}
    values: dict[tuple[tuple[str, str], ...], float] = {
        (("status", status.value),): float(counts.get(status, 0)) for status in _DEPTH_STATUSES
    }
    return {"outbox_depth": ("Notices not delivered yet (pending) or given up on (failed).", values)}


async def metrics(request: web.Request) -> web.Response:
    """This process's counters and the outbox depth, as Prometheus text."""
    gauges = await _outbox_depth(request)
    body = request.app[SERVICES].metrics.render(gauges)
    return web.Response(body=body.encode(), headers={"Content-Type": PROMETHEUS_TEXT + "; charset=utf-8"})
