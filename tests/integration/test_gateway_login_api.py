"""The login API with Telegram's Gateway API configured, on SQLite and PostgreSQL: an SMS-method code goes
through the loopback gateway (our own code, so the same code verifies), the answer says
`delivered_via: telegram`; when the gateway cannot reach the number, errors or hangs, the code goes by SMS
within the send deadline and the answer says `delivered_via: sms`. Answers are checked against the
OpenAPI document."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from api.app import init_app
from tests.support.api import ALICE_MOBILE, ApiClient, ApiWorld, Contract, api_world
from tests.support.fake_telegram_gateway import FakeTelegramGateway

ALICE = {"email": "alice@example.com", "ip": "203.0.113.9"}


@pytest.fixture
async def gateway() -> AsyncIterator[FakeTelegramGateway]:
    async with FakeTelegramGateway() as server:
        yield server


@pytest.fixture
async def world(tmp_path: Path, database_url: str, gateway: FakeTelegramGateway) -> AsyncIterator[ApiWorld]:
    world = await api_world(
        tmp_path,
        database_url=database_url,
        telegram_gateway_token=gateway.token,
        telegram_gateway_url=gateway.api_url,
        telegram_gateway_timeout_seconds=0.5,
    )
    try:
        yield world
    finally:
        await world.services.aclose()


@pytest.fixture
async def api(world: ApiWorld) -> AsyncIterator[ApiClient]:
    async with TestClient(TestServer(init_app(world.services))) as client:
        yield ApiClient(client, Contract())


async def test_the_code_goes_through_telegram_and_verifies(
    api: ApiClient, world: ApiWorld, gateway: FakeTelegramGateway
) -> None:
    started = await api.post("/v1/logins", ALICE)
    assert started.status == 200
    assert started.body["delivered_via"] == "telegram"
    assert started.body["channel"] == "sms" and started.body["sent_to"] == "+44 ••••••• 56"
    [message] = gateway.messages
    assert message.phone_number == ALICE_MOBILE
    assert gateway.calls == ["checksendability", "sendverificationmessage"]  # the checked request reused
    assert world.sms.sent == []  # nothing by SMS
    assert message.ttl == 300  # the code's lifetime
    verified = await api.post(f"/v1/logins/{started.body['login_id']}/verify", {"code": message.code})
    assert verified.status == 200 and verified.body["verified"] is True
    async with world.services.engine.connect() as connection:
        kinds = (await connection.execute(text("SELECT kind, detail FROM audit_events"))).all()
    via = [detail for kind, detail in kinds if kind == "code_delivered_via"]
    assert len(via) == 1 and "telegram" in str(via[0])
    assert world.services.metrics.value("code_routes", route="telegram") == 1


@pytest.mark.parametrize("fault", ["unreachable", "ok_false", "http_502", "hang"])
async def test_the_code_falls_back_to_sms_when_the_gateway_says_no_or_fails(
    api: ApiClient, world: ApiWorld, gateway: FakeTelegramGateway, fault: str
) -> None:
    if fault == "unreachable":
        gateway.unreachable.add(ALICE_MOBILE)
    elif fault == "ok_false":
        gateway.fail_next("BALANCE_NOT_ENOUGH")
    elif fault == "http_502":
        gateway.fail_next(status=502)
    else:
        gateway.hang()
    clock = time.monotonic()
    started = await api.post("/v1/logins", ALICE)
    took = time.monotonic() - clock
    assert started.status == 200, started.body
    assert started.body["delivered_via"] == "sms"
    assert took < 3.0  # the gateway's 0.5 s, then SMS: well within the 20 s send deadline
    [sms] = world.sms.sent
    assert sms.to == ALICE_MOBILE
    assert gateway.messages == []
    code = world.sms.last_code(ALICE_MOBILE)
    verified = await api.post(f"/v1/logins/{started.body['login_id']}/verify", {"code": code})
    assert verified.status == 200
    assert world.services.metrics.value("code_routes", route="sms") == 1


async def test_a_resend_says_which_way_it_went(
    api: ApiClient, world: ApiWorld, gateway: FakeTelegramGateway
) -> None:
    started = await api.post("/v1/logins", ALICE)
    world.clock.advance(seconds=61)
    gateway.unreachable.add(ALICE_MOBILE)
    resent = await api.post(f"/v1/logins/{started.body['login_id']}/resend")
    assert resent.status == 200 and resent.body["delivered_via"] == "sms"
    assert gateway.messages[0].code == world.sms.last_code(ALICE_MOBILE)  # the same code either way


async def test_an_email_code_says_nothing_of_routes(api: ApiClient, world: ApiWorld) -> None:
    started = await api.post("/v1/logins", {"email": "carol@example.com"})
    assert started.status == 200 and "delivered_via" not in started.body
