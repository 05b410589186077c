"""A challenge keeps its number or address in clear only while it is pending and unexpired: verified,
cancelled, killed or undelivered challenges, and pending ones past their expiry once the sweep has run,
hold only the masked form. Driven through the conversation engine on SQLite and PostgreSQL, rows read
with plain SQL. "New code" after the sweep re-sends to the current 2FA setting, or asks for a typed number
again: never to a masked string."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from app.wiring import build_services
from domain.accounts import admin
from domain.core.challenge import Purpose
from domain.core.model import Channel, Role
from domain.core.ports import DeliveryProblem
from domain.signin.challenge_sweep import ChallengeSweeper
from storage.engine import create_engine
from storage.uow import SqlUnitOfWorkFactory
from tests.support.databases import migrated_sqlite_engine, truncate_all
from tests.support.fakes import FakeClassifier, FakeClock, FakeEmailSender, FakeSmsSender
from tests.support.harness import Chat, Harness

MOBILE = "+447400123456"
TYPED = "07400 123456"
MASKED_MOBILE = "+44 ••••••• 56"
CLEAR = ("alice@example.com", "7400123456", "alice.2fa@example.net")


@pytest_asyncio.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if request.param == "sqlite":
        engine = await migrated_sqlite_engine(tmp_path / "twofa.db")
    else:
        engine = create_engine(request.getfixturevalue("postgres_database_url"))
        await truncate_all(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest_asyncio.fixture
async def harness(engine: AsyncEngine) -> Harness:
    harness = Harness(SqlUnitOfWorkFactory(engine))
    await harness.seed()
    return harness


async def rows(engine: AsyncEngine) -> list[tuple[str, str, str]]:
    """(purpose, status, destination) of every challenge, oldest first, as stored."""
    async with engine.connect() as connection:
        result = await connection.execute(
            text("SELECT purpose, status, destination FROM challenges ORDER BY created_at, id")
        )
        return [(str(p), str(s), str(d)) for p, s, d in result]


def in_clear(stored: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return [row for row in stored if any(secret in row[2] for secret in CLEAR)]


async def linked(harness: Harness) -> Chat:
    chat = harness.chat()
    await harness.link(chat)
    return chat


async def start_enable_by_sms(chat: Chat) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    assert "We sent a code" in await chat.say(TYPED)


async def test_verified_challenges_keep_only_the_mask(harness: Harness, engine: AsyncEngine) -> None:
    chat = await linked(harness)
    await start_enable_by_sms(chat)
    assert "2FA is on" in await chat.say(harness.sms.last_code(MOBILE))
    assert (await harness.setting()).destination == MOBILE  # the setting keeps the number it proved
    stored = await rows(engine)
    assert [(p, s) for p, s, _ in stored] == [("link", "verified"), ("enable", "verified")]
    assert [d for *_, d in stored] == ["al•••e@example.com", MASKED_MOBILE]
    assert in_clear(stored) == []


async def test_cancelled_killed_and_undelivered_challenges_keep_only_the_mask(
    harness: Harness, engine: AsyncEngine
) -> None:
    chat = await linked(harness)
    await start_enable_by_sms(chat)
    await chat.press("cancel")
    await start_enable_by_sms(chat)
    for _ in range(harness.policy.max_attempts):
        await chat.say("000000")
    harness.sms.failing = DeliveryProblem.UNREACHABLE
    await chat.say("/enable")
    await chat.press("method:sms")
    await chat.say(TYPED)
    stored = await rows(engine)
    assert [s for _, s, _ in stored] == ["verified", "cancelled", "killed", "undelivered"]
    assert in_clear(stored) == []


async def test_expired_pending_challenges_are_scrubbed_by_the_sweep(
    harness: Harness, engine: AsyncEngine
) -> None:
    chat = await linked(harness)
    await start_enable_by_sms(chat)
    sweeper = ChallengeSweeper(harness.uow_factory, harness.clock)
    assert await sweeper.run_once() == 0  # not expired yet: the code still works
    assert [d for *_, d in await rows(engine)][-1] == MOBILE
    harness.clock.advance(seconds=harness.policy.lifetime.total_seconds() + 120)
    assert await sweeper.run_once() == 1
    assert await sweeper.run_once() == 0  # once is enough
    stored = await rows(engine)
    assert stored[-1] == ("enable", "pending", MASKED_MOBILE)
    assert in_clear(stored) == []


async def test_new_code_after_the_sweep_asks_for_a_typed_number_again(
    harness: Harness, engine: AsyncEngine
) -> None:
    chat = await linked(harness)
    await start_enable_by_sms(chat)
    harness.clock.advance(seconds=harness.policy.lifetime.total_seconds() + 120)
    await ChallengeSweeper(harness.uow_factory, harness.clock).run_once()
    texted = len(harness.sms.sent)
    reply = await chat.press("newcode")
    assert "expired" in reply and "number" in reply
    assert len(harness.sms.sent) == texted  # nothing went to the masked string
    assert "We sent a code" in await chat.say(TYPED)
    assert harness.sms.sent[-1].to == MOBILE
    assert "2FA is on" in await chat.say(harness.sms.last_code(MOBILE))


async def test_new_code_after_the_sweep_goes_to_the_current_setting(
    harness: Harness, engine: AsyncEngine
) -> None:
    chat = await linked(harness)
    await start_enable_by_sms(chat)
    await chat.say(harness.sms.last_code(MOBILE))
    assert "test code" in await chat.say("/test")
    harness.clock.advance(seconds=harness.policy.lifetime.total_seconds() + 120)
    await ChallengeSweeper(harness.uow_factory, harness.clock).run_once()
    assert "new code" in (await chat.press("newcode")).lower()
    assert harness.sms.sent[-1].to == MOBILE
    await chat.say(harness.sms.last_code(MOBILE))
    assert in_clear(await rows(engine)) == []


async def test_every_process_delivery_loop_runs_the_sweep(engine: AsyncEngine, tmp_path: Path) -> None:
    """The services every `twofa` process builds: their notice loop scrubs expired challenges too."""
    clock, sms = FakeClock(), FakeSmsSender()
    settings = Settings(_env_file=None, database_url=str(engine.url.render_as_string(hide_password=False)))
    services = await build_services(
        settings, stream=None, clock=clock, email=FakeEmailSender(), sms=sms, classifier=FakeClassifier()
    )
    try:
        async with services.uow_factory() as uow:
            await admin.add_contract(uow, "Acme", clock.now())
            user = await admin.add_user(uow, "alice@example.com", "Alice", "Acme", Role.MEMBER, clock.now())
            sent = await services.codes.issue(uow, user, Purpose.TEST, Channel.SMS, MOBILE)
            await uow.commit()
        assert sent.sent
        clock.advance(seconds=services.codes.policy.lifetime.total_seconds() + 120)
        stop = asyncio.Event()
        loop = asyncio.create_task(services.dispatcher.run_forever(0.01, stop))
        try:
            async with asyncio.timeout(10):
                while (await rows(engine))[-1][2] != MASKED_MOBILE:  # noqa: ASYNC110
                    await asyncio.sleep(0.02)
        finally:
            stop.set()
            await loop
    finally:
        await services.aclose()
