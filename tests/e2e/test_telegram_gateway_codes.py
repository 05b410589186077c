"""SMS-method codes through Telegram's Gateway API, end to end: the real python-telegram-bot against the
loopback Bot API, the loopback Gateway API and the loopback Twilio, on SQLite and PostgreSQL.

The gateway first; Twilio when it cannot reach the number, errors or hangs; the chat says which way the
code went. A number in a country SMS does not go to is enrolled through the gateway alone, and refused
with the help centre's advice (use email) when Telegram cannot reach it either."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.support.fake_telegram_gateway import FakeTelegramGateway
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

BOB = 8001
MOBILE = "+447400123456"
INDIAN_MOBILE = "+919876543210"  # India is not in the default SMS regions
VIA_TELEGRAM = "It was sent to your Telegram app"


@pytest.fixture
async def gateway() -> AsyncIterator[FakeTelegramGateway]:
    async with FakeTelegramGateway() as server:
        yield server


@pytest.fixture
async def bob(
    tmp_path: Path,
    smtp_sink: SmtpSink,
    fake_twilio: FakeTwilio,
    gateway: FakeTelegramGateway,
    database_url: str,
) -> AsyncIterator[Running]:
    """The product with the gateway configured (cut at 0.5 s), Bob's chat linked and at the number prompt."""
    async with running_bot(
        tmp_path,
        smtp_sink,
        fake_twilio,
        database_url=database_url,
        telegram_gateway_token=gateway.token,
        telegram_gateway_url=gateway.api_url,
        telegram_gateway_timeout_seconds=0.5,
    ) as running:
        await running.say(BOB, "/start", "email address")
        await running.say(BOB, "bob@example.com", "we sent it a code")
        await running.say(
            BOB, await running.emailed_code("bob@example.com"), "linked to Bob Member's account"
        )
        await running.say(BOB, "/enable", "SMS or email")
        await running.press(BOB, "SMS", "mobile number")
        yield running


async def audit_kinds(running: Running) -> list[str]:
    async with running.services.engine.connect() as connection:
        return [row[0] for row in await connection.execute(text("SELECT kind FROM audit_events ORDER BY id"))]


async def test_the_code_goes_through_telegram_and_twilio_gets_nothing(
    bob: Running, gateway: FakeTelegramGateway
) -> None:
    said = await bob.say(BOB, "07400 123456", "We sent a code to +44 ••••••• 56")
    assert VIA_TELEGRAM in said and "sent by SMS" not in said
    [message] = gateway.messages
    assert message.phone_number == MOBILE and len(message.code) == 6
    await bob.say(BOB, message.code, "2FA is on")
    assert bob.twilio is not None and bob.twilio.attempts == 0
    assert "code_delivered_via" in await audit_kinds(bob)
    # Later codes to the number go the same way: /test
    await bob.say(BOB, "/test", "test code")
    assert len(gateway.messages) == 2 and bob.twilio.attempts == 0


@pytest.mark.parametrize("fault", ["unreachable", "ok_false", "http_502", "hang"])
async def test_twilio_gets_the_code_when_the_gateway_cannot(
    bob: Running, gateway: FakeTelegramGateway, fault: str
) -> None:
    if fault == "unreachable":
        gateway.unreachable.add(MOBILE)
    elif fault == "ok_false":
        gateway.fail_next("INTERNAL_ERROR")
    elif fault == "http_502":
        gateway.fail_next(status=502)
    else:
        gateway.hang()
    said = await bob.say(BOB, "07400 123456", "We sent a code to +44 ••••••• 56")
    assert "It was sent by SMS to +44 ••••••• 56." in said and VIA_TELEGRAM not in said
    twilio = bob.twilio
    assert twilio is not None
    await twilio.wait_for(lambda m: m.to == MOBILE)
    assert gateway.messages == []
    await bob.say(BOB, twilio.last_code(MOBILE), "2FA is on")
    gateway.hang(False)


async def test_a_number_where_sms_is_not_offered_is_enrolled_through_telegram(
    bob: Running, gateway: FakeTelegramGateway
) -> None:
    said = await bob.say(BOB, INDIAN_MOBILE, "We sent a code to +91 ••••••• 10")
    assert VIA_TELEGRAM in said
    [message] = gateway.messages
    assert message.phone_number == INDIAN_MOBILE
    await bob.say(BOB, message.code, "2FA is on")
    assert bob.twilio is not None and bob.twilio.attempts == 0


@pytest.mark.parametrize("fault", ["unreachable", "ok_false"])
async def test_a_number_where_sms_is_not_offered_never_falls_back_to_sms(
    bob: Running, gateway: FakeTelegramGateway, fault: str
) -> None:
    if fault == "unreachable":
        gateway.unreachable.add(INDIAN_MOBILE)
        expect = "We cannot send SMS to that country yet. Email works everywhere."
    else:
        gateway.fail_next("INTERNAL_ERROR")
        expect = "We could not send a code to +91 ••••••• 10 just now."
    await bob.say(BOB, INDIAN_MOBILE, expect)
    assert bob.twilio is not None and bob.twilio.attempts == 0
    await bob.say(BOB, "/status", "2FA: off")  # nothing was saved
