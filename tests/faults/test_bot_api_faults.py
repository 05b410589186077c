"""The Bot API failing on a reply after the step ran (502, or 429 beyond the rate limiter's retries),
through the real python-telegram-bot polling the loopback Bot API, on SQLite and PostgreSQL.

Before: the step had committed and the code had gone out, yet the person was told "Something went
wrong on our side. Nothing was changed", and the reply itself was lost. Now the reply is kept in the chat
outbox and arrives once Telegram answers again; nobody is told that nothing changed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.fake_bot_api import ApiError, flood_control
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

ALICE = 5001


@pytest.fixture
async def running(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio, database_url: str
) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, smtp_sink, fake_twilio, database_url=database_url) as inner:
        await inner.say(ALICE, "/start", "email address")
        after = len(smtp_sink.messages)
        await inner.say(ALICE, "alice@example.com", "we sent it a code")
        await inner.say(ALICE, await inner.emailed_code("alice@example.com", after), "linked")
        await inner.say(ALICE, "/enable", "SMS or email")
        await inner.press(ALICE, "SMS", "mobile number")
        yield inner


@pytest.mark.parametrize(
    "failure", [ApiError(502, "Bad Gateway"), flood_control(0.05)], ids=["502", "429-beyond-retries"]
)
async def test_a_reply_telegram_refused_arrives_later_and_nobody_is_told_nothing_changed(
    running: Running, fake_twilio: FakeTwilio, failure: ApiError, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the opt-in, PTB's RetryAfter warns about its int retry_after, an error under filterwarnings.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    running.api.fail("sendMessage", failure, times=None)  # every call, until Telegram answers again
    after, calls = len(running.api.sent), len(running.api.calls)
    running.api.push_message(ALICE, "+44 7400 123456")
    await running.api.wait_for_call("sendMessage", timeout=10, after=calls)
    await fake_twilio.wait_for(lambda sms: sms.to == "+447400123456")  # the step ran: the code is out
    await asyncio.sleep(0.5)  # the rate limiter's retries, and the chat outbox's first tries, fail too
    running.api.clear_failure("sendMessage")
    reply = await running.api.wait_for_message(ALICE, lambda m: "We sent a code" in m.text, after=after)
    assert "•••" in reply.text
    said = [m.text for m in running.api.sent[after:] if m.chat_id == ALICE]
    assert not any("Nothing was changed" in text or "Something went wrong" in text for text in said)
    await running.say(ALICE, fake_twilio.last_code("+447400123456"), "2FA is on")
