"""Linking through the real python-telegram-bot client, a loopback Bot API server and a real SMTP server.

The code a user types is read from the email that aiosmtpd received, as a person would read it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.accounts.linking import create_link_token
from tests.support.running_bot import Running as RunningBot
from tests.support.running_bot import running_bot
from tests.support.smtp import SmtpSink, extract_code

ALICE = 5001


class Running:
    """The shared running bot, bound to Alice's chat unless told otherwise."""

    def __init__(self, inner: RunningBot) -> None:
        self.inner, self.api, self.smtp, self.services = inner, inner.api, inner.smtp, inner.services

    async def say(self, text: str, expect: str, chat: int = ALICE) -> str:
        return await self.inner.say(chat, text, expect)

    async def press(self, label: str, expect: str, chat: int = ALICE) -> str:
        return await self.inner.press(chat, label, expect)


@pytest.fixture
async def running(tmp_path: Path, smtp_sink: SmtpSink) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, smtp_sink) as inner:
        yield Running(inner)


async def test_a_user_links_the_chat_with_the_code_emailed_to_the_account(running: Running) -> None:
    intro = await running.say("/start", "What is your account email address?")
    assert "twofa-assistant" in intro
    await running.say("alice@example.com", "If alice@example.com belongs to an account")
    email = await running.smtp.wait_for(lambda m: m["To"] == "alice@example.com")
    assert "to link a chat" in str(email["Subject"])
    after = len(running.api.sent)
    await running.say(extract_code(email), "linked to Alice Member's account")
    await running.api.wait_for_message(ALICE, lambda m: "2FA: off" in m.text, after=after)
    status = await running.say("/status", "Contract: Demo Ltd")
    assert "Account: Alice Member (alice@example.com)" in status


async def test_buttons_resend_the_code_and_mark_the_choice(running: Running) -> None:
    await running.say("/start", "email address")
    await running.say("bob@example.com", "we sent it a code")
    await running.smtp.wait_for(lambda m: m["To"] == "bob@example.com")
    await running.press("Resend code", "You can ask for it again in")
    assert running.api.calls_to("answerCallbackQuery")
    marked = await running.api.wait_for_message(ALICE, lambda m: "» Resend code" in m.text)
    assert marked.buttons == []  # the pressed keyboard is replaced by the choice
    await running.press("Cancel", "Cancelled. Nothing was changed.")


async def test_a_deep_link_links_the_chat_without_the_email_step(running: Running) -> None:
    services = running.services
    async with services.uow_factory() as uow:
        carol = await uow.users.get_by_email("carol@example.com")
        assert carol is not None
        token = await create_link_token(
            uow,
            carol,
            services.tokens,
            services.server_key,
            services.clock.now(),
            services.settings.otp_policy().link_token_lifetime,
        )
        await uow.commit()
    await running.say(f"/start {token}", "linked to Carol Manager's account")
    assert running.smtp.messages == []
    await running.say(f"/start {token}", "expired or was already used", chat=ALICE + 1)


async def test_the_bot_starts_although_setting_the_command_menu_failed(running: Running) -> None:
    await running.api.wait_for_call("setMyCommands")
    await running.say("/help", "/status")


async def test_updates_of_several_chats_are_all_answered(running: Running) -> None:
    chats = range(6001, 6011)
    after = len(running.api.sent)
    for chat in chats:
        running.api.push_message(chat, "/start")
    for chat in chats:
        await running.api.wait_for_message(chat, lambda m: "email address" in m.text, after=after)


async def test_linking_the_account_from_another_chat_moves_it_and_emails_a_notice(running: Running) -> None:
    for chat in (ALICE, ALICE + 1):
        await running.say("/start", "email address", chat=chat)
        running.smtp.clear()
        await running.say("alice@example.com", "we sent it a code", chat=chat)
        email = await running.smtp.wait_for(lambda m: "code" in str(m["Subject"]))
        await running.say(extract_code(email), "linked to Alice Member's account", chat=chat)
    notice = await running.smtp.wait_for(lambda m: "linked to a new chat" in str(m["Subject"]))
    assert notice["To"] == "alice@example.com"
    await running.say("/status", "not linked", chat=ALICE)


async def test_a_failing_step_is_answered_with_an_apology_and_changes_nothing(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("storage fell over with code 123456")

    monkeypatch.setitem(running.services.assistant._commands, "status", broken)
    await running.say("/status", "Something went wrong on our side")
    monkeypatch.undo()
    await running.say("/status", "not linked")
