"""A Bot API call that hangs while the chat outbox sends a message (a login alert, a queued reply): no
database transaction stays open meanwhile, other chats are answered at once, and the message goes out
once, even with a second worker's dispatcher running beside the first.

Through the real python-telegram-bot against the loopback Bot API, on SQLite and PostgreSQL. Before,
the message was taken, sent and marked in one transaction: on SQLite every other chat waited for the
hanging call (the process has one connection); on PostgreSQL the row lock's transaction sat idle for the
length of the call.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from telegram.ext import ApplicationBuilder

from bot.chat_outbox import ChatOutboxDispatcher
from bot.telegram import telegram_delivery
from domain.core.model import ChatMessage
from storage.engine import create_engine
from tests.support.fake_bot_api import FakeBotApi
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

ALERTED, OTHER = 5101, 5102
HOLD_SECONDS = 1.5  # under python-telegram-bot's 5 s read timeout: the held call is answered, not retried
ALERT = "A sign-in to your account was refused. Was this you?"


@pytest.fixture
async def running(tmp_path: Path, smtp_sink: SmtpSink, database_url: str) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, smtp_sink, database_url=database_url) as inner:
        yield inner


async def open_transactions(database_url: str) -> int:
    """Sessions of this database sitting idle inside a transaction (PostgreSQL's own count)."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
                )
            )
            return int(rows.scalar_one())
    finally:
        await engine.dispose()


def sent_to(api: FakeBotApi, chat: int) -> list[str]:
    return [message.text for message in api.sent if message.chat_id == chat]


async def test_a_hanging_send_from_the_chat_outbox_holds_no_transaction_and_is_sent_once(
    running: Running, database_url: str
) -> None:
    api, services = running.api, running.services
    # Another worker's dispatcher: its own python-telegram-bot Application on the same Bot API.
    other = ApplicationBuilder().token(api.token).base_url(api.base_url).build()
    await other.initialize()
    second_worker = ChatOutboxDispatcher(
        services.uow_factory, services.clock, "tg:", telegram_delivery(other)
    )
    api.hold("sendMessage", ALERTED)
    calls = len(api.calls)
    async with services.uow_factory() as uow:
        await uow.chat_outbox.add(ChatMessage(None, f"tg:{ALERTED}", ALERT, (), services.clock.now()))
        await uow.commit()
    await api.wait_for_call("sendMessage", after=calls)  # the dispatcher is inside the hanging call
    started = time.perf_counter()
    await running.say(OTHER, "/start", "email address")
    answered_in = time.perf_counter() - started
    await second_worker.run_once()  # another worker's round while the first one's call hangs
    idle_in_transaction = (
        await open_transactions(database_url) if database_url.startswith("postgresql") else 0
    )
    await asyncio.sleep(max(0.0, HOLD_SECONDS - (time.perf_counter() - started)))
    api.release("sendMessage", ALERTED)
    await api.wait_for_message(ALERTED, lambda m: m.text == ALERT)
    await asyncio.sleep(0.5)  # ten more rounds of the dispatcher: nothing goes out twice
    await other.shutdown()
    assert sent_to(api, ALERTED) == [ALERT]
    assert answered_in < 0.8, f"another chat waited {answered_in:.2f} s for the hanging call"
    assert idle_in_transaction == 0
