"""A redelivered Telegram update is acknowledged and ignored: no second step, reply or code."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.update_log import UpdateLogPruner
from domain.core.conversation_state import Step
from domain.core.model import OutgoingEmail
from domain.core.replies import Incoming
from tests.support.fakes import FakeEmailSender
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import Harness


async def _step(harness: Harness, chat_id: str = "tg:1") -> Step:
    async with harness.uow_factory() as uow:
        conversation = await uow.conversations.get(chat_id)
    assert conversation is not None
    return conversation.step


async def test_a_redelivered_update_gets_no_reply_and_changes_nothing() -> None:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    assert await harness.assistant.handle(Incoming("tg:1", text="/start", update_id=10))
    email = Incoming("tg:1", text="alice@example.com", update_id=11)
    first = await harness.assistant.handle(email)
    await harness.assistant.drain()  # a link code goes out in the background
    assert first and len(harness.email.sent) == 1
    assert await harness.assistant.handle(email) == []
    await harness.assistant.drain()
    assert len(harness.email.sent) == 1  # no second code
    assert await _step(harness) is Step.LINK_CODE


async def test_a_redelivered_button_press_is_ignored_too() -> None:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    press = Incoming("tg:1", button="start", update_id=5)
    assert await harness.assistant.handle(press)
    assert await harness.assistant.handle(press) == []
    assert await harness.assistant.handle(Incoming("tg:1", button="start", update_id=6))


class CrashingOnce(FakeEmailSender):
    """Dies in the middle of the first send, as a process killed mid-step would."""

    def __init__(self) -> None:
        super().__init__()
        self.crashed = False

    async def send_email(self, message: OutgoingEmail) -> None:
        if not self.crashed:
            self.crashed = True
            raise ConnectionResetError("the worker died mid-step")
        await super().send_email(message)


async def test_a_step_that_failed_before_its_commit_runs_when_redelivered() -> None:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    await harness.assistant.handle(Incoming("tg:1", text="/start", update_id=20))
    email = Incoming("tg:1", text="alice@example.com", update_id=21)
    assert isinstance(harness.uow_factory, FakeUnitOfWorkFactory)
    harness.uow_factory.fail_next_commit = True
    with pytest.raises(ConnectionResetError):
        await harness.assistant.handle(email)
    assert await _step(harness) is Step.LINK_EMAIL and harness.email.sent == []  # nothing left before commit
    assert await harness.assistant.handle(email)  # Telegram's retry: the id was not kept
    await harness.assistant.drain()
    assert len(harness.email.sent) == 1
    assert await _step(harness) is Step.LINK_CODE


async def test_a_code_whose_process_died_before_the_gateway_answered_is_sent_once_by_the_sweep() -> None:
    harness = Harness(FakeUnitOfWorkFactory(), email=CrashingOnce())
    await harness.seed()
    await harness.assistant.handle(Incoming("tg:1", text="/start", update_id=30))
    email = Incoming("tg:1", text="alice@example.com", update_id=31)
    assert await harness.assistant.handle(email)  # the step committed; the send dies in the background
    await harness.assistant.drain()
    assert harness.email.sent == [] and await _step(harness) is Step.LINK_CODE
    assert await harness.assistant.handle(email) == []  # a redelivery does not send it again
    assert await harness.codes.deliver_due(harness.uow_factory) == 0  # not due yet: it may still be going
    harness.clock.advance(seconds=31)
    assert await harness.codes.deliver_due(harness.uow_factory) == 1
    assert await harness.codes.deliver_due(harness.uow_factory) == 0
    assert len(harness.email.sent) == 1
    assert "linked" in await harness.chat("tg:1").say(harness.email.last_code())


async def test_messages_without_an_update_id_always_run() -> None:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    help_message = Incoming("tg:1", text="/help")
    assert await harness.assistant.handle(help_message)
    assert await harness.assistant.handle(help_message)


async def test_the_pruner_forgets_ids_older_than_a_day_and_keeps_the_rest() -> None:
    harness = Harness(FakeUnitOfWorkFactory())
    now = harness.clock.now()
    async with harness.uow_factory() as uow:
        await uow.updates.claim(1, now - timedelta(hours=25))
        await uow.updates.claim(2, now - timedelta(hours=23))
        await uow.commit()
    assert await UpdateLogPruner(harness.uow_factory, harness.clock).run_once() == 1
    async with harness.uow_factory() as uow:
        assert await uow.updates.claim(1, now) is True
        assert await uow.updates.claim(2, now) is False
