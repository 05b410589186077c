"""Delivery reports of Telegram's Gateway API at POST /telegram-gateway/reports, on SQLite and PostgreSQL:
a report signed as Telegram signs them, stamped within 5 minutes, is kept (the request's latest status)
and counted; a bad, missing or foreign signature, or an old or future timestamp, is 401 and nothing is kept.
The loopback gateway posts the reports over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import text

from api.app import init_app
from tests.support.api import ALICE_MOBILE, ApiWorld, api_world
from tests.support.fake_telegram_gateway import FakeTelegramGateway, GatewayMessage

MESSAGE = GatewayMessage(ALICE_MOBILE, "482916", 300, "req-0001", None)


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
    )
    try:
        yield world
    finally:
        await world.services.aclose()


@pytest.fixture
async def url(world: ApiWorld) -> AsyncIterator[str]:
    server = TestServer(init_app(world.services))
    await server.start_server()
    try:
        yield str(server.make_url("/telegram-gateway/reports"))
    finally:
        await server.close()


def now(world: ApiWorld) -> int:
    return int(world.clock.now().timestamp())


async def kept(world: ApiWorld) -> list[tuple[str, str, int]]:
    async with world.services.engine.connect() as connection:
        query = text("SELECT request_id, status, reports FROM gateway_reports ORDER BY request_id")
        return [(row[0], row[1], row[2]) for row in await connection.execute(query)]


async def test_a_signed_report_is_kept_and_counted(
    world: ApiWorld, gateway: FakeTelegramGateway, url: str
) -> None:
    status, body = await gateway.post_report(url, MESSAGE, "delivered", timestamp=now(world))
    assert status == 200, body
    assert await kept(world) == [("req-0001", "delivered", 1)]
    world.clock.advance(seconds=30)
    status, _ = await gateway.post_report(url, MESSAGE, "read", timestamp=now(world))
    assert status == 200
    assert await kept(world) == [("req-0001", "read", 2)]
    metrics = world.services.metrics
    assert metrics.value("gateway_reports", outcome="accepted", status="read") == 1
    assert "twofa_gateway_reports_total" in metrics.render()


@pytest.mark.parametrize(
    "forgery",
    [
        "bad_signature",
        "other_token",
        "empty_signature",
        "old_timestamp",
        "future_timestamp",
    ],
)
async def test_a_report_without_a_good_signature_and_fresh_timestamp_is_refused_and_not_kept(
    world: ApiWorld, gateway: FakeTelegramGateway, url: str, forgery: str
) -> None:
    stamp = now(world)
    options: dict[str, object] = {"timestamp": stamp}
    if forgery == "bad_signature":
        options["signature"] = "0" * 64
    elif forgery == "other_token":
        options["token"] = gateway.token + "x"
    elif forgery == "empty_signature":
        options["signature"] = " "
    elif forgery == "old_timestamp":
        options["timestamp"] = stamp - 301
    elif forgery == "future_timestamp":
        options["timestamp"] = stamp + 301
    status, body = await gateway.post_report(url, MESSAGE, "delivered", **options)  # type: ignore[arg-type]
    assert status == 401, body
    assert await kept(world) == []
    assert world.services.metrics.value("gateway_reports", outcome="refused") == 1


async def test_a_replayed_signed_report_cannot_roll_the_status_back(
    world: ApiWorld, gateway: FakeTelegramGateway, url: str
) -> None:
    first = now(world)
    world.clock.advance(seconds=20)
    await gateway.post_report(url, MESSAGE, "read", timestamp=now(world))
    status, _ = await gateway.post_report(url, MESSAGE, "sent", timestamp=first)  # older, still in the window
    assert status == 200
    assert [row[1] for row in await kept(world)] == ["read"]


async def test_without_a_gateway_token_there_is_no_report_endpoint(tmp_path: Path) -> None:
    world = await api_world(tmp_path)
    try:
        assert world.services.gateway_reports is None
        routes = {route.name for route in init_app(world.services).router.routes()}
        assert "telegram_gateway_reports" not in routes
    finally:
        await world.services.aclose()
