"""A burst of chat messages (sign-in questions from many logins at once) is sent without pauses.

The dispatcher sends at most `ROUND` messages per round, then waits its interval (1 s in a worker). Before,
it waited after a full round too, so a burst of 45 questions took two extra intervals and a steady load
above 20 per (1 s + sending time) queued without bound. Now a full round is followed by the next at once.
On the fake storage, SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import time

from app.system import SystemClock
from bot.chat_outbox import ROUND, ChatOutboxDispatcher
from domain.core.model import ChatMessage
from domain.core.ports import UnitOfWorkFactory

BURST = 2 * ROUND + 5
INTERVAL = 30.0  # seconds between rounds: the burst must not wait for one


async def test_a_burst_larger_than_a_round_goes_out_without_waiting_for_the_interval(
    uow_factory: UnitOfWorkFactory,
) -> None:
    clock = SystemClock()
    async with uow_factory() as uow:
        for n in range(BURST):
            await uow.chat_outbox.add(ChatMessage(None, f"tg:{9000 + n}", f"question {n}", (), clock.now()))
        await uow.commit()
    delivered: list[str] = []

    async def deliver(message: ChatMessage) -> str:
        delivered.append(message.text)
        return str(len(delivered))

    stop = asyncio.Event()
    dispatcher = ChatOutboxDispatcher(uow_factory, clock, "tg:", deliver)
    loop = asyncio.create_task(dispatcher.run_forever(INTERVAL, stop))
    began = time.perf_counter()
    try:
        async with asyncio.timeout(10):
            while len(delivered) < BURST:  # noqa: ASYNC110  (the loop runs in its own task)
                await asyncio.sleep(0.01)
    finally:
        stop.set()
        await loop
    assert time.perf_counter() - began < 10
    assert sorted(delivered) == sorted(f"question {n}" for n in range(BURST))  # each once
    async with uow_factory() as uow:
        assert await uow.chat_outbox.due("tg:", 100, clock.now()) == []
