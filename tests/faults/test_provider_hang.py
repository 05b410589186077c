"""A provider that accepts the connection and never answers (Twilio, or an SMTP black hole), against a
real `twofa serve` process on SQLite and PostgreSQL (a pool of one connection, so a held connection shows).

Before codes left outside transactions, the hanging send held the step's database connection: on SQLite
every other request waited for the provider's timeout and /healthz answered 503 "database unreachable";
on PostgreSQL each hanging send held a pool slot. Now another user's sign-in and /healthz answer at once,
the hanging sign-in ends in 502 when the provider's timeout passes, and its send was counted all the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from app.wiring import build_services
from domain import admin
from domain.api_keys import KeyScope
from domain.model import Method, Role, TwoFactorSetting
from tests.support.api import TOKEN, api_settings, seed_key
from tests.support.fake_twilio import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, FakeTwilio
from tests.support.smtp import free_port

TWOFA = [sys.executable, "-m", "app.cli"]
PROVIDER_TIMEOUT = 3.0
HANGING = {"twilio": "alice@example.com", "smtp": "carol@example.com"}  # SMS and email 2FA


class BlackHole:
    """A TCP server that accepts and never says a word (no SMTP greeting)."""

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
    services = await build_services(api_settings(folder, database_url=database_url), stream=None)
    try:
        async with services.uow_factory() as uow:
            now = services.clock.now()
            await admin.add_contract(uow, "Acme", now)
            alice = await admin.add_user(uow, "alice@example.com", "Alice", "Acme", Role.MEMBER, now)
            carol = await admin.add_user(uow, "carol@example.com", "Carol", "Acme", Role.MEMBER, now)
            await admin.add_user(uow, "bob@example.com", "Bob", "Acme", Role.MEMBER, now)
            await uow.two_factor.save(TwoFactorSetting(alice.key, Method.SMS, "+447400123456", now))
            await uow.two_factor.save(TwoFactorSetting(carol.key, Method.EMAIL, "carol.2fa@example.net", now))
            await seed_key(uow, "login-page", TOKEN, KeyScope.LOGIN)
            await uow.commit()
    finally:
        await services.aclose()


async def sends_counted(folder: Path, database_url: str, email: str) -> int:
    services = await build_services(api_settings(folder, database_url=database_url), stream=None)
    try:
        async with services.uow_factory() as uow:
            user = await uow.users.get_by_email(email)
            assert user is not None
            return len(await uow.send_log.user_sends_since(user.key, services.clock.now().replace(year=2000)))
    finally:
        await services.aclose()


@pytest.fixture
async def server(
    tmp_path: Path, database_url: str, fake_twilio: FakeTwilio
) -> AsyncIterator[tuple[aiohttp.ClientSession, str]]:
    await seed(tmp_path, database_url)
    hole = BlackHole()
    hole_port = await hole.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")} | {
        "TWOFA_DATABASE_URL": database_url,
        "TWOFA_DATABASE_POOL_SIZE": "1",
        "TWOFA_SECRET_KEY": "an-api-test-secret-key-that-is-long-enough-0123",
        "TWOFA_OUTBOX_DIR": str(tmp_path / "outbox"),
        "TWOFA_HTTP_PORT": str(port),
        "TWOFA_SMTP_HOST": "127.0.0.1",
        "TWOFA_SMTP_PORT": str(hole_port),
        "TWOFA_SMTP_TIMEOUT_SECONDS": str(PROVIDER_TIMEOUT),
        "TWOFA_SMS_PROVIDER": "twilio",
        "TWOFA_TWILIO_ACCOUNT_SID": DEFAULT_ACCOUNT_SID,
        "TWOFA_TWILIO_AUTH_TOKEN": DEFAULT_AUTH_TOKEN,
        "TWOFA_TWILIO_FROM": "+15005550006",
        "TWOFA_TWILIO_API_URL": fake_twilio.api_url,
        "TWOFA_TWILIO_TIMEOUT_SECONDS": str(PROVIDER_TIMEOUT),
    }
    process = await asyncio.create_subprocess_exec(
        *TWOFA, "serve", env=env, stderr=asyncio.subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {TOKEN}"}) as session:
            async with asyncio.timeout(30):
                while True:
                    try:
                        async with session.get(f"{base}/healthz") as response:
                            if response.status == 200:
                                break
                    except aiohttp.ClientConnectionError:
                        pass
                    await asyncio.sleep(0.1)
            yield session, base
    finally:
        process.kill()
        await process.wait()
        await hole.close()


async def timed(
    session: aiohttp.ClientSession, method: str, url: str, **options: Any
) -> tuple[float, int, Any]:
    started = time.perf_counter()
    async with session.request(method, url, **options) as response:
        body = await response.json() if response.content_type == "application/json" else await response.text()
        return time.perf_counter() - started, response.status, body


@pytest.mark.parametrize("provider", ["twilio", "smtp"])
async def test_a_hanging_provider_delays_nobody_else_and_its_send_is_counted(
    server: tuple[aiohttp.ClientSession, str],
    fake_twilio: FakeTwilio,
    provider: str,
    tmp_path: Path,
    database_url: str,
) -> None:
    session, base = server
    fake_twilio.hang()
    hanging = asyncio.create_task(
        timed(session, "POST", f"{base}/v1/logins", json={"email": HANGING[provider]})
    )
    await asyncio.sleep(0.5)  # its code is recorded and its provider is hanging now
    others = [
        await timed(session, "POST", f"{base}/v1/logins", json={"email": "bob@example.com"}),
        await timed(session, "GET", f"{base}/healthz"),
    ]
    assert not hanging.done()
    for seconds, status, _ in others:
        assert status == 200
        assert seconds < 1.0, f"another request waited {seconds:.2f}s behind the hanging provider"
    seconds, status, body = await hanging
    assert (status, body["error"], body["problem"]) == (502, "undelivered", "unavailable")
    assert PROVIDER_TIMEOUT - 0.5 < seconds < PROVIDER_TIMEOUT + 5
    fake_twilio.hang(False)
    assert await sends_counted(tmp_path, database_url, HANGING[provider]) == 1
