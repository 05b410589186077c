"""Support tickets are rate-limited per chat: 30 `/support` tickets from one unlinked chat, through the real
python-telegram-bot client, on SQLite and PostgreSQL. Only the limit's worth are stored and emailed to
support; every later try gets a polite answer naming the ticket already open and when another may be
opened, and nothing more is queued for the support desk."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.running_bot import running_bot
from tests.support.smtp import SmtpSink, body_of

STRANGER = 6601  # a chat never linked to any account
SUPPORT = "support@example.com"
TRIES = 30
LIMIT = 3  # the default TWOFA_SUPPORT_TICKETS_PER_CHAT


def ticket_mail(n: int) -> Callable[[EmailMessage], bool]:
    return lambda mail: mail["To"] == SUPPORT and f"try {n}" in body_of(mail)


async def count(engine: AsyncEngine, query: str) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text(query))).scalar_one())


async def test_thirty_tickets_from_one_unlinked_chat_reach_support_only_three_times(
    tmp_path: Path, smtp_sink: SmtpSink, database_url: str
) -> None:
    async with running_bot(tmp_path, smtp_sink, support_email=SUPPORT, database_url=database_url) as bot:
        opened: list[str] = []
        refused: list[str] = []
        for attempt in range(TRIES):
            after = len(bot.api.sent)
            bot.api.push_message(STRANGER, "/support")
            reply = (await bot.api.wait_for_message(STRANGER, after=after)).text
            if "what do you need help with" in reply:
                opened.append(await bot.say(STRANGER, f"Help me please, try {attempt}", "Ticket #"))
            else:
                refused.append(reply)
        assert opened == [
            f"Ticket #{n} is open. Our support team will get back to you." for n in range(1, LIMIT + 1)
        ]
        assert len(refused) == TRIES - LIMIT
        for reply in refused:
            assert f"ticket #{LIMIT}" in reply  # the ticket they already have
            assert "you can open another after" in reply  # and when
            assert "UTC" in reply

        for n in range(LIMIT):
            await smtp_sink.wait_for(ticket_mail(n))
        engine = bot.services.engine
        assert await count(engine, "SELECT count(*) FROM support_tickets") == LIMIT
        assert await count(engine, "SELECT count(*) FROM outbox") == LIMIT  # nothing else was queued
    assert len([m for m in smtp_sink.messages if m["To"] == SUPPORT]) == LIMIT


async def test_the_limit_is_a_setting(tmp_path: Path, smtp_sink: SmtpSink, database_url: str) -> None:
    async with running_bot(
        tmp_path, smtp_sink, support_email=SUPPORT, database_url=database_url, support_tickets_per_chat=1
    ) as bot:
        await bot.say(STRANGER, "/support", "what do you need help with")
        await bot.say(STRANGER, "first problem", "Ticket #1 is open")
        reply = await bot.say(STRANGER, "/support", "ticket #1")
        assert "you can open another after" in reply
        await smtp_sink.wait_for(lambda m: m["To"] == SUPPORT)
        assert await count(bot.services.engine, "SELECT count(*) FROM outbox") == 1
