"""The assistant watching over logins, through the real python-telegram-bot client on a loopback Bot API:
"was this you?" for each login code, shutting an intruder out, and the "codes too often" advice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.signin.logins import LoginStatus
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

CAROL = 9001
MOBILE = "+447400123456"
EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36 Edg/131.0"


@pytest.fixture
async def carol(tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio) -> AsyncIterator[Running]:
    """The product running; Carol's chat linked and her 2FA on by SMS."""
    async with running_bot(tmp_path, smtp_sink, fake_twilio) as running:
        await running.say(CAROL, "/start", "email address")
        await running.say(CAROL, "carol@example.com", "we sent it a code")
        await running.say(CAROL, await running.emailed_code("carol@example.com"), "linked")
        await running.say(CAROL, "/enable", "SMS or email")
        await running.press(CAROL, "SMS", "mobile number")
        await running.say(CAROL, MOBILE, "We sent a code")
        await running.say(CAROL, fake_twilio.last_code(MOBILE), "2FA is on")
        yield running


async def test_a_login_code_asks_was_this_you_and_no_shuts_the_intruder_out(carol: Running) -> None:
    logins = carol.services.logins
    after = len(carol.api.sent)
    started = await logins.start("carol@example.com", ip="198.51.100.7", user_agent=EDGE)
    assert started.status is LoginStatus.REQUIRED and started.login_id
    alert = await carol.api.wait_for_message(CAROL, lambda m: "Was this you?" in m.text, after=after)
    assert alert.text.endswith(
        ", a login code was sent to •••56 (Edge on Windows, IP 198.51.100.7). Was this you?"
    )
    assert [label for label, _ in alert.buttons[0]] == ["Yes, it was me", "No, secure my account"]
    await carol.press(CAROL, "No, secure my account", "that login was stopped")
    assert carol.twilio is not None
    code = carol.twilio.last_code(MOBILE)
    assert (await logins.verify(started.login_id, code)).status is LoginStatus.LOCKED
    assert (await logins.start("carol@example.com")).status is LoginStatus.LOCKED
    notice = await carol.smtp.wait_for(lambda m: "stopped" in str(m["Subject"]))
    assert notice["To"] == "carol@example.com"


async def test_several_codes_for_one_browser_bring_the_advice_to_remember_it(carol: Running) -> None:
    after = len(carol.api.sent)
    for _ in range(3):
        await carol.services.logins.start("carol@example.com", user_agent=EDGE)
    advice = await carol.api.wait_for_message(CAROL, lambda m: "not being remembered" in m.text, after=after)
    assert "Remember this device" in advice.text and "cookies" in advice.text
    await carol.press(CAROL, "Contact support", "support")
