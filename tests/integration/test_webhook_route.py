"""Telegram's webhook route beside the API, in one process: the secret header, what an update is, the
step run before the answer, redeliveries, and the registration with its retries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from telegram.ext import Application

from api.app import init_app
from bot.telegram import TelegramFrontEnd
from bot.webhook import SECRET_HEADER, TelegramWebhook, WebhookNotRegistered, register_webhook
from domain.accounts.key_admin import revoke_key
from tests.support.api import TOKEN, ApiWorld, api_world
from tests.support.fake_bot_api import ApiError, FakeBotApi

PATH = "/telegram/webhook"
SECRET = "webhook-secret-for-tests-0123456789_abc"
HEADERS = {SECRET_HEADER: SECRET}
CHAT = 4242
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass
class Worker:
    api: FakeBotApi
    world: ApiWorld
    application: AnyApplication
    receiver: TelegramWebhook


@pytest.fixture
async def worker(tmp_path: Path) -> AsyncIterator[Worker]:
    """Services on SQLite, the python-telegram-bot Application without an updater, the fake Bot API."""
    async with FakeBotApi() as api:
        world = await api_world(tmp_path, telegram_token=api.token, telegram_api_url=api.base_url)
        application = TelegramFrontEnd(world.services.assistant).build(api.token, api.base_url, webhook=True)
        assert application.updater is None
        async with application:
            await application.start()
            try:
                yield Worker(api, world, application, TelegramWebhook(application, SECRET, max_body=4096))
            finally:
                await application.stop()
                await world.services.aclose()


async def client_for(worker: Worker) -> TestClient[Any, Any]:
    app = init_app(worker.world.services, webhook=(PATH, worker.receiver.handle))
    return TestClient(TestServer(app))


async def test_an_update_runs_its_step_before_the_answer(worker: Worker) -> None:
    async with await client_for(worker) as client:
        response = await client.post(PATH, json=worker.api.message_update(CHAT, "/start"), headers=HEADERS)
        assert response.status == 200
        # no waiting: the reply was sent before the 200 came back
        [reply] = worker.api.messages_for(CHAT)
        assert "email address" in reply.text


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {SECRET_HEADER: ""},
        {SECRET_HEADER: SECRET[:-1]},
        {SECRET_HEADER: SECRET + "x"},
        {"X-Other": SECRET},
    ],
)
async def test_a_call_without_the_right_secret_is_refused_and_runs_nothing(
    worker: Worker, headers: dict[str, str]
) -> None:
    async with await client_for(worker) as client:
        response = await client.post(PATH, json=worker.api.message_update(CHAT, "/start"), headers=headers)
        assert response.status == 403
        assert (await response.json())["error"] == "forbidden"
    assert worker.api.sent == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"\xff\xfe\x00", 400),
        (b"[1, 2]", 400),
        (b'{"message": {}}', 400),
        (b'{"update_id": "7"}', 400),
        (b'{"update_id": 7, "message": {"chat": 1}}', 400),
        (b'{"update_id": 7, "padding": "' + b"x" * 5000 + b'"}', 413),
    ],
)
async def test_a_body_that_is_not_an_update_is_refused(worker: Worker, body: bytes, status: int) -> None:
    async with await client_for(worker) as client:
        response = await client.post(PATH, data=body, headers=HEADERS)
        assert response.status == status
        assert set(await response.json()) == {"error", "message"}
    assert worker.api.sent == []


async def test_an_update_without_a_chat_is_acknowledged(worker: Worker) -> None:
    async with await client_for(worker) as client:
        response = await client.post(PATH, json={"update_id": 8}, headers=HEADERS)
        assert response.status == 200
    assert worker.api.sent == []


async def test_a_redelivered_update_is_acknowledged_and_ignored(worker: Worker) -> None:
    start = worker.api.message_update(CHAT, "/start")
    email = worker.api.message_update(CHAT, "alice@example.com")
    async with await client_for(worker) as client:
        for update in (start, email, email, start):
            assert (await client.post(PATH, json=update, headers=HEADERS)).status == 200
    assert len(worker.api.messages_for(CHAT)) == 2
    assert len(worker.world.email.sent) == 1


async def test_a_redelivered_button_press_is_acknowledged_and_ignored(worker: Worker) -> None:
    async with await client_for(worker) as client:
        for text in ("/start", "alice@example.com"):
            await client.post(PATH, json=worker.api.message_update(CHAT, text), headers=HEADERS)
        prompt = worker.api.last_with_buttons(CHAT)
        press = worker.api.callback_update(CHAT, prompt.message_id, "cancel")
        before = len(worker.api.sent)
        for _ in range(2):
            assert (await client.post(PATH, json=press, headers=HEADERS)).status == 200
    assert len(worker.api.sent) - before == 1  # one reply to the press, none to its redelivery
    assert len(worker.api.calls_to("answerCallbackQuery")) == 2  # each delivery stops the spinner


async def test_a_worker_serves_the_api_beside_the_webhook_and_revoked_keys_get_401(worker: Worker) -> None:
    async with worker.world.services.uow_factory() as uow:
        await revoke_key(uow, "login-page", worker.world.clock.now())
        await uow.commit()
    async with await client_for(worker) as client:
        assert (await client.get("/healthz")).status == 200
        assert (await client.get("/v1/openapi.json")).status == 200
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        login = await client.post("/v1/logins", json={"email": "alice@example.com"}, headers=bearer)
        assert login.status == 401


async def test_the_api_still_wants_a_key_and_the_webhook_does_not(worker: Worker) -> None:
    async with await client_for(worker) as client:
        assert (await client.post("/v1/logins", json={"email": "bob@example.com"})).status == 401
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        answer = await client.post("/v1/logins", json={"email": "bob@example.com"}, headers=bearer)
        assert answer.status == 200
        update = worker.api.message_update(CHAT, "/help")
        assert (await client.post(PATH, json=update, headers=HEADERS)).status == 200
        assert (await client.post(PATH, json=update)).status == 403


async def test_registering_sends_the_url_the_secret_and_the_updates_read(worker: Worker) -> None:
    url = "https://bot.example.com/telegram/webhook"
    await register_webhook(worker.application.bot, url, SECRET)
    assert worker.api.webhook is not None
    assert worker.api.webhook["url"] == url
    assert worker.api.webhook["secret_token"] == SECRET
    assert worker.api.webhook["allowed_updates"] == ["message", "callback_query"]


async def test_registering_retries_network_failures(worker: Worker) -> None:
    worker.api.fail("setWebhook", ApiError(502, "Bad Gateway"), times=2)
    await register_webhook(worker.application.bot, "https://bot.example.com/hook", SECRET, first_delay=0.01)
    assert len(worker.api.calls_to("setWebhook")) == 3
    assert worker.api.webhook is not None


async def test_registering_gives_up_after_the_last_try(worker: Worker) -> None:
    worker.api.fail("setWebhook", ApiError(500, "Internal Server Error"), times=None)
    with pytest.raises(WebhookNotRegistered, match="after 3 tries"):
        await register_webhook(
            worker.application.bot, "https://bot.example.com/hook", SECRET, attempts=3, first_delay=0.01
        )
    assert len(worker.api.calls_to("setWebhook")) == 3


async def test_a_webhook_telegram_refuses_fails_at_once(worker: Worker) -> None:
    with pytest.raises(WebhookNotRegistered, match=r"(?i)an https url must be provided"):
        await register_webhook(
            worker.application.bot, "http://bot.example.com/hook", SECRET, first_delay=0.01
        )
    assert len(worker.api.calls_to("setWebhook")) == 1
