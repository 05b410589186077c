"""Telegram update ids already processed: one contract for fake, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.core.conversation_state import Conversation
from domain.core.ports import UnitOfWorkFactory
from domain.core.replies import Button, Reply
from domain.core.repositories import KeptReplies
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
BIG = 2**53 + 7  # Telegram's ids need 64 bits; 52 would not hold this one


async def test_an_update_id_is_claimed_once(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.updates.claim(BIG, NOW) is True
        assert await uow.updates.claim(BIG, NOW) is False
        assert await uow.updates.claim(1, NOW) is True
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.updates.claim(BIG, NOW + timedelta(hours=1)) is False
        assert await uow.updates.claim(1, NOW) is False
        assert await uow.updates.claim(2, NOW) is True


async def test_replies_kept_with_an_update_come_back_whole_until_they_are_sent(
    uow_factory: UnitOfWorkFactory,
) -> None:
    replies = [
        Reply("Linked — «ok» 🎉\nnext line"),
        Reply(
            "Choose:",
            ((Button("SMS", "method:sms"), Button("Email", "method:email")), (Button("Cancel", "cancel"),)),
        ),
    ]
    async with uow_factory() as uow:
        assert await uow.updates.claim(BIG, NOW)
        assert await uow.updates.kept_replies(BIG) is None
        await uow.updates.keep_replies(BIG, replies, NOW + timedelta(seconds=10))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.updates.kept_replies(BIG) == KeptReplies(replies, NOW + timedelta(seconds=10))
        assert await uow.updates.kept_replies(3) is None  # never claimed
        await uow.updates.replies_sent(BIG)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.updates.kept_replies(BIG) is None
        assert await uow.updates.claim(BIG, NOW) is False  # sent, and still processed


async def test_a_claim_left_uncommitted_is_gone_so_the_retry_runs(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.updates.claim(7, NOW)
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            assert await uow.updates.claim(7, NOW)
            raise RuntimeError("the step failed")
    async with uow_factory() as uow:
        assert await uow.updates.claim(7, NOW)
        await uow.commit()


async def test_pruning_forgets_only_ids_processed_before_the_cut(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        for update_id, hours_ago in ((1, 30), (2, 25), (3, 24), (4, 1)):
            assert await uow.updates.claim(update_id, NOW - timedelta(hours=hours_ago))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.updates.prune(NOW - timedelta(hours=24)) == 2
        await uow.commit()
    async with uow_factory() as uow:
        assert [await uow.updates.claim(update_id, NOW) for update_id in (1, 2, 3, 4)] == [
            True,
            True,
            False,
            False,
        ]


async def test_two_deliveries_of_one_update_under_the_chat_lock_run_one_step(
    uow_factory: UnitOfWorkFactory,
) -> None:
    """As the assistant claims: after taking the chat's lock, so the second delivery waits for the first."""
    outcomes: list[bool] = []

    async def deliver() -> None:
        async with uow_factory() as uow:
            talk = await uow.conversations.get("tg:1") or Conversation("tg:1")
            claimed = await uow.updates.claim(99, NOW)
            outcomes.append(claimed)
            if claimed:
                await asyncio.sleep(0.1)  # the other delivery arrives meanwhile
                await uow.conversations.save(talk.at(talk.step, NOW, steps=talk.data.get("steps", "") + "x"))
                await uow.commit()

    await asyncio.gather(deliver(), deliver())
    assert outcomes == [True, False]
    async with uow_factory() as uow:
        final = await uow.conversations.get("tg:1")
    assert final is not None and final.data == {"steps": "x"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql_engine(request: pytest.FixtureRequest) -> AsyncEngine:
    """An engine on an empty, migrated SQL database."""
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return engine


@pytest.mark.parametrize("first_commits", [True, False])
async def test_a_second_claim_waits_for_the_first_transaction_on_sql(
    sql_engine: AsyncEngine, first_commits: bool
) -> None:
    """Without any chat lock: PostgreSQL waits on the uncommitted key, SQLite on the write lock."""
    uow_factory = SqlUnitOfWorkFactory(sql_engine)
    first_claimed = asyncio.Event()
    release = asyncio.Event()

    async def first() -> None:
        async with uow_factory() as uow:
            assert await uow.updates.claim(5, NOW)
            first_claimed.set()
            await release.wait()
            if first_commits:
                await uow.commit()

    async def second() -> bool:
        await first_claimed.wait()
        async with uow_factory() as uow:
            claimed = await uow.updates.claim(5, NOW)
            await uow.commit()
            return claimed

    holder = asyncio.create_task(first())
    contender = asyncio.create_task(second())
    await asyncio.sleep(0.3)
    assert not contender.done()
    release.set()
    await holder
    assert await contender is (not first_commits)
