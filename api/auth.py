"""API-key authentication and scope for `/v1`: every refusal audited, never with the key.

A key is looked up by its SHA-256 (`api.tokens.KeyLookup`); an unknown and a revoked key get the same 401.
A known key outside its scope gets 403 `not_allowed`: a `login` key may call only the login routes, a
`manager` key only the manager routes (which check its contracts themselves).
"""

from __future__ import annotations

import logging

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler
from sqlalchemy.exc import SQLAlchemyError

from api.errors import ApiError
from api.keys import API_KEY, KEYS, SERVICES
from api.tokens import presented_token
from domain.core.api_keys import KeyGrant, KeyScope
from domain.core.model import AuditEvent, AuditKind

log = logging.getLogger(__name__)

API_PREFIX = "/v1"
# Routes answered without a key (by route name). /healthz and /metrics are scraped from inside by the
# load balancer and Prometheus, which hold no API key and learn nothing about accounts from them; the
# OpenAPI document describes the interface only, so integrators and tooling may fetch it freely. Telegram's
# webhook holds no key either: it proves itself with its secret header, checked by bot.webhook.
WEBHOOK_ROUTE = "telegram_webhook"
# telegram_gateway_reports: authenticated by the report's own signature (api/gateway_reports.py), not by a key
PUBLIC_ROUTES = frozenset({"healthz", "metrics", "openapi", WEBHOOK_ROUTE, "telegram_gateway_reports"})
LOGIN_ROUTES = frozenset({"start_login", "verify_login", "resend_code", "login_progress"})
MANAGER_ROUTES = frozenset({"manager_disable", "manager_action_confirm", "manager_action_status"})
_CHALLENGE: dict[str, str] = {hdrs.WWW_AUTHENTICATE: 'Bearer realm="twofa-assistant"'}


def _needs_key(request: web.Request) -> bool:
    """Fail closed: every /v1 route but the public ones, and unknown paths under /v1 (no route probing)."""
    name = request.match_info.route.name
    if name in PUBLIC_ROUTES:
        return False
    if request.match_info.route.resource is not None:
        return True
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def _in_scope(request: web.Request, grant: KeyGrant) -> bool:
    """Whether the key's scope takes this route; a route in neither list takes no key (fail closed)."""
    if request.match_info.route.resource is None:
        return True  # no such route: answered 404 like any other unknown path
    name = request.match_info.route.name
    if grant.scope is KeyScope.LOGIN:
        return name in LOGIN_ROUTES
    return name in MANAGER_ROUTES


@web.middleware
async def bearer_auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Let through public routes and requests bearing a live key of the right scope; 401 or 403 the rest."""
    if not _needs_key(request):
        return await handler(request)
    token = presented_token(request.headers.get(hdrs.AUTHORIZATION, ""))
    grant = None if token is None else await request.app[KEYS].grant(token)
    if grant is None:
        await _audit(
            request, AuditKind.API_UNAUTHORIZED, "api", reason="missing" if token is None else "wrong"
        )
        raise ApiError(401, "unauthorized", "A valid API key is required.", _CHALLENGE)
    if not _in_scope(request, grant):
        await _audit(request, AuditKind.API_FORBIDDEN, grant.actor, key=grant.name, scope=grant.scope.value)
        raise ApiError(
            403, "not_allowed", f"This API key ({grant.scope.value} scope) may not call this endpoint."
        )
    request[API_KEY] = grant
    return await handler(request)


async def _audit(request: web.Request, kind: AuditKind, actor: str, **detail: str) -> None:
    """Record who knocked (remote address, method, path) and why; never the key they sent."""
    services = request.app[SERVICES]
    event = AuditEvent(
        at=services.clock.now(),
        kind=kind,
        actor=actor,
        detail={
            "remote": request.remote or "",
            "method": request.method,
            "path": request.path[:200],
            **detail,
        },
    )
    try:
        async with services.uow_factory() as uow:
            await uow.audit.add(event)
            await uow.commit()
    except (SQLAlchemyError, OSError):
        # the refusal stands even when it cannot be recorded
        log.warning("could not audit a refused API call from %s", request.remote, exc_info=True)
