"""`init_app()`, the HTTP API's factory, and `serve()`, which runs it on `TWOFA_HTTP_HOST:TWOFA_HTTP_PORT`.

What they run on is handed in by `app/` (api/services.py): this package imports nothing from it.

Callers authenticate with API keys kept in the database (`twofa keys add`), looked up by their SHA-256.
A webhook worker adds Telegram's route beside `/v1`: it is authenticated by its own secret header, not by
an API key.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from api import gateway_reports, health, manager_views, views
from api.auth import WEBHOOK_ROUTE, bearer_auth
from api.errors import json_errors
from api.keys import KEYS, SERVICES
from api.manager_views import ACTIONS
from api.openapi import openapi_document
from api.services import ApiServices, HttpAddress
from api.tokens import KeyLookup
from domain.accounts.manager_actions import ManagerActions

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 16 * 1024  # a login body is a few hundred bytes
WebhookRoute = tuple[str, Handler]  # (path, handler) of Telegram's updates


class CannotListen(Exception):
    """The API's address cannot be had (taken, or not this machine's); `app/` names the settings to fix."""

    def __init__(self, address: HttpAddress, reason: str) -> None:
        super().__init__(f"cannot listen on {address.http_host}:{address.http_port}: {reason}")
        self.reason = reason


async def _openapi(request: web.Request) -> web.Response:
    """GET /v1/openapi.json: the OpenAPI 3.1 document (public: it describes the interface only)."""
    return web.json_response(openapi_document())


def init_app(
    services: ApiServices,
    *,
    client_max_size: int = DEFAULT_MAX_BODY,
    webhook: WebhookRoute | None = None,
) -> web.Application:
    """The HTTP API on already-built services, with Telegram's `webhook` route when given.

    The services belong to the caller (in `twofa run` the bot shares them), so the app opens and closes
    no resource of its own and needs no `cleanup_ctx`. Every `/v1` route but the OpenAPI document wants an
    API key of the right scope; with no key in the database, every such call is 401.
    """
    # json_errors is outermost so that a 401 or 403 from the auth middleware is JSON as well
    app = web.Application(middlewares=[json_errors, bearer_auth], client_max_size=client_max_size)
    app[SERVICES] = services
    app[KEYS] = KeyLookup(services.uow_factory, services.clock)
    app[ACTIONS] = ManagerActions(services.uow_factory, services.codes, services.clock, services.tokens)
    if webhook is not None:
        app.router.add_post(webhook[0], webhook[1], name=WEBHOOK_ROUTE)
    _add_api_routes(app)
    app.router.add_get("/healthz", health.healthz, name="healthz")
    app.router.add_get("/metrics", health.metrics, name="metrics")
    gateway_reports.mount(app, services.gateway_reports)  # Telegram Gateway delivery reports, when configured
    return app


def _add_api_routes(app: web.Application) -> None:
    app.router.add_post("/v1/logins", views.start_login, name="start_login")
    app.router.add_post("/v1/logins/{login_id}/verify", views.verify_login, name="verify_login")
    app.router.add_post("/v1/logins/{login_id}/resend", views.resend_code, name="resend_code")
    app.router.add_get("/v1/logins/{login_id}", views.login_progress, name="login_progress")
    app.router.add_post(
        "/v1/contracts/{contract_id}/two-factor/disable",
        manager_views.disable_two_factor,
        name="manager_disable",
    )
    app.router.add_post(
        "/v1/manager-actions/{action_id}/confirm",
        manager_views.confirm_action,
        name="manager_action_confirm",
    )
    app.router.add_get(
        "/v1/manager-actions/{action_id}", manager_views.action_status, name="manager_action_status"
    )
    app.router.add_get("/v1/openapi.json", _openapi, name="openapi")


async def has_active_keys(services: ApiServices) -> bool:
    """Whether any unrevoked API key exists (`twofa run` serves the API only then)."""
    async with services.uow_factory() as uow:
        return any(key.active for key in await uow.api_keys.list())


async def start_api(
    services: ApiServices, address: HttpAddress, *, webhook: WebhookRoute | None = None
) -> web.AppRunner:
    """Listen on `address` (`CannotListen` if it cannot be had); the caller cleans the runner up."""
    app = init_app(services, webhook=webhook)
    runner = web.AppRunner(app, access_log=None)  # no access log: paths hold login ids
    await runner.setup()
    try:
        await web.TCPSite(runner, address.http_host, address.http_port).start()
    except OSError as error:
        await runner.cleanup()
        raise CannotListen(address, error.strerror or str(error)) from error
    where = ", ".join(f"http://{host}:{port}" for host, port, *_ in runner.addresses)
    log.info("HTTP API listening on %s (/v1 with an API key; /healthz and /metrics open)", where)
    if not await has_active_keys(services):
        log.warning("no API key exists yet: every /v1 call is refused until `twofa keys add` makes one")
    if webhook is not None:
        log.info("Telegram webhook listening on %s at %s (checked by its secret token)", where, webhook[0])
    return runner


async def serve(services: ApiServices, address: HttpAddress, stop: asyncio.Event) -> None:
    """Run the HTTP API until `stop` is set, then close the listener and finish open requests."""
    runner = await start_api(services, address)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
        log.info("HTTP API stopped")
