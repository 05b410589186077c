"""Requests to disable 2FA: one contract for fake, SQLite and PostgreSQL, and row locks on SQL."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.core.errors import NotFound
from domain.core.model import Contract, DisableRequest, RequestStatus, Role, User
from domain.core.ports import UnitOfWork, UnitOfWorkFactory
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))


@dataclass(frozen=True)
class People:
    """Two contracts: Acme with a requester and two managers, Globex with one user."""

    acme: int
    ann: int  # requester
    max: int  # manager
    mia: int  # manager
    globex: int
    gus: int


async def _add_user(uow: UnitOfWork, contract_id: int, name: str, role: Role) -> int:
    user = await uow.users.add(User(None, contract_id, name, f"{name.lower()}@example.com", role))
    assert user.id is not None
    return user.id


async def _people(uow_factory: UnitOfWorkFactory) -> People:
    async with uow_factory() as uow:
        acme = await uow.contracts.add(Contract(None, "Acme"))
        globex = await uow.contracts.add(Contract(None, "Globex"))
        assert acme.id is not None and globex.id is not None
        people = People(
            acme=acme.id,
            ann=await _add_user(uow, acme.id, "Ann", Role.MEMBER),
            max=await _add_user(uow, acme.id, "Max", Role.ACCOUNT_MANAGER),
            mia=await _add_user(uow, acme.id, "Mia", Role.ACCOUNT_MANAGER),
            globex=globex.id,
            gus=await _add_user(uow, globex.id, "Gus", Role.MEMBER),
        )
        await uow.commit()
    return people


def _request(
    contract_id: int, requester_id: int, target_user_id: int | None = None, reason: str = "Lost my phone"
) -> DisableRequest:
    return DisableRequest(
        None, contract_id, requester_id, target_user_id, reason, True, NOW, NOW + timedelta(days=2)
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql_uow_factory(request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    """A unit-of-work factory on an empty SQL database (the fake models no row locks)."""
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return SqlUnitOfWorkFactory(engine)


async def test_a_new_request_gets_the_next_id_and_is_found_by_it(uow_factory: UnitOfWorkFactory) -> None:
    p = await _people(uow_factory)
    async with uow_factory() as uow:
        first = await uow.requests.add(replace(_request(p.acme, p.ann), id=99))
        second = await uow.requests.add(_request(p.acme, p.ann, target_user_id=p.max))
        await uow.commit()
    assert (first.id, second.id) == (1, 2)
    assert first == replace(_request(p.acme, p.ann), id=1)
    async with uow_factory() as uow:
        assert await uow.requests.get(1) == first
        assert await uow.requests.get(2) == second
        assert await uow.requests.get(3) is None


async def test_a_saved_decision_is_kept_and_an_unknown_request_raises_not_found(
    uow_factory: UnitOfWorkFactory,
) -> None:
    p = await _people(uow_factory)
    async with uow_factory() as uow:
        request = await uow.requests.add(_request(p.acme, p.ann))
        await uow.commit()
    approved = replace(
        request, status=RequestStatus.APPROVED, decided_at=NOW + timedelta(hours=1), decided_by=p.max
    )
    async with uow_factory() as uow:
        await uow.requests.save(approved)
        with pytest.raises(NotFound):
            await uow.requests.save(replace(approved, id=99))
        with pytest.raises(NotFound):
            await uow.requests.save(_request(p.acme, p.ann))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.requests.get(1) == approved


async def test_a_contracts_requests_are_listed_oldest_first_and_filtered_by_status(
    uow_factory: UnitOfWorkFactory,
) -> None:
    p = await _people(uow_factory)
    async with uow_factory() as uow:
        # Created later but added first: the order is the id's, not the creation time's.
        await uow.requests.add(
            replace(_request(p.acme, p.ann, reason="one"), created_at=NOW + timedelta(days=1))
        )
        await uow.requests.add(_request(p.globex, p.gus, reason="other contract"))
        declined = await uow.requests.add(_request(p.acme, p.ann, reason="three"))
        await uow.requests.add(_request(p.acme, p.max, reason="four"))
        await uow.requests.save(replace(declined, status=RequestStatus.DECLINED, decided_by=p.mia))
        await uow.commit()
    async with uow_factory() as uow:
        everything = await uow.requests.for_contract(p.acme)
        pending = await uow.requests.for_contract(p.acme, RequestStatus.PENDING)
        declined_ones = await uow.requests.for_contract(p.acme, RequestStatus.DECLINED)
        assert await uow.requests.for_contract(p.acme, RequestStatus.APPROVED) == []
        assert [r.reason for r in await uow.requests.for_contract(p.globex)] == ["other contract"]
        assert await uow.requests.for_contract(99) == []
    assert [(r.id, r.reason) for r in everything] == [(1, "one"), (3, "three"), (4, "four")]
    assert [r.id for r in pending] == [1, 4]
    assert [(r.id, r.decided_by) for r in declined_ones] == [(3, p.mia)]


async def test_a_request_naming_an_unknown_contract_or_user_is_refused(
    uow_factory: UnitOfWorkFactory,
) -> None:
    p = await _people(uow_factory)
    async with uow_factory() as uow:
        with pytest.raises(NotFound, match="contract 99"):
            await uow.requests.add(_request(99, p.ann))
        with pytest.raises(NotFound, match="user 99"):
            await uow.requests.add(_request(p.acme, 99))
        with pytest.raises(NotFound, match="user 98"):
            await uow.requests.add(_request(p.acme, p.ann, target_user_id=98))
        stored = await uow.requests.add(_request(p.acme, p.ann))
        with pytest.raises(NotFound, match="user 97"):
            await uow.requests.save(replace(stored, status=RequestStatus.APPROVED, decided_by=97))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.requests.for_contract(p.acme) == [stored]


async def test_a_long_reason_is_cut_to_the_column_limit(uow_factory: UnitOfWorkFactory) -> None:
    p = await _people(uow_factory)
    reason = "Phone stolen ✓ " + "é" * 600
    async with uow_factory() as uow:
        added = await uow.requests.add(_request(p.acme, p.ann, reason=reason))
        await uow.commit()
    async with uow_factory() as uow:
        assert added.id is not None
        await uow.requests.save(replace(added, reason=reason + "!"))
        await uow.commit()
    async with uow_factory() as uow:
        request = await uow.requests.get(added.id)
    assert added.reason == reason[:500]
    assert request == added


async def test_request_times_come_back_as_the_same_instant_in_utc(uow_factory: UnitOfWorkFactory) -> None:
    p = await _people(uow_factory)
    paris = datetime(2025, 3, 1, 13, 30, 15, 123456, tzinfo=PARIS)
    request = replace(_request(p.acme, p.ann), created_at=paris, expires_at=paris + timedelta(days=2))
    async with uow_factory() as uow:
        added = await uow.requests.add(request)
        assert added.id is not None
        await uow.requests.save(replace(added, decided_at=paris, status=RequestStatus.EXPIRED))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.requests.get(added.id)
    assert stored is not None
    times = [added.created_at, added.expires_at, stored.created_at, stored.expires_at, stored.decided_at]
    assert all(at is not None and at.utcoffset() == timedelta(0) for at in times)
    assert stored.created_at == stored.decided_at == paris
    assert stored.status is RequestStatus.EXPIRED


async def test_requests_reach_other_units_only_on_commit(uow_factory: UnitOfWorkFactory) -> None:
    p = await _people(uow_factory)
    async with uow_factory() as uow:
        await uow.requests.add(_request(p.acme, p.ann, reason="dropped"))
    async with uow_factory() as uow:
        assert await uow.requests.for_contract(p.acme) == []
        kept = await uow.requests.add(_request(p.acme, p.ann, reason="kept"))
        assert kept.id is not None
        await uow.commit()
    async with uow_factory() as uow:
        await uow.requests.save(replace(kept, status=RequestStatus.APPROVED, decided_by=p.max))
    async with uow_factory() as uow:
        assert await uow.requests.for_contract(p.acme) == [kept]
        assert await uow.requests.get(kept.id) == kept


async def test_two_managers_approving_one_request_at_once_take_turns(
    sql_uow_factory: UnitOfWorkFactory,
) -> None:
    p = await _people(sql_uow_factory)
    async with sql_uow_factory() as uow:
        request = await uow.requests.add(_request(p.acme, p.ann))
        await uow.commit()
    assert request.id is not None
    request_id = request.id
    first_read = asyncio.Event()

    async def approve(manager: int, wait_for_first: bool) -> RequestStatus:
        if wait_for_first:
            await first_read.wait()
        async with sql_uow_factory() as uow:
            seen = await uow.requests.get(request_id)
            assert seen is not None
            first_read.set()
            await asyncio.sleep(0.2)  # the other manager tries to read now
            if seen.open_at(NOW):
                decided = replace(seen, status=RequestStatus.APPROVED, decided_at=NOW, decided_by=manager)
                await uow.requests.save(decided)
                await uow.commit()
            return seen.status

    seen = await asyncio.gather(approve(p.max, False), approve(p.mia, True))
    assert list(seen) == [RequestStatus.PENDING, RequestStatus.APPROVED]
    async with sql_uow_factory() as uow:
        stored = await uow.requests.get(request_id)
    assert stored is not None and stored.decided_by == p.max
