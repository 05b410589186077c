"""Support tickets: one contract for fake, SQLite and PostgreSQL, and numbers never reused on SQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.core.errors import NotFound
from domain.core.model import Contract, Role, SupportTicket, User
from domain.core.ports import UnitOfWorkFactory
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))


async def _user(uow_factory: UnitOfWorkFactory) -> int:
    async with uow_factory() as uow:
        acme = await uow.contracts.add(Contract(None, "Acme"))
        assert acme.id is not None
        ann = await uow.users.add(User(None, acme.id, "Ann", "ann@example.com", Role.MEMBER))
        assert ann.id is not None
        await uow.commit()
    return ann.id


def _ticket(
    user_id: int | None, description: str = "I lost my phone", context: str = "method: sms"
) -> SupportTicket:
    return SupportTicket(None, "chat-1", user_id, description, context, NOW)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql_engine(request: pytest.FixtureRequest) -> AsyncEngine:
    """An engine on an empty, migrated SQL database (the fake has no rows to delete behind its back)."""
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return engine


async def test_a_new_ticket_gets_the_next_number_and_is_found_by_it(uow_factory: UnitOfWorkFactory) -> None:
    ann = await _user(uow_factory)
    async with uow_factory() as uow:
        first = await uow.tickets.add(replace(_ticket(ann), id=99))
        second = await uow.tickets.add(replace(_ticket(ann, "Codes never arrive"), chat_id="chat-2"))
        await uow.commit()
    assert (first.id, second.id) == (1, 2)
    assert first == replace(_ticket(ann), id=1)
    async with uow_factory() as uow:
        assert await uow.tickets.get(1) == first
        assert await uow.tickets.get(2) == second
        assert await uow.tickets.get(3) is None


async def test_ticket_numbers_keep_increasing_across_units(uow_factory: UnitOfWorkFactory) -> None:
    ann = await _user(uow_factory)
    numbers = []
    for _ in range(3):
        async with uow_factory() as uow:
            added = await uow.tickets.add(_ticket(ann))
            await uow.commit()
        numbers.append(added.id)
    assert numbers == [1, 2, 3]


async def test_a_ticket_from_a_chat_linked_to_no_user_is_kept_without_one(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        added = await uow.tickets.add(_ticket(None, context="not linked"))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.tickets.get(1)
    assert added == replace(_ticket(None, context="not linked"), id=1)
    assert stored == added


async def test_a_ticket_naming_an_unknown_user_is_refused_and_uses_no_number(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann = await _user(uow_factory)
    async with uow_factory() as uow:
        with pytest.raises(NotFound, match="user 99"):
            await uow.tickets.add(_ticket(99))
        added = await uow.tickets.add(_ticket(ann))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.tickets.get(1) == added
        assert await uow.tickets.get(2) is None


async def test_a_long_description_and_context_are_cut_to_the_column_limits(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann = await _user(uow_factory)
    # Not ASCII, so a limit counted in bytes rather than characters would show.
    description = "Phone stolen ✓ " + "é" * 1200
    context = "account: ann ✓\n" + "€" * 5000
    at_limit = "ü" * 1000
    async with uow_factory() as uow:
        long = await uow.tickets.add(_ticket(ann, description, context))
        exact = await uow.tickets.add(_ticket(ann, at_limit, "ø" * 4000))
        await uow.commit()
    async with uow_factory() as uow:
        assert long.id is not None and exact.id is not None
        stored_long = await uow.tickets.get(long.id)
        stored_exact = await uow.tickets.get(exact.id)
    assert (long.description, long.context) == (description[:1000], context[:4000])
    assert (exact.description, exact.context) == (at_limit, "ø" * 4000)
    assert (stored_long, stored_exact) == (long, exact)


async def test_the_ticket_time_comes_back_as_the_same_instant_in_utc(uow_factory: UnitOfWorkFactory) -> None:
    ann = await _user(uow_factory)
    paris = datetime(2025, 3, 1, 13, 30, 15, 123456, tzinfo=PARIS)
    async with uow_factory() as uow:
        added = await uow.tickets.add(replace(_ticket(ann), created_at=paris))
        assert added.id is not None
        in_the_same_unit = await uow.tickets.get(added.id)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.tickets.get(added.id)
    assert in_the_same_unit is not None and stored is not None
    times = [added.created_at, in_the_same_unit.created_at, stored.created_at]
    assert all(at.utcoffset() == timedelta(0) and at == paris for at in times)


async def test_tickets_reach_other_units_only_on_commit(uow_factory: UnitOfWorkFactory) -> None:
    ann = await _user(uow_factory)
    async with uow_factory() as uow:
        dropped = await uow.tickets.add(_ticket(ann, "dropped"))
        assert dropped.id is not None
        assert await uow.tickets.get(dropped.id) == dropped
    async with uow_factory() as uow:
        assert await uow.tickets.get(dropped.id) is None
        kept = await uow.tickets.add(_ticket(ann, "kept"))
        assert kept.id is not None
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.tickets.get(kept.id) == kept


async def test_the_number_of_a_deleted_ticket_is_not_handed_out_again(sql_engine: AsyncEngine) -> None:
    uow_factory = SqlUnitOfWorkFactory(sql_engine)
    ann = await _user(uow_factory)
    async with uow_factory() as uow:
        await uow.tickets.add(_ticket(ann))
        newest = await uow.tickets.add(_ticket(ann))
        await uow.commit()
    assert newest.id == 2
    # The repository deletes nothing; an operator cleaning up by hand must not free the newest number.
    async with sql_engine.begin() as connection:
        await connection.execute(text("DELETE FROM support_tickets WHERE id = 2"))
    async with uow_factory() as uow:
        added = await uow.tickets.add(_ticket(ann))
        await uow.commit()
    assert added.id == 3
