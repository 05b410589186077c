"""The site's aiohttp application: its pages, its visits and the API client, and `start_site()`.

Nothing is built at import time: `make_app()` creates the template environment and, on startup, the
HTTP client session the API calls use.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import jinja2
from aiohttp import web

from demo_site import password_step, second_step
from demo_site.login_api import LoginApi
from demo_site.pages import API, CONFIG, JINJA, NONCE, VISIT, VISIT_ID, VISITS, SiteConfig
from demo_site.passwords import DemoPasswords
from demo_site.visits import VISIT_COOKIE, Visits, set_visit_cookie

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def visit_and_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Load the visit (a new one gets its cookie); forbid framing; a nonce for the page's one script."""
    visit_id, visit = request.app[VISITS].of(request)
    request[VISIT], request[VISIT_ID] = visit, visit_id
    request[NONCE] = secrets.token_urlsafe(16)
    try:
        response = await handler(request)
    except web.HTTPException as redirect:  # redirects are raised: they carry the cookie too
        response = redirect
        if redirect.status >= 400:
            raise
    if request.cookies.get(VISIT_COOKIE) != request[VISIT_ID]:  # new, or renewed at sign-in
        set_visit_cookie(response, request, request[VISIT_ID])
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'nonce-{request[NONCE]}'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'"
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    if isinstance(response, web.HTTPException):
        raise response
    return response


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%H:%M:%S UTC") if moment else ""


def make_app(config: SiteConfig, passwords: DemoPasswords) -> web.Application:
    """The site, calling the login API at `config.api_url` with `config.api_key`."""
    app = web.Application(middlewares=[visit_and_headers])
    app[CONFIG] = config
    app[VISITS] = Visits()
    app[password_step.PASSWORDS] = passwords
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["when"] = _when
    app[JINJA] = env

    async def api_client(app: web.Application) -> AsyncIterator[None]:
        # each waiting page holds one connection to the API for up to 25 s: room for many at once
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1000)) as session:
            app[API] = LoginApi(config.api_url, config.api_key, session)
            yield

    app.cleanup_ctx.append(api_client)
    password_step.add_routes(app)
    second_step.add_routes(app)
    app.router.add_static("/static", HERE / "static", name="static")
    return app


@dataclass
class RunningSite:
    runner: web.AppRunner
    url: str

    async def aclose(self) -> None:
        await self.runner.cleanup()


async def start_site(
    config: SiteConfig, passwords: DemoPasswords, host: str = "127.0.0.1", port: int = 8000
) -> RunningSite:
    """Listen on `host:port` (0: any free port); the caller closes it."""
    # a page's long poll holds a request up to 25 s: stopping does not wait for it
    runner = web.AppRunner(make_app(config, passwords), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError:
        await runner.cleanup()
        raise
    bound_host, bound_port = runner.addresses[0][:2]
    url = f"http://{bound_host}:{bound_port}"
    log.info("demo site listening on %s (API at %s)", url, config.api_url)
    return RunningSite(runner, url)
