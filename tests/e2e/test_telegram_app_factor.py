"""The authenticator app end to end: the real python-telegram-bot against the loopback Bot API, on SQLite
and PostgreSQL. The setup key arrives as a QR code (a PNG photo) with the key as text; a code computed
by pyotp from that key confirms it; the message with the key is then deleted; the app's codes work in
chat and at login, each time step once.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pyotp
import pytest

from domain.core.model import Channel
from domain.signin.logins import LoginStatus
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

BOB = 8101
KEY = re.compile(r"\b((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})\b")  # 160 bits in base32: 32 characters in fours


@pytest.fixture
async def bob(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio, database_url: str
) -> AsyncIterator[Running]:
    """The product running, with Bob's chat already linked."""
    async with running_bot(tmp_path, smtp_sink, fake_twilio, database_url=database_url) as running:
        await running.say(BOB, "/start", "email address")
        await running.say(BOB, "bob@example.com", "we sent it a code")
        await running.say(
            BOB, await running.emailed_code("bob@example.com"), "linked to Bob Member's account"
        )
        yield running


def at(totp: pyotp.TOTP, moment: datetime) -> str:
    return totp.at(moment)


async def test_set_up_the_app_from_its_key_confirm_it_and_use_it_in_chat_and_at_login(bob: Running) -> None:
    await bob.say(BOB, "/enable", "SMS or email")
    caption = await bob.press(BOB, "Authenticator app", "Scan this QR code")
    setup = next(m for m in reversed(bob.api.messages_for(BOB)) if m.photo is not None)
    assert setup.photo is not None and setup.photo.startswith(b"\x89PNG")
    [grouped] = KEY.findall(caption)
    totp = pyotp.TOTP(grouped.replace(" ", ""))
    assert [row for row in setup.buttons] == [[("Cancel", "cancel")]]  # nothing to resend for an app

    wrong = f"{(int(totp.now()) + 1) % 10**6:06d}"
    await bob.say(BOB, wrong, "not right")
    await bob.say(BOB, "/status", "2FA: off")  # nothing changed before the app's code was right
    assert not setup.deleted
    done = await bob.say(BOB, totp.now(), "2FA is on")
    assert "deleted the message with the setup key" in done
    assert setup.deleted
    await bob.say(BOB, "/status", "authenticator app")
    await bob.smtp.wait_for(lambda m: "two-factor" in str(m["Subject"]).lower())

    # /test with the next step's code (one step of drift is fine); the same code at login is a replay.
    ahead = at(totp, datetime.now() + timedelta(seconds=30))
    await bob.say(BOB, "/test", "authenticator app shows")
    await bob.say(BOB, ahead, "Your 2FA works")
    logins = bob.services.logins
    started = await logins.start("bob@example.com")
    assert (started.status, started.channel, started.sent_to) == (
        LoginStatus.REQUIRED,
        Channel.APP,
        "authenticator app",
    )
    assert started.login_id is not None
    assert (await logins.verify(started.login_id, ahead)).status is LoginStatus.INVALID_CODE
    assert bob.twilio is not None and bob.twilio.messages == []  # the app's codes are never sent
