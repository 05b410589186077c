"""The loopback Bot API of the end-to-end tests, with a per-chat inbox for hundreds of simulated chats.

`FakeBotApi.wait_for_message` rescans everything sent on every wake-up, which is right for a test and
quadratic for a benchmark; here each `sendMessage` is also put, with the time it arrived, on its chat's
queue, so a simulated user waits for its own replies only.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from tests.support.fake_bot_api import FakeBotApi, SentMessage

Arrival = tuple[SentMessage, float]  # the message and `time.perf_counter()` when the bot sent it


class BenchBotApi(FakeBotApi):
    """`FakeBotApi` (setMyCommands allowed) plus `inbox(chat_id)`.

    Update ids start at `first_update_id`: a bot that shares a database with an earlier run must not see
    ids it already processed (it would acknowledge them as redeliveries and do nothing, as Telegram
    expects).
    """

    def __init__(self, first_update_id: int = 1) -> None:
        super().__init__(set_my_commands_error=None)
        self._update_ids = itertools.count(first_update_id)
        self._inboxes: dict[int, asyncio.Queue[Arrival]] = {}

    def inbox(self, chat_id: int) -> asyncio.Queue[Arrival]:
        """Messages sent to `chat_id` that the driver has not read yet, oldest first."""
        queue = self._inboxes.get(chat_id)
        if queue is None:
            queue = self._inboxes[chat_id] = asyncio.Queue()
        return queue

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        result = super()._send_message(params)
        sent = self.sent[-1]
        self.inbox(sent.chat_id).put_nowait((sent, time.perf_counter()))
        return result
