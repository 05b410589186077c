"""Starting the HTTP API from the process: `app/` hands `api/` its services and address, and keeps the
settings' own rules (a removed variable, which variables name the address) on this side of the boundary.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

from aiohttp import web

from api.app import CannotListen, WebhookRoute, serve, start_api
from app.settings import ConfigurationError, Settings
from app.wiring import Services


def refuse_api_tokens(settings: Settings) -> None:
    """`TWOFA_API_TOKENS` is gone: refuse to start with it, rather than answer its callers 401 unexplained."""
    if settings.api_tokens is not None:
        raise ConfigurationError(
            "TWOFA_API_TOKENS is no longer read: API keys live in the database now. Create one per "
            "caller with `twofa keys add NAME --scope login` (the login page) or `twofa keys add NAME "
            "--scope manager --contract C` (admin tools), give it to that caller, then unset TWOFA_API_TOKENS"
        )


@contextlib.contextmanager
def _address_named(settings: Settings) -> Iterator[None]:
    """An address the API cannot have is a configuration error naming the two variables to fix."""
    try:
        yield
    except CannotListen as error:
        raise ConfigurationError(
            f"cannot listen on {settings.http_host}:{settings.http_port} "
            f"(TWOFA_HTTP_HOST/TWOFA_HTTP_PORT): {error.reason}"
        ) from error


async def start_http_api(services: Services, *, webhook: WebhookRoute | None = None) -> web.AppRunner:
    """Listen on `TWOFA_HTTP_HOST:TWOFA_HTTP_PORT`; the caller cleans the runner up."""
    refuse_api_tokens(services.settings)
    with _address_named(services.settings):
        return await start_api(services, services.settings, webhook=webhook)


async def serve_http_api(services: Services, stop: asyncio.Event) -> None:
    """The HTTP API until `stop` is set (`api.app.serve`, started as `start_http_api` starts it)."""
    refuse_api_tokens(services.settings)
    with _address_named(services.settings):
        await serve(services, services.settings, stop)
