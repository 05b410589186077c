"""Faults injected at Twilio's Messages API (the Twilio-shaped server on loopback), seen through the real
login API server: 429 with Retry-After (no call until then), 500, a reset connection, a hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest_asyncio

from api.app import serve
from app.wiring import build_services
from domain.accounts import admin
from domain.core.api_keys import KeyScope
from domain.core.model import Method, Role, TwoFactorSetting
from tests.support.api import TOKEN, api_settings, seed_key, wait_healthy
from tests.support.fake_twilio import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, FakeTwilio
from tests.support.smtp import free_port

MOBILE = "+447400123456"


@pytest_asyncio.fixture
async def login_api(
    tmp_path: Path, database_url: str, fake_twilio: FakeTwilio
) -> AsyncIterator[tuple[aiohttp.ClientSession, str]]:
    port = free_port()
    settings = api_settings(
        tmp_path,
        database_url=database_url,
        http_port=port,
        sms_provider="twilio",
        twilio_account_sid=DEFAULT_ACCOUNT_SID,
        twilio_auth_token=DEFAULT_AUTH_TOKEN,
        twilio_from="+15005550006",
        twilio_api_url=fake_twilio.api_url,
        twilio_timeout_seconds=0.5,
    )
    services = await build_services(settings, stream=None)
    async with services.uow_factory() as uow:
        now = services.clock.now()
        await admin.add_contract(uow, "Acme", now)
        alice = await admin.add_user(uow, "alice@example.com", "Alice", "Acme", Role.MEMBER, now)
        await uow.two_factor.save(TwoFactorSetting(alice.key, Method.SMS, MOBILE, now))
        await seed_key(uow, "login-page", TOKEN, KeyScope.LOGIN)
        await uow.commit()
    stop = asyncio.Event()
    server = asyncio.create_task(serve(services, services.settings, stop))
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {TOKEN}"}) as session:
            await wait_healthy(session, base)
            yield session, base
    finally:
        stop.set()
        await server
        await services.aclose()


async def login(api: tuple[aiohttp.ClientSession, str], ip: str = "") -> tuple[int, dict[str, Any]]:
    session, base = api
    body = {"email": "alice@example.com"} | ({"ip": ip} if ip else {})
    async with session.post(f"{base}/v1/logins", json=body) as response:
        return response.status, await response.json()


async def test_under_429_twilio_is_not_called_again_before_its_retry_after(
    login_api: tuple[aiohttp.ClientSession, str], fake_twilio: FakeTwilio
) -> None:
    fake_twilio.throttle_next(retry_after="1", times=100)
    # each from its own client IP: every send is counted, failed or not, and one IP gets 5 in 10 minutes
    answers = [await login(login_api, f"192.0.2.{n}") for n in range(12)]
    assert {(status, body.get("problem")) for status, body in answers} == {(502, "unavailable")}
    assert fake_twilio.attempts == 1  # the other 11 failed fast here, without a call
    await asyncio.sleep(1.1)
    fake_twilio._throttled.clear()
    status, body = await login(login_api, "192.0.2.99")
    assert status == 200 and body["second_factor"] == "required" and fake_twilio.attempts == 2


async def test_500_reset_and_hang_are_unavailable_and_a_hang_is_cut_at_the_timeout_setting(
    login_api: tuple[aiohttp.ClientSession, str], fake_twilio: FakeTwilio
) -> None:
    fake_twilio.fail_next(20500, status=500)
    status, body = await login(login_api)
    assert (status, body["error"], body.get("problem")) == (502, "undelivered", "unavailable")
    fake_twilio.reset_next()
    assert (await login(login_api))[1].get("problem") == "unavailable"
    fake_twilio.hang()
    started = time.monotonic()
    status, body = await login(login_api)
    assert (status, body.get("problem")) == (502, "unavailable")
    assert time.monotonic() - started < 3  # TWOFA_TWILIO_TIMEOUT_SECONDS=0.5, not a fixed 10 s
    fake_twilio.hang(False)
    status, body = await login(login_api)
    assert status == 200 and len(fake_twilio.messages) == 1
