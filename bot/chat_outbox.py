"""Delivers messages the assistant starts (login alerts, nudges) from the durable chat outbox.

Each front-end delivers the chats it owns (`tg:` for Telegram, `term:` for the terminal). A message is
claimed for a lease in one short transaction, sent with no transaction open (a hanging Bot API holds no
database connection and no row lock), and marked in another. Another worker skips a claimed message
until its lease ends; if the sender died meanwhile, the message goes out then: at least once, and twice
only when a process dies between Telegram's answer and the mark.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime, timedelta

from domain.core.model import ChatMessage, ChatMessageStatus
from domain.core.ports import Clock, UnitOfWorkFactory
from domain.core.replies import Button, Reply

log = logging.getLogger(__name__)
# Sends one message (or, for a message that `edits` another, replaces that one's text when `ref` names it)
# and returns the front-end's reference of the message, kept so that a later one can replace it.
Deliver = Callable[[ChatMessage], Awaitable[str | None]]
# A message is tried every round until it is this old (a Bot API outage of minutes loses nothing); after
# that it says nothing useful any more (a login alert, a reply to a step long past) and is marked failed.
MAX_AGE = timedelta(minutes=10)
# Longer than one send can take (python-telegram-bot's timeouts, the rate limiter's waits on a 429).
CLAIM_LEASE = timedelta(minutes=2)
ROUND = 20  # messages per round; a round that sends this many is followed by the next one at once


def as_reply(message: ChatMessage) -> Reply:
    return Reply(
        message.text, tuple(tuple(Button(label, data) for label, data in row) for row in message.buttons)
    )


class ChatOutboxDispatcher:
    """Sends pending chat messages whose chat id starts with `prefix` through `deliver`."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, prefix: str, deliver: Deliver) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._prefix = prefix
        self._deliver = deliver

    async def run_once(self, limit: int = ROUND) -> int:
        """Deliver up to `limit` messages (claimed, sent outside any transaction, marked); returns how many
        were attempted."""
        attempted = 0
        while attempted < limit:
            async with self._uow_factory() as uow:
                now = self._clock.now()
                due = await uow.chat_outbox.due(self._prefix, 1, now)
                if not due:
                    return attempted
                message = due[0]
                await uow.chat_outbox.save(replace(message, next_attempt_at=now + CLAIM_LEASE))
                if message.edits is not None:  # the message it replaces, as the front-end knows it
                    message = replace(
                        message, ref=await uow.chat_outbox.ref_of(message.chat_id, message.edits)
                    )
                await uow.commit()
            outcome = await self._attempt(message, self._clock.now())  # no connection held meanwhile
            async with self._uow_factory() as uow:
                await uow.chat_outbox.save(outcome)
                await uow.commit()
            attempted += 1
            if outcome.status is not ChatMessageStatus.SENT:
                break  # the chat or the front-end is failing: try again next round, not in a tight loop
        return attempted

    async def _attempt(self, message: ChatMessage, now: datetime) -> ChatMessage:
        tries = message.attempts + 1
        try:
            ref = await self._deliver(message)
        except Exception as error:  # a chat that blocked the bot must not wedge the queue
            log.warning("chat message %s not delivered (%s)", message.id, type(error).__name__)
            if now - (message.created_at or now) < MAX_AGE:
                return replace(message, attempts=tries, next_attempt_at=None)  # due again next round
            log.error("chat message %s failed for good after %d tries", message.id, tries)
            return replace(message, attempts=tries, status=ChatMessageStatus.FAILED, next_attempt_at=None)
        return replace(
            message,
            attempts=tries,
            status=ChatMessageStatus.SENT,
            sent_at=now,
            next_attempt_at=None,
            ref=ref if ref is not None else message.ref,
        )

    async def run_forever(self, interval: float, stop: asyncio.Event) -> None:
        """Poll every `interval` seconds until `stop` is set, surviving any error. A full round means a
        backlog (a burst of sign-in questions): the next round starts at once, not after the interval."""
        while not stop.is_set():
            try:
                if await self.run_once() >= ROUND:
                    continue
            except Exception as error:
                log.error("chat outbox round failed with %s", type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
