"""Recovery codes end to end: the real python-telegram-bot against the loopback Bot API, SMS through the
loopback Twilio, notices by SMTP, on SQLite and PostgreSQL (issue 15, section 3 and its acceptance).

Bob turns 2FA on by SMS and gets 10 codes; having "lost his phone", he uses one in chat to turn 2FA off;
he turns it on again with an authenticator app (a new set), signs in with a recovery code, and makes a new
set with the app's code (the old set stops working). Then every row of every table, and every log record
captured at DEBUG (as the process's log handler writes it, and raw from the product's own loggers), is
searched for each recovery code and the app's secret, in every form they could take.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from sqlalchemy import inspect, text

from app.logs import RedactingFilter
from domain.signin.logins import LoginStatus
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

BOB = 8201
MOBILE = "+447400123456"
CODE = re.compile(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b")
APP_KEY = re.compile(r"\b((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})\b")
OWN_LOGGERS = ("domain", "app", "bot", "api", "storage", "gateways")


@pytest.fixture
async def bob(
    tmp_path: Path,
    smtp_sink: SmtpSink,
    fake_twilio: FakeTwilio,
    database_url: str,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[Running]:
    """The product running with every logger at DEBUG, and Bob's chat linked."""
    caplog.set_level(logging.DEBUG)
    async with running_bot(tmp_path, smtp_sink, fake_twilio, database_url=database_url) as running:
        await running.say(BOB, "/start", "email address")
        await running.say(BOB, "bob@example.com", "we sent it a code")
        await running.say(
            BOB, await running.emailed_code("bob@example.com"), "linked to Bob Member's account"
        )
        yield running


async def codes_after(bob: Running, action: str, typed: str, expect: str) -> list[str]:
    """Do `action` ("say" or "press" with `typed`), wait for `expect`, then for the set shown once."""
    after = len(bob.api.sent)
    await (bob.say if action == "say" else bob.press)(BOB, typed, expect)
    shown = await bob.api.wait_for_message(BOB, lambda m: "Your recovery codes" in m.text, after=after)
    codes = CODE.findall(shown.text)
    assert len(codes) == len(set(codes)) == 10
    return codes


def forms(secret: str) -> set[str]:
    """Every way a secret could be written down: as shown, without separators, in either case."""
    bare = secret.replace("-", "").replace(" ", "")
    return {variant for form in (secret, bare) for variant in (form, form.lower())}


async def every_row(bob: Running) -> list[str]:
    engine = bob.services.engine
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert {"recovery_codes", "app_secrets", "audit_events", "outbox"} <= set(tables), tables
        rows = []
        for table in tables:
            result = await connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608  (own names)
            rows += [f"{table}: {tuple(row)}" for row in result.all()]
    return rows


def log_lines(records: list[logging.LogRecord]) -> tuple[list[str], list[str]]:
    """(every record as the process's log handler writes it, the product's own records as they were made)."""
    written, own = [], []
    for record in records:
        raw = record.getMessage() + (f"\n{record.exc_text}" if record.exc_text else "")
        if record.name.split(".")[0] in OWN_LOGGERS:
            own.append(raw)
        copy = logging.makeLogRecord(record.__dict__)
        RedactingFilter().filter(copy)
        written.append(copy.getMessage() + (f"\n{copy.exc_text}" if copy.exc_text else ""))
    return written, own


async def test_recovery_codes_through_their_whole_life_leave_no_secret_in_the_database_or_the_logs(
    bob: Running, caplog: pytest.LogCaptureFixture
) -> None:
    twilio = bob.twilio
    assert twilio is not None
    # On by SMS: ten codes, once.
    await bob.say(BOB, "/enable", "SMS")
    await bob.press(BOB, "SMS", "mobile number")
    await bob.say(BOB, "07400 123456", "We sent a code")
    await twilio.wait_for(lambda m: m.to == MOBILE)
    by_sms = await codes_after(bob, "say", twilio.last_code(MOBILE), "2FA is on")
    await bob.say(BOB, "/status", "You have 10 recovery codes left")

    # The phone is lost: a recovery code in chat, then 2FA off (the set goes with it).
    await bob.say(BOB, "I lost my phone", "recovery codes")
    await bob.press(BOB, "Use a recovery code", "Type one of your recovery codes")
    await bob.say(BOB, by_sms[0].lower(), "That recovery code was right")
    await bob.press(BOB, "Turn off 2FA", "2FA is now off")
    await bob.smtp.wait_for(lambda m: "recovery code was used" in str(m["Subject"]))

    # On again with an authenticator app: a new set.
    await bob.say(BOB, "/enable", "SMS")
    caption = await bob.press(BOB, "Authenticator app", "Scan this QR code")
    [grouped] = APP_KEY.findall(caption)
    totp = pyotp.TOTP(grouped.replace(" ", ""))
    by_app = await codes_after(bob, "say", totp.now(), "2FA is on")
    assert not set(by_app) & set(by_sms)

    # A recovery code at sign-in.
    logins = bob.services.logins
    started = await logins.start("bob@example.com", ip="203.0.113.20")
    assert started.status is LoginStatus.REQUIRED and started.recovery and started.login_id
    verified = await logins.verify_recovery(started.login_id, by_app[0])
    assert (verified.status, verified.recovery_codes_left) == (LoginStatus.VERIFIED, 9)

    # A new set with the app's code (the next time step: each is taken once); the old set stops working.
    await bob.say(BOB, "/newcodes", "authenticator app shows")
    ahead = totp.at(datetime.now() + timedelta(seconds=30))
    renewed = await codes_after(bob, "say", ahead, "right code")
    again = await logins.start("bob@example.com", ip="203.0.113.20")
    assert again.login_id is not None
    assert (await logins.verify_recovery(again.login_id, by_app[1])).status is LoginStatus.INVALID_CODE
    await bob.say(BOB, "/status", "You have 10 recovery codes left")

    secrets = set().union(*(forms(code) for code in by_sms + by_app + renewed), forms(grouped))
    rows = await every_row(bob)
    assert any(row.startswith("recovery_codes:") for row in rows)  # the set is there, hashed
    assert [row for row in rows if any(secret in row for secret in secrets)] == []
    written, own = log_lines(caplog.records)
    assert any("sendMessage" in line for line in written)  # the Bot API's calls were logged at DEBUG
    assert [line for line in written if any(secret in line for secret in secrets)] == []
    assert [line for line in own if any(secret in line for secret in secrets)] == []
