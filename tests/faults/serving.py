"""What the fault tests share: seeded users, a `twofa serve` process, a TCP black hole, send-log reads."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from app.wiring import build_services
from domain.accounts import admin
from domain.core.api_keys import KeyScope
from domain.core.model import Method, Role, TwoFactorSetting
from tests.support.api import TOKEN, api_settings, seed_key, wait_healthy
from tests.support.smtp import free_port

TWOFA = [sys.executable, "-m", "app.cli"]
SECRET_KEY = "an-api-test-secret-key-that-is-long-enough-0123"
ALICE_MOBILE = "+447400123456"  # alice: 2FA by SMS
CAROL_2FA = "carol.2fa@example.net"  # carol: 2FA by email; bob: no 2FA


class BlackHole:
    """A TCP server that accepts and never says a word (no SMTP greeting, no HTTP answer)."""

    def __init__(self) -> None:
        self._held: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None

    async def start(self) -> int:
        async def accept(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self._held.append(writer)

        self._server = await asyncio.start_server(accept, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def close(self) -> None:
        for writer in self._held:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


async def seed(folder: Path, database_url: str) -> None:
    """alice (SMS 2FA), carol (email 2FA), bob (none) and the login page's key."""
    services = await build_services(api_settings(folder, database_url=database_url), stream=None)
    try:
        async with services.uow_factory() as uow:
            now = services.clock.now()
            await admin.add_contract(uow, "Acme", now)
            alice = await admin.add_user(uow, "alice@example.com", "Alice", "Acme", Role.MEMBER, now)
            carol = await admin.add_user(uow, "carol@example.com", "Carol", "Acme", Role.MEMBER, now)
            await admin.add_user(uow, "bob@example.com", "Bob", "Acme", Role.MEMBER, now)
            await uow.two_factor.save(TwoFactorSetting(alice.key, Method.SMS, ALICE_MOBILE, now))
            await uow.two_factor.save(TwoFactorSetting(carol.key, Method.EMAIL, CAROL_2FA, now))
            await seed_key(uow, "login-page", TOKEN, KeyScope.LOGIN)
            await uow.commit()
    finally:
        await services.aclose()


async def sends_counted(folder: Path, database_url: str, email: str) -> int:
    """How many codes the send log counts for the user, ever."""
    services = await build_services(api_settings(folder, database_url=database_url), stream=None)
    try:
        async with services.uow_factory() as uow:
            user = await uow.users.get_by_email(email)
            assert user is not None
            return len(await uow.send_log.user_sends_since(user.key, services.clock.now().replace(year=2000)))
    finally:
        await services.aclose()


def serve_env(folder: Path, database_url: str, port: int, **settings: str) -> dict[str, str]:
    """The environment of a `twofa serve` process: this test's database, no `TWOFA_` from outside."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")}
    return env | {
        "TWOFA_DATABASE_URL": database_url,
        "TWOFA_SECRET_KEY": SECRET_KEY,
        "TWOFA_OUTBOX_DIR": str(folder / "outbox"),
        "TWOFA_HTTP_PORT": str(port),
        **{f"TWOFA_{name.upper()}": value for name, value in settings.items()},
    }


@asynccontextmanager
async def twofa_serve(
    folder: Path, database_url: str, **settings: str
) -> AsyncIterator[tuple[asyncio.subprocess.Process, aiohttp.ClientSession, str]]:
    """A `twofa serve` process, healthy, and a session holding the login page's key; killed at the end."""
    port = free_port()
    env = serve_env(folder, database_url, port, **settings)
    process = await asyncio.create_subprocess_exec(
        *TWOFA, "serve", env=env, stderr=asyncio.subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {TOKEN}"}) as session:
            await wait_healthy(session, base)
            yield process, session, base
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def timed(
    session: aiohttp.ClientSession, method: str, url: str, **options: Any
) -> tuple[float, int, Any]:
    """(seconds, status, JSON or text) of one request."""
    started = time.perf_counter()
    async with session.request(method, url, **options) as response:
        body = await response.json() if response.content_type == "application/json" else await response.text()
        return time.perf_counter() - started, response.status, body
