"""Units of work wait for a connection at a gate as wide as the pool, in the order they asked."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import uow as uow_module
from storage.engine import connection_limit, create_engine
from storage.uow import SqlUnitOfWorkFactory


async def _run_many(factory: SqlUnitOfWorkFactory, count: int) -> tuple[list[int], int]:
    """Start `count` units of work one after another; the order they got in, and the most open at once."""
    order: list[int] = []
    open_now = most = 0

    async def work(index: int) -> None:
        nonlocal open_now, most
        async with factory() as uow:
            order.append(index)
            open_now += 1
            most = max(most, open_now)
            await uow.contracts.list()  # a real statement on the connection
            await asyncio.sleep(0.01)
            open_now -= 1

    tasks = []
    for index in range(count):
        tasks.append(asyncio.create_task(work(index)))
        await asyncio.sleep(0)  # each task reaches the gate before the next starts
    await asyncio.gather(*tasks)
    return order, most


async def test_sqlite_runs_one_unit_at_a_time_in_arrival_order(sqlite_engine: AsyncEngine) -> None:
    assert connection_limit(sqlite_engine) == 1
    order, most = await _run_many(SqlUnitOfWorkFactory(sqlite_engine), 30)
    assert order == list(range(30))
    assert most == 1


@pytest.mark.postgres
async def test_postgres_never_opens_more_units_than_its_pool(postgres_database_url: str) -> None:
    engine = create_engine(postgres_database_url, pool_size=3)
    try:
        assert connection_limit(engine) == 3
        order, most = await _run_many(SqlUnitOfWorkFactory(engine), 40)
    finally:
        await engine.dispose()
    assert sorted(order) == list(range(40))
    assert most == 3
    assert order[:3] == [0, 1, 2]


async def test_a_unit_opened_inside_another_fails_instead_of_waiting_for_ever(
    sqlite_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uow_module, "GATE_TIMEOUT_SECONDS", 0.2)
    factory = SqlUnitOfWorkFactory(sqlite_engine)
    async with factory():
        with pytest.raises(TimeoutError, match="no database connection"):
            async with factory():
                pass
    async with factory() as uow:  # the gate was released: the next unit gets in
        assert await uow.contracts.list() == []


def test_a_pool_needs_a_connection() -> None:
    with pytest.raises(ValueError, match="at least one"):
        create_engine("postgresql+asyncpg://nobody@127.0.0.1/nowhere", pool_size=0)
