"""Updates of one chat run in order, one at a time; different chats run at once."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update

from bot.telegram import PerChatUpdateProcessor


def update_for(chat_id: int, update_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, date=None, chat=chat, text="hi"))  # type: ignore[arg-type]


async def test_each_chat_runs_in_order_while_chats_run_concurrently() -> None:
    processor = PerChatUpdateProcessor(max_concurrent_updates=16)
    log: list[tuple[int, int, str]] = []
    running: dict[int, int] = {}
    peak_overall = 0

    async def step(chat: int, n: int) -> None:
        nonlocal peak_overall
        running[chat] = running.get(chat, 0) + 1
        peak_overall = max(peak_overall, sum(running.values()))
        assert running[chat] == 1, "two steps of one chat ran at once"
        log.append((chat, n, "start"))
        await asyncio.sleep(0.01 * (3 - n % 3))  # later steps finish faster: order must still hold
        log.append((chat, n, "end"))
        running[chat] -= 1

    await asyncio.gather(
        *(
            processor.process_update(update_for(chat, chat * 100 + n), step(chat, n))
            for n in range(6)
            for chat in (1, 2, 3)
        )
    )
    for chat in (1, 2, 3):
        assert [n for c, n, what in log if c == chat and what == "start"] == list(range(6))
    assert peak_overall > 1
    assert processor._locks == {}
