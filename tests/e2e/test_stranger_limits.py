"""What a stranger triggers is limited per source and never locks the owner out (security finding 3).

A chat that knows only Alice's email goes through the real python-telegram-bot (loopback Bot API); Alice
and a password thief sign in through the real HTTP API on the same database, on SQLite and PostgreSQL.
Before the fix, the chat's link emails used up Alice's own sends (her logins got 429 for 40 minutes) and
its wrong link codes locked her logins (423); a code already sent could still be guessed during a lockout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from api.app import init_app
from domain.core.api_keys import KeyScope
from domain.core.model import Method, TwoFactorSetting
from tests.support.api import seed_key
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink, extract_code

STRANGER = 6601  # a chat never linked to any account
ALICE_2FA = "alice.2fa@example.net"
KEY = "login-page-key-for-the-stranger-tests-0123456789"
HOME, THIEF = "198.51.100.7", "203.0.113.66"


@dataclass
class World:
    bot: Running
    http: aiohttp.ClientSession
    base: str

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        headers = {"Authorization": f"Bearer {KEY}"}
        async with self.http.post(self.base + path, json=body, headers=headers) as response:
            return response.status, await response.json()

    async def login(self, ip: str) -> tuple[int, dict[str, Any]]:
        return await self.post("/v1/logins", {"email": "alice@example.com", "ip": ip})

    async def login_code(self, after: int) -> str:
        await self.bot.smtp.wait_for(lambda m: m["To"] == ALICE_2FA and m in self.bot.smtp.messages[after:])
        return extract_code([m for m in self.bot.smtp.messages[after:] if m["To"] == ALICE_2FA][-1])


@pytest.fixture
async def world(tmp_path: Path, smtp_sink: SmtpSink, database_url: str) -> AsyncIterator[World]:
    async with running_bot(tmp_path, smtp_sink, database_url=database_url) as bot:
        async with bot.services.uow_factory() as uow:
            alice = await uow.users.get_by_email("alice@example.com")
            assert alice is not None
            await uow.two_factor.save(
                TwoFactorSetting(alice.key, Method.EMAIL, ALICE_2FA, bot.services.clock.now())
            )
            await seed_key(uow, "login-page", KEY, KeyScope.LOGIN)
            await uow.commit()
        runner = web.AppRunner(init_app(bot.services))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        try:
            async with aiohttp.ClientSession() as http:
                yield World(bot, http, f"http://{host}:{port}")
        finally:
            await runner.cleanup()


async def test_a_strangers_link_emails_and_wrong_codes_leave_the_owners_login_alone(world: World) -> None:
    bot = world.bot
    for attempt in range(10):  # ten link emails asked for in a row, two wrong codes for each of the first 5
        await bot.say(STRANGER, "/start", "email address")
        await bot.say(STRANGER, "alice@example.com", "If alice@example.com belongs to an account")
        for _ in range(2 if attempt < 5 else 0):
            await bot.say(STRANGER, "000000", "")
    link_emails = [m for m in bot.smtp.messages if m["To"] == "alice@example.com" and "link" in m["Subject"]]
    assert len(link_emails) == 5  # the chat's own limit: 5 an hour
    after = len(bot.smtp.messages)
    status, body = await world.login(HOME)
    assert status == 200, body  # was 423 or 429: the chat's codes had locked her or used up her sends
    assert body["second_factor"] == "required"
    status, body = await world.post(
        f"/v1/logins/{body['login_id']}/verify", {"code": await world.login_code(after)}
    )
    assert (status, body["verified"]) == (200, True)
    await bot.smtp.wait_for(lambda m: m["Subject"] == "Repeated attempts on your account")


async def test_wrong_codes_from_one_ip_lock_that_ip_only_and_stop_its_pending_codes(world: World) -> None:
    after = len(world.bot.smtp.messages)
    status, pending = await world.login(THIEF)  # a code the thief will try to use during the lockout
    assert status == 200
    pending_code = await world.login_code(after)
    for _ in range(2):  # ten wrong codes in a row from the thief's address
        status, started = await world.login(THIEF)
        assert status == 200
        for _ in range(5):
            status, _ = await world.post(f"/v1/logins/{started['login_id']}/verify", {"code": "000000"})
    assert status == 429
    status, body = await world.post(f"/v1/logins/{pending['login_id']}/verify", {"code": pending_code})
    assert status == 423, body  # was 200: the right code still worked while its sender was locked
    assert (await world.login(THIEF))[0] == 423
    after = len(world.bot.smtp.messages)
    status, body = await world.login(HOME)  # Alice herself, elsewhere
    assert status == 200, body  # was 423: the thief's guesses had locked her out
    status, body = await world.post(
        f"/v1/logins/{body['login_id']}/verify", {"code": await world.login_code(after)}
    )
    assert (status, body["verified"]) == (200, True)
    blocked = "Login codes for your account were blocked for a while"  # says until when (domain.lock_alert)
    await world.bot.smtp.wait_for(lambda m: m["Subject"] == blocked)
