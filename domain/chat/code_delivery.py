"""Codes leave after the step that recorded them committed, never inside a transaction.

A step records its challenge (and counts the send) in its own transaction; once that committed, the code
is handed to its gateway with no transaction open, and the answer is recorded in a short transaction of its
own (`CodeService.deliver`). A process that dies in between leaves the send due: every worker's delivery
loop sends it (`DueCodes`). So a slow or hanging provider holds no database connection and delays no other
chat, and no send escapes the limits.

In a chat, a code that could not be delivered puts the conversation back where it was before the step and
says why — except a code to link a chat, which goes out in the background and whose failure is never told,
so that neither the reply nor its timing tells whether an address has an account.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import replace
from typing import Any

from domain.chat.turn import Turn
from domain.chat.verification import CodePrompt
from domain.core.challenge import Challenge, Purpose
from domain.core.conversation_state import Conversation
from domain.core.destinations import mask
from domain.core.ports import Clock, DeliveryProblem, DeliveryRoute, UnitOfWorkFactory
from domain.core.replies import Reply
from domain.proofs.codes import CodeService
from domain.wording import texts
from domain.wording.texts_destinations import shown_mask
from domain.wording.texts_routes import route_line


class StepDeliveries:
    """Sends the codes one chat step recorded, after its commit, and answers for the ones that failed."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, codes: CodeService, prompt: CodePrompt, clock: Clock
    ) -> None:
        self._uow_factory = uow_factory
        self._codes = codes
        self._prompt = prompt
        self._clock = clock
        self._background: set[asyncio.Task[None]] = set()

    async def after_commit(
        self, chat_id: str, before: Conversation, deliveries: list[Challenge], replies: list[Reply]
    ) -> list[Reply]:
        """`replies` when every code went out (saying which way, when a code could go more than one);
        else what to say instead, the step undone."""
        routes: list[tuple[Challenge, DeliveryRoute]] = []
        for challenge in deliveries:
            if challenge.purpose is Purpose.LINK:
                self._spawn(self._link_code(chat_id, challenge))
                continue
            try:
                delivery = await self._codes.deliver_via(self._uow_factory, challenge)
            except Exception:  # noqa: S112  the step happened: never let it be answered "nothing was changed"
                continue  # no answer was recorded, so the send is still due: the delivery loop retries it
            if delivery.problem is not None:
                return await self._undelivered(chat_id, before, challenge, delivery.problem)
            if delivery.route is not None:
                routes.append((challenge, delivery.route))
        return told_the_way(replies, routes)

    async def drain(self) -> None:
        """Wait for the link codes still going out (tests, the terminal chat, shutting down)."""
        while self._background:
            await asyncio.gather(*self._background, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _link_code(self, chat_id: str, challenge: Challenge) -> None:
        """A link code failed: the prompt carries on as a decoy does (as for an address with no account)."""
        if await self._codes.deliver(self._uow_factory, challenge) is None:
            return
        async with self._uow_factory() as uow:
            conversation = await uow.conversations.get(chat_id)
            if conversation is not None and conversation.challenge_id == challenge.id:
                decoy = conversation.at(conversation.step, self._clock.now(), None, **conversation.data)
                await uow.conversations.save(decoy)
                await uow.commit()

    async def _undelivered(
        self, chat_id: str, before: Conversation, challenge: Challenge, problem: DeliveryProblem
    ) -> list[Reply]:
        async with self._uow_factory() as uow:
            current = await uow.conversations.get(chat_id)  # waits for the chat's lock, like a step
            if current is None or current.challenge_id != challenge.id:  # moved on meanwhile: just say it
                masked = mask(challenge.channel, challenge.destination)
                return [Reply(texts.CODE_UNDELIVERED.format(masked=shown_mask(masked)))]
            link = await uow.chat_links.get(chat_id)
            user = await uow.users.get(link.user_id) if link else None
            turn = Turn(uow, chat_id, before, user, self._clock.now())
            replies = self._prompt.undelivered(turn, challenge, problem)
            await uow.conversations.save(turn.conversation)
            await uow.commit()
        return replies


def told_the_way(replies: list[Reply], routes: list[tuple[Challenge, DeliveryRoute]]) -> list[Reply]:
    """The last reply (the one about the code) says which way each code went."""
    if not routes or not replies:
        return replies
    lines = [route_line(route, mask(challenge.channel, challenge.destination)) for challenge, route in routes]
    last = replies[-1]
    return [*replies[:-1], replace(last, text=" ".join([last.text, *lines]))]


class DueCodes:
    """The delivery loop's chore: send the codes whose process died before their gateway answered."""

    def __init__(self, uow_factory: UnitOfWorkFactory, codes: CodeService) -> None:
        self._uow_factory = uow_factory
        self._codes = codes

    async def run_once(self) -> int:
        return await self._codes.deliver_due(self._uow_factory)
