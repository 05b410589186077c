"""`init_app()`, the HTTP API's factory, and `serve()`, which runs it on `TWOFA_HTTP_HOST:TWOFA_HTTP_PORT`.

A webhook worker adds Telegram's route beside `/v1`: it is authenticated by its own secret header, not by
a bearer token, and without API tokens the worker serves it (with /healthz and /metrics) alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiohttp import web
from aiohttp.typedefs import Handler

from api import health, manager_views, views
from api.auth import WEBHOOK_ROUTE, bearer_auth
from api.errors import json_errors
from api.keys import SERVICES, TOKENS
from api.openapi import openapi_document
from api.tokens import BearerTokens
from app.settings import MIN_KEY_LENGTH, ConfigurationError, Settings
from app.wiring import Services

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 16 * 1024  # a login body is a few hundred bytes
WebhookRoute = tuple[str, Handler]  # (path, handler) of Telegram's updates


async def _openapi(request: web.Request) -> web.Response:
    """GET /v1/openapi.json: the OpenAPI 3.1 document (public: it describes the interface only)."""
    return web.json_response(openapi_document())


def init_app(
    services: Services,
    api_tokens: Sequence[str],
    *,
    client_max_size: int = DEFAULT_MAX_BODY,
    webhook: WebhookRoute | None = None,
) -> web.Application:
    """The HTTP API on already-built services, with Telegram's `webhook` route when given.

    The services belong to the caller (in `twofa run` the bot shares them), so the app opens and closes
    no resource of its own and needs no `cleanup_ctx`. Without tokens only a webhook may be served: then
    no `/v1` route exists at all.
    """
    tokens = BearerTokens(api_tokens)
    if not len(tokens) and webhook is None:
        raise ConfigurationError("the HTTP API needs at least one token in TWOFA_API_TOKENS")
    # json_errors is outermost so that a 401 from the auth middleware is JSON as well
    middlewares = [json_errors, bearer_auth] if len(tokens) else [json_errors]
    app = web.Application(middlewares=middlewares, client_max_size=client_max_size)
    app[SERVICES] = services
    app[TOKENS] = tokens
    if webhook is not None:
        app.router.add_post(webhook[0], webhook[1], name=WEBHOOK_ROUTE)
    if len(tokens):
        _add_api_routes(app)
    app.router.add_get("/healthz", health.healthz, name="healthz")
    app.router.add_get("/metrics", health.metrics, name="metrics")
    return app


def _add_api_routes(app: web.Application) -> None:
    app.router.add_post("/v1/logins", views.start_login, name="start_login")
    app.router.add_post("/v1/logins/{login_id}/verify", views.verify_login, name="verify_login")
    app.router.add_post("/v1/logins/{login_id}/resend", views.resend_code, name="resend_code")
    app.router.add_post(
        "/v1/contracts/{contract_id}/two-factor/disable",
        manager_views.disable_two_factor,
        name="manager_disable",
    )
    app.router.add_get("/v1/openapi.json", _openapi, name="openapi")


def checked_tokens(settings: Settings, *, required: bool = True) -> list[str]:
    """`TWOFA_API_TOKENS`, refusing none at all when `required`, and short ones in production."""
    tokens = settings.api_token_values()
    if not tokens and not required:
        return []
    if not tokens:
        raise ConfigurationError(
            "TWOFA_API_TOKENS is not set: give one or more comma-separated bearer tokens "
            '(python -c "import secrets; print(secrets.token_urlsafe(32))")'
        )
    if settings.environment == "production" and any(len(token) < MIN_KEY_LENGTH for token in tokens):
        raise ConfigurationError(f"every TWOFA_API_TOKENS token must be at least {MIN_KEY_LENGTH} characters")
    return tokens


async def start_api(
    services: Services, settings: Settings, *, webhook: WebhookRoute | None = None
) -> web.AppRunner:
    """Listen on `TWOFA_HTTP_HOST:TWOFA_HTTP_PORT`; the caller cleans the runner up.

    With a `webhook`, the API's tokens are optional (a pure webhook worker has none).
    """
    tokens = checked_tokens(settings, required=webhook is None)
    app = init_app(services, tokens, webhook=webhook)
    runner = web.AppRunner(app, access_log=None)  # no access log: paths hold login ids
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.http_host, settings.http_port).start()
    except OSError as error:
        await runner.cleanup()
        raise ConfigurationError(
            f"cannot listen on {settings.http_host}:{settings.http_port} "
            f"(TWOFA_HTTP_HOST/TWOFA_HTTP_PORT): {error.strerror or error}"
        ) from error
    where = ", ".join(f"http://{host}:{port}" for host, port, *_ in runner.addresses)
    if tokens:
        log.info("HTTP API listening on %s (/v1 with a bearer token; /healthz and /metrics open)", where)
    if webhook is not None:
        log.info("Telegram webhook listening on %s at %s (checked by its secret token)", where, webhook[0])
    return runner


async def serve(services: Services, settings: Settings, stop: asyncio.Event) -> None:
    """Run the HTTP API until `stop` is set, then close the listener and finish open requests."""
    runner = await start_api(services, settings)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        log.info("HTTP API stopped")
