"""`POST /telegram-gateway/reports`: the delivery reports of Telegram's Gateway API (its `callback_url`).

No API key: a report is taken only with a valid `X-Request-Signature` (hex HMAC-SHA-256 of
`X-Request-Timestamp + "\\n" + raw body`, keyed with the SHA-256 of the gateway token) and a timestamp within
5 minutes of now. Anything else is 401 and nothing is recorded. A good report keeps the request's latest
delivery status (one short transaction) and is counted in `/metrics`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from aiohttp import web

from domain.core.ports import Clock, Metrics

log = logging.getLogger(__name__)

REPORTS_PATH = "/telegram-gateway/reports"
REPORTS_ROUTE = "telegram_gateway_reports"
MAX_AGE = timedelta(minutes=5)


class ReportStore(Protocol):
    async def record(
        self, request_id: str, status: str, reported_at: datetime, received_at: datetime
    ) -> None:
        """Keep the request's latest delivery status."""
        ...


@dataclass(frozen=True)
class ReportDesk:
    """What the endpoint needs: the gateway token and the gateway's own signature check (handed by `app/`:
    `gateways.telegram_gateway.report_signature_ok`), where reports go, the clock."""

    token: str
    store: ReportStore
    clock: Clock
    metrics: Metrics
    signed: Callable[[str, str, bytes, str], bool]  # (token, timestamp, body, signature) -> is it theirs

    def __repr__(self) -> str:
        return "ReportDesk(token=<hidden>)"


DESK = web.AppKey("gateway_report_desk", ReportDesk)


def _refused(desk: ReportDesk, why: str) -> web.Response:
    desk.metrics.increment("gateway_reports", outcome="refused")
    log.warning("Telegram gateway report refused: %s", why)
    return web.json_response({"error": "unauthorized", "message": "Bad or missing signature."}, status=401)


async def receive_report(request: web.Request) -> web.Response:
    """Check the signature and the timestamp, then keep the request's delivery status."""
    desk = request.app[DESK]
    body = await request.read()
    stamp = request.headers.get("X-Request-Timestamp", "").strip()
    signature = request.headers.get("X-Request-Signature", "")
    if not stamp.isdigit() or not signature or not desk.signed(desk.token, stamp, body, signature):
        return _refused(desk, "bad signature")
    now = desk.clock.now()
    reported_at = datetime.fromtimestamp(min(int(stamp), 2**33), UTC)
    if abs(now - reported_at) > MAX_AGE:
        return _refused(desk, "timestamp outside 5 minutes")
    try:
        report = json.loads(body)
        request_id = report["request_id"]
        status = report.get("delivery_status", {}).get("status", "unknown")
    except (ValueError, KeyError, TypeError, AttributeError):
        return web.json_response({"error": "invalid_json", "message": "Not a delivery report."}, status=400)
    if not isinstance(request_id, str) or not isinstance(status, str) or not 0 < len(request_id) <= 128:
        return web.json_response({"error": "invalid_json", "message": "Not a delivery report."}, status=400)
    await desk.store.record(request_id, status[:32], reported_at, now)
    desk.metrics.increment("gateway_reports", outcome="accepted", status=status[:32])
    return web.json_response({"ok": True})


def mount(app: web.Application, desk: ReportDesk | None) -> None:
    """Add the route when the gateway is configured."""
    if desk is None:
        return
    app[DESK] = desk
    app.router.add_post(REPORTS_PATH, receive_report, name=REPORTS_ROUTE)
