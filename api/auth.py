"""Bearer-token authentication for `/v1`: constant-time checks, every refusal audited without the token."""

from __future__ import annotations

import logging

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler
from sqlalchemy.exc import SQLAlchemyError

from api.errors import ApiError
from api.keys import SERVICES, TOKENS
from api.tokens import presented_token
from domain.model import AuditEvent, AuditKind

log = logging.getLogger(__name__)

API_PREFIX = "/v1"
# Routes answered without a token (by route name). /healthz and /metrics are scraped from inside by the
# load balancer and Prometheus, which hold no API token and learn nothing about accounts from them; the
# OpenAPI document describes the interface only, so integrators and tooling may fetch it freely. Telegram's
# webhook holds no token either: it proves itself with its secret header, checked by bot.webhook.
WEBHOOK_ROUTE = "telegram_webhook"
PUBLIC_ROUTES = frozenset({"healthz", "metrics", "openapi", WEBHOOK_ROUTE})
_CHALLENGE: dict[str, str] = {hdrs.WWW_AUTHENTICATE: 'Bearer realm="twofa-assistant"'}


def _needs_token(request: web.Request) -> bool:
    """Fail closed: every /v1 route but the public ones, and unknown paths under /v1 (no route probing)."""
    name = request.match_info.route.name
    if name in PUBLIC_ROUTES:
        return False
    if request.match_info.route.resource is not None:
        return True
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


@web.middleware
async def bearer_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Let through public routes and requests bearing one of the configured tokens; 401 the rest."""
    if not _needs_token(request):
        return await handler(request)
    token = presented_token(request.headers.get(hdrs.AUTHORIZATION, ""))
    if token is not None and request.app[TOKENS].accepts(token):
        return await handler(request)
    await _audit_refusal(request, "missing" if token is None else "wrong")
    raise ApiError(401, "unauthorized", "A valid bearer token is required.", _CHALLENGE)


async def _audit_refusal(request: web.Request, reason: str) -> None:
    """Record who knocked (remote address, method, path) and why; never the token they sent."""
    services = request.app[SERVICES]
    event = AuditEvent(
        at=services.clock.now(),
        kind=AuditKind.API_UNAUTHORIZED,
        actor="api",
        detail={
            "remote": request.remote or "",
            "method": request.method,
            "path": request.path[:200],
            "reason": reason,
        },
    )
    try:
        async with services.uow_factory() as uow:
            await uow.audit.add(event)
            await uow.commit()
    except (SQLAlchemyError, OSError):
        # the refusal stands even when it cannot be recorded
        log.warning("could not audit an unauthorised API call from %s", request.remote, exc_info=True)
