"""A provider that accepts the connection and never answers (Twilio, or an SMTP black hole), against a
real `twofa serve` process on SQLite and PostgreSQL (a pool of one connection, so a held connection shows).

Before codes left outside transactions, the hanging send held the step's database connection: on SQLite
every other request waited for the provider's timeout and /healthz answered 503 "database unreachable";
on PostgreSQL each hanging send held a pool slot. Now another user's sign-in and /healthz answer at once,
the hanging sign-in ends in 502 when the provider's timeout passes, and its send was counted all the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.faults.serving import BlackHole, seed, sends_counted, timed, twofa_serve
from tests.support.fake_twilio import DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, FakeTwilio

PROVIDER_TIMEOUT = 3.0
HANGING = {"twilio": "alice@example.com", "smtp": "carol@example.com"}  # SMS and email 2FA


@pytest.fixture
async def server(
    tmp_path: Path, database_url: str, fake_twilio: FakeTwilio
) -> AsyncIterator[tuple[aiohttp.ClientSession, str]]:
    await seed(tmp_path, database_url)
    hole = BlackHole()
    hole_port = await hole.start()
    try:
        async with twofa_serve(
            tmp_path,
            database_url,
            database_pool_size="1",
            smtp_host="127.0.0.1",
            smtp_port=str(hole_port),
            smtp_timeout_seconds=str(PROVIDER_TIMEOUT),
            sms_provider="twilio",
            twilio_account_sid=DEFAULT_ACCOUNT_SID,
            twilio_auth_token=DEFAULT_AUTH_TOKEN,
            twilio_from="+15005550006",
            twilio_api_url=fake_twilio.api_url,
            twilio_timeout_seconds=str(PROVIDER_TIMEOUT),
        ) as (_, session, base):
            yield session, base
    finally:
        await hole.close()


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
