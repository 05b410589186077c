"""Account actions happen only in a private chat with its owner (security finding: group chats).

Through the real python-telegram-bot polling a loopback Bot API, on SQLite and PostgreSQL. Each test failed
before the fix: a linked group answered any member with the account's status and let her start changing
its 2FA; a button pressed by somebody else ran; an edited message and a channel post ran as commands.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.core.model import ChatLink
from domain.wording import texts
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

ALICE = 5001  # Alice's private chat (its id is her Telegram user id)
GROUP = -4001  # a group Alice once linked, before groups were refused
MALLORY = 6666  # another member of that group


@pytest.fixture
async def running(tmp_path: Path, smtp_sink: SmtpSink, database_url: str) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, smtp_sink, database_url=database_url) as inner:
        yield inner


async def link_alice(running: Running) -> None:
    await running.say(ALICE, "/start", "email address")
    after = len(running.smtp.messages)
    await running.say(ALICE, "alice@example.com", "we sent it a code")
    code = await running.emailed_code("alice@example.com", after)
    await running.say(ALICE, code, "linked to Alice Member's account")


async def quiet_for(running: Running, chat: int, after: int, seconds: float = 0.5) -> list[str]:
    """What the bot said in `chat` after index `after`, once it has had time to answer."""
    await asyncio.sleep(seconds)
    return [m.text for m in running.api.sent[after:] if m.chat_id == chat]


async def test_a_linked_group_answers_no_member_and_changes_nothing(running: Running) -> None:
    async with running.services.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None
        await uow.chat_links.save(ChatLink(f"tg:{GROUP}", alice.key, running.services.clock.now()))
        await uow.commit()
    for command in ("/status", "/enable", "/disable", "/start"):
        after = len(running.api.sent)
        running.api.push_message(GROUP, command, user_id=MALLORY)
        reply = await running.api.wait_for_message(GROUP, after=after)
        assert reply.text == texts.PRIVATE_CHAT_ONLY
        assert reply.reply_markup is not None
        button = reply.reply_markup["inline_keyboard"][0][0]
        assert button["url"] == "https://t.me/twofa_test_bot"
    chatter = len(running.api.sent)
    running.api.push_message(GROUP, "+447400999888", user_id=MALLORY)  # her own number, as if asked for it
    assert await quiet_for(running, GROUP, chatter) == []  # the group's own talk is not answered
    async with running.services.uow_factory() as uow:
        assert await uow.conversations.get(f"tg:{GROUP}") is None  # no step ever ran for the group
        assert not (await uow.two_factor.get(alice.key)).enabled
    assert running.smtp.messages == []  # no code, no notice


async def test_a_button_pressed_by_somebody_else_does_nothing(running: Running) -> None:
    await link_alice(running)
    status = running.api.last_with_buttons(ALICE)
    after = len(running.api.sent)
    running.api.push_callback(ALICE, status.message_id, status.callback_data("Turn on 2FA"), user_id=MALLORY)
    assert await quiet_for(running, ALICE, after) == []
    assert running.api.calls_to("answerCallbackQuery")[-1].get("text") == texts.NOT_YOUR_BUTTON
    async with running.services.uow_factory() as uow:
        conversation = await uow.conversations.get(f"tg:{ALICE}")
        assert conversation is not None and conversation.step.value == "idle"


async def test_edited_messages_and_channel_posts_are_ignored(running: Running) -> None:
    await link_alice(running)
    after = len(running.api.sent)
    running.api.push_as("edited_message", ALICE, "/disable")
    running.api.push_as("channel_post", -100777, "/status")
    assert await quiet_for(running, ALICE, after) == []
    assert [m for m in running.api.sent[after:] if m.chat_id == -100777] == []
    await running.say(ALICE, "/help", "/enable")  # the chat itself still answers
