"""A webhook worker killed after its step committed but before the reply left: the redelivered update
(Telegram posts it again, having had no answer) gets the reply from another worker, once.

Real `twofa serve` processes on SQLite and PostgreSQL, fed by POSTs as Telegram's webhook, replying to the
loopback Bot API. Before, the redelivery found the update id already claimed and was acknowledged with
nothing: the step had happened (the chat now waited for an email address), but the person never heard.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import aiohttp

from bot.webhook import SECRET_HEADER
from tests.faults.serving import seed, twofa_serve
from tests.support.fake_bot_api import JSON, FakeBotApi

CHAT = 7001
HOOK = "/telegram/webhook"
SECRET = "reply-after-kill-webhook-secret-0123456789"
ASKED = "email address"


def webhook_settings(api: FakeBotApi) -> dict[str, str]:
    return {
        "telegram_token": api.token,
        "telegram_api_url": api.base_url,
        "webhook_url": f"https://bot.example.com{HOOK}",
        "webhook_secret": SECRET,
    }


async def post(session: aiohttp.ClientSession, base: str, update: JSON) -> int:
    async with session.post(base + HOOK, json=update, headers={SECRET_HEADER: SECRET}) as response:
        return response.status


async def test_a_reply_lost_with_its_worker_is_sent_when_telegram_redelivers_the_update(
    tmp_path: Path, database_url: str
) -> None:
    await seed(tmp_path, database_url)
    async with FakeBotApi() as api:
        update = api.message_update(CHAT, "/start")
        api.hold("sendMessage", CHAT)
        async with twofa_serve(tmp_path, database_url, **webhook_settings(api)) as (first, session, base):
            calls = len(api.calls)
            delivery = asyncio.create_task(post(session, base, update))
            await api.wait_for_call("sendMessage", timeout=10, after=calls)  # committed; reply on its way
            first.kill()
            await first.wait()
            with contextlib.suppress(aiohttp.ClientError):
                await delivery  # Telegram saw no answer: it will deliver the update again
        api.release("sendMessage", CHAT)
        assert api.messages_for(CHAT) == []
        async with twofa_serve(tmp_path, database_url, **webhook_settings(api)) as (_, session, base):
            assert await post(session, base, update) == 200
            assert await post(session, base, update) == 200  # and once more: already said, not repeated
        replies = [message.text for message in api.messages_for(CHAT)]
        assert len(replies) == 1 and ASKED in replies[0], replies
