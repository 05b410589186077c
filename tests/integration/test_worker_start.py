"""`twofa serve` as a webhook worker, in this process: what it refuses before starting, how it stops."""

from __future__ import annotations

import argparse
import asyncio
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from app.commands import dispatch
from app.settings import ConfigurationError
from app.worker import run_worker
from bot.webhook import SECRET_HEADER
from tests.support.api import ApiWorld, api_world
from tests.support.fake_bot_api import ApiError, FakeBotApi

URL = "https://bot.example.com/telegram/webhook"
SECRET = "webhook-secret-for-tests-0123456789_abc"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def webhook_world(tmp_path: Path, api: FakeBotApi, port: int, **settings: Any) -> ApiWorld:
    """A world whose services are a webhook worker's, on `api` and listening on `port`."""
    return await api_world(
        tmp_path,
        telegram_token=api.token,
        telegram_api_url=api.base_url,
        webhook_url=URL,
        webhook_secret=SECRET,
        http_port=port,
        **settings,
    )


async def run_until_ready(tmp_path: Path, api: FakeBotApi, **settings: Any) -> None:
    """Start a worker, post one update once it listens, stop it; the update's reply must have been sent."""
    port = free_port()
    world = await webhook_world(tmp_path, api, port, **settings)
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(world.services, stop))
    try:
        async with aiohttp.ClientSession() as http:
            await api.wait_for_call("setWebhook", timeout=30)
            update = api.message_update(77, "/start")
            async with http.post(
                f"http://127.0.0.1:{port}/telegram/webhook", json=update, headers={SECRET_HEADER: SECRET}
            ) as response:
                assert response.status == 200
            async with http.get(f"http://127.0.0.1:{port}/v1/openapi.json") as response:
                assert response.status == 200  # a worker always serves /v1 beside the webhook
        assert len(api.messages_for(77)) == 1
    finally:
        stop.set()
        await asyncio.wait_for(worker, 30)
        await world.services.aclose()


async def test_a_webhook_worker_serves_the_webhook_and_the_api(tmp_path: Path) -> None:
    async with FakeBotApi() as api:
        await run_until_ready(tmp_path, api)
        assert api.webhook is not None  # left registered at stop: the other workers still serve it


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ({"webhook_secret": None}, "TWOFA_WEBHOOK_SECRET is required"),
        ({"telegram_token": None}, "needs TWOFA_TELEGRAM_TOKEN"),
        ({"api_tokens": "an-old-token"}, "TWOFA_API_TOKENS is no longer read.*twofa keys add"),
    ],
)
async def test_a_worker_that_cannot_work_is_refused_before_it_starts(
    tmp_path: Path, settings: dict[str, Any], reason: str
) -> None:
    async with FakeBotApi() as api:
        values = {"telegram_token": api.token, "telegram_api_url": api.base_url, "webhook_secret": SECRET}
        world = await api_world(tmp_path, webhook_url=URL, **(values | settings))
        try:
            with pytest.raises(ConfigurationError, match=reason):
                await run_worker(world.services, asyncio.Event())
        finally:
            await world.services.aclose()
        assert api.calls == []


async def test_a_webhook_telegram_refuses_stops_the_worker_and_frees_its_port(tmp_path: Path) -> None:
    port = free_port()
    async with FakeBotApi() as api:
        api.fail("setWebhook", ApiError(400, "Bad Request: bad webhook: Failed to resolve host"))
        world = await webhook_world(tmp_path, api, port)
        try:
            with pytest.raises(ConfigurationError, match=r"(?i)refused the webhook.*failed to resolve host"):
                await run_worker(world.services, asyncio.Event())
        finally:
            await world.services.aclose()
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))


async def test_polling_is_refused_while_a_webhook_is_configured(tmp_path: Path) -> None:
    async with FakeBotApi() as api:
        world = await api_world(tmp_path, telegram_token=api.token, telegram_api_url=api.base_url)
        await world.services.aclose()
        webhook = {"webhook_url": URL, "webhook_secret": SecretStr(SECRET)}
        settings = world.services.settings.model_copy(update=webhook)
        with pytest.raises(ConfigurationError, match="runs as webhook workers"):
            await dispatch(settings, argparse.Namespace(command="run"))
        assert api.calls_to("getUpdates") == [] and api.calls_to("deleteWebhook") == []
