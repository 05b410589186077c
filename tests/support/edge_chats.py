"""Helpers of the tests of issue 15's new-user rough edges: chats linked with 2FA on, and chat alerts."""

from __future__ import annotations

from dataclasses import replace

from domain.core.model import ChatMessageStatus, Method, TwoFactorSetting
from tests.support.fakes import EPOCH
from tests.support.harness import Chat, Harness

MOBILE = "+447400123456"


async def linked_with_sms(harness: Harness, email_address: str, chat_id: str, phone: str = MOBILE) -> Chat:
    """A chat linked to `email_address`, whose 2FA is on by SMS to `phone` (set directly)."""
    async with harness.uow_factory() as uow:
        user = await uow.users.get_by_email(email_address)
        assert user is not None
        await uow.two_factor.save(TwoFactorSetting(user.key, Method.SMS, phone, EPOCH))
        await uow.commit()
    chat = harness.chat(chat_id)
    await chat.say("/start")
    await chat.say(email_address)
    await chat.say(harness.email.last_code(email_address))
    assert "linked" in await chat.say(harness.sms.last_code(phone))
    return chat


async def chat_alerts(harness: Harness, chat_id: str) -> list[str]:
    """Texts of the messages the assistant started in `chat_id` since the last call (marked sent)."""
    said = []
    async with harness.uow_factory() as uow:
        for message in await uow.chat_outbox.due(chat_id, 100):
            said.append(message.text)
            await uow.chat_outbox.save(replace(message, status=ChatMessageStatus.SENT))
        await uow.commit()
    return said
