"""2FA in chat end to end: the real python-telegram-bot client against a loopback Bot API, codes read from
a real aiosmtpd server and from a loopback server speaking Twilio's Messages API, notices by SMTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.core.model import AuditKind
from domain.core.repositories import OutboxStatus
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink, body_of

BOB = 8001
MOBILE = "+447400123456"


@pytest.fixture
async def bob(tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio) -> AsyncIterator[Running]:
    """The product running, with Bob's chat already linked."""
    async with running_bot(tmp_path, smtp_sink, fake_twilio) as running:
        await running.say(BOB, "/start", "email address")
        await running.say(BOB, "bob@example.com", "we sent it a code")
        await running.say(
            BOB, await running.emailed_code("bob@example.com"), "linked to Bob Member's account"
        )
        yield running


async def notices(running: Running, count: int) -> list[str]:
    """Subjects of the 2FA notices in the mailbox, once there are `count` of them."""

    def subjects() -> list[str]:
        return [str(m["Subject"]) for m in running.smtp.messages if "two-factor" in str(m["Subject"]).lower()]

    await running.smtp.wait_for(lambda _: len(subjects()) >= count)
    return subjects()


async def test_enable_by_sms_switch_to_email_change_address_and_disable(bob: Running) -> None:
    twilio = bob.twilio
    assert twilio is not None
    # Enable by SMS.
    await bob.say(BOB, "/status", "2FA: off")
    await bob.press(BOB, "Turn on 2FA", "SMS or email")
    await bob.press(BOB, "SMS", "mobile number")
    await bob.say(BOB, "07400 123456", "We sent a code to +44 ••••••• 56")
    sms = await twilio.wait_for(lambda m: m.to == MOBILE)
    assert "to turn on 2FA" in sms.body and "5 minutes" in sms.body
    await bob.say(BOB, twilio.last_code(MOBILE), "2FA is on")
    # Switch to email: a code to the phone first, then to the new address.
    sent = len(twilio.messages)
    await bob.press(BOB, "Change number or email", "first type the code")
    await twilio.wait_for(lambda m: m.to == MOBILE, after=sent)
    await bob.say(BOB, twilio.last_code(MOBILE), "How would you like to receive codes")
    await bob.press(BOB, "Email", "email address")
    mails = len(bob.smtp.messages)
    await bob.say(BOB, "bob.codes@example.org", "to confirm it as your new 2FA destination")
    await bob.say(BOB, await bob.emailed_code("bob.codes@example.org", mails), "now go to bo•••s@example.org")
    # Change the address.
    mails = len(bob.smtp.messages)
    await bob.say(BOB, "/change", "first type the code")
    await bob.say(BOB, await bob.emailed_code("bob.codes@example.org", mails), "How would you like")
    await bob.say(BOB, "email", "email address")
    mails = len(bob.smtp.messages)
    await bob.say(BOB, "bob.other@example.net", "We sent a code")
    await bob.say(BOB, await bob.emailed_code("bob.other@example.net", mails), "now go to bo•••r@example.net")
    await bob.say(BOB, "/status", "codes by email to bo•••r@example.net")
    # Disable.
    await bob.say(BOB, "/disable", "Do you want to turn it off?")
    mails = len(bob.smtp.messages)
    await bob.press(BOB, "Yes, turn off 2FA", "to turn off 2FA")
    await bob.say(BOB, await bob.emailed_code("bob.other@example.net", mails), "2FA is now off")

    subjects = await notices(bob, 4)
    assert subjects == [
        "Two-factor authentication was turned on",
        "Your two-factor authentication setting was changed",
        "Your two-factor authentication setting was changed",
        "Two-factor authentication was turned off",
    ]
    for message in bob.smtp.messages:
        if "two-factor" in str(message["Subject"]).lower():
            assert message["To"] == "bob@example.com"  # the registered email, not the 2FA destination
            assert MOBILE not in body_of(message)
    async with bob.services.uow_factory() as uow:
        kinds = [e.kind for e in await uow.audit.list() if e.kind.value.startswith("twofa_")]
    assert kinds == [
        AuditKind.TWOFA_ENABLED,
        AuditKind.TWOFA_CHANGED,
        AuditKind.TWOFA_CHANGED,
        AuditKind.TWOFA_DISABLED,
    ]


async def test_twilio_refusing_the_number_is_explained_and_not_counted(bob: Running) -> None:
    twilio = bob.twilio
    assert twilio is not None
    twilio.numbers_failing[MOBILE] = 21614
    await bob.say(BOB, "/enable", "SMS or email")
    await bob.press(BOB, "SMS", "mobile number")
    await bob.say(BOB, "+44 7400 123456", "not a valid mobile number")
    await bob.press(BOB, "Use email instead", "email address")
    await bob.say(BOB, "bob@example.com", "We sent a code")


async def test_a_landline_and_a_country_without_sms_are_refused_in_chat(bob: Running) -> None:
    await bob.say(BOB, "/enable", "SMS or email")
    await bob.press(BOB, "SMS", "mobile number")
    await bob.say(BOB, "020 7946 0123", "it is a landline")
    await bob.say(BOB, "+91 98765 43210", "SMS codes to numbers in India yet")
    assert bob.twilio is not None and bob.twilio.messages == []


async def test_wrong_and_early_answers_get_clear_replies(bob: Running) -> None:
    await bob.say(BOB, "/enable", "SMS or email")
    await bob.press(BOB, "Email", "email address")
    await bob.say(BOB, "not an address", "cannot be used")
    mails = len(bob.smtp.messages)
    await bob.say(BOB, "bob@example.com", "We sent a code")
    code = await bob.emailed_code("bob@example.com", mails)
    await bob.say(BOB, "what is this?", "Please type the 6-digit code")
    await bob.say(BOB, f"{(int(code) + 1) % 1_000_000:06d}", "4 tries left")
    await bob.press(BOB, "Resend code", "You can ask for it again in")
    await bob.say(BOB, "/disable", "2FA is off, so there is nothing to turn off")  # and enabling carries on
    await bob.say(BOB, code[:3] + " " + code[3:], "2FA is on")


async def test_a_change_while_smtp_is_down_is_kept_and_its_notice_goes_out_once_smtp_is_back(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio
) -> None:
    async with running_bot(tmp_path, smtp_sink, fake_twilio, outbox_retry_seconds=0.2) as running:
        await running.say(BOB, "/start", "email address")
        await running.say(BOB, "bob@example.com", "we sent it a code")
        await running.say(BOB, await running.emailed_code("bob@example.com"), "linked")
        smtp_sink.stop()
        await running.say(BOB, "/enable", "SMS or email")
        await running.press(BOB, "SMS", "mobile number")
        await running.say(BOB, "+44 7400 123456", "We sent a code")
        await running.say(BOB, fake_twilio.last_code(MOBILE), "2FA is on")
        await running.say(BOB, "/status", "codes by SMS")
        async with running.services.uow_factory() as uow:
            pending = await uow.outbox.counts()
        assert pending[OutboxStatus.PENDING] == 1
        smtp_sink.clear()
        smtp_sink.start()
        await notices(running, 1)
        await asyncio.sleep(0.5)  # a few more dispatcher rounds: nothing may go out twice
        assert await notices(running, 1) == ["Two-factor authentication was turned on"]
        async with running.services.uow_factory() as uow:
            counts = await uow.outbox.counts()
        assert counts[OutboxStatus.PENDING] == 0 and counts[OutboxStatus.SENT] == 1
