"""Recovery codes on fake, SQLite and PostgreSQL: the repository's contract, one code spent by two units
at once (exactly one wins), and no code in clear in any table after they were issued and used."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

import storage.tables  # noqa: F401  (registers every table, for the dump below)
from app.hashing import ScryptHasher
from app.system import SecretsTokens
from domain.accounts import admin
from domain.core.model import Role, User
from domain.core.policy import OtpPolicy
from domain.core.ports import UnitOfWorkFactory
from domain.core.recovery_state import StoredRecoveryCode
from domain.core.sources import login_source
from domain.proofs.limits import SendLimits
from domain.proofs.recovery import RecoveryCodes, RecoveryOutcome
from storage.engine import create_engine, is_postgres
from storage.uow import SqlUnitOfWorkFactory
from tests.support.fake_hashing import FakeSlowHasher
from tests.support.fakes import FakeTokens
from tests.support.harness import KEY

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LIGHT_SCRYPT = {"n": 2**12}  # the real algorithm, a quarter of the cost, for tests that hash many sets


async def _users(uow_factory: UnitOfWorkFactory) -> tuple[User, User]:
    async with uow_factory() as uow:
        await admin.add_contract(uow, "Acme", NOW)
        alice = await admin.add_user(uow, "alice@example.com", "Alice", "Acme", Role.MEMBER, NOW)
        bob = await admin.add_user(uow, "bob@example.com", "Bob", "Acme", Role.MEMBER, NOW)
        await uow.commit()
    return alice, bob


def _rows(user: User, *lookups: str) -> list[StoredRecoveryCode]:
    return [StoredRecoveryCode(None, user.key, lookup, f"hash-{lookup}", NOW) for lookup in lookups]


def _service(hasher: FakeSlowHasher | ScryptHasher, tokens: FakeTokens | SecretsTokens) -> RecoveryCodes:
    return RecoveryCodes(hasher, KEY, tokens, SendLimits(OtpPolicy(), lambda destination: destination))


async def test_a_set_is_replaced_whole_and_each_code_is_spent_once(uow_factory: UnitOfWorkFactory) -> None:
    alice, bob = await _users(uow_factory)
    async with uow_factory() as uow:
        assert await uow.recovery_codes.replace(alice.key, _rows(alice, "aa01", "bb02", "cc03")) == 0
        await uow.recovery_codes.replace(bob.key, _rows(bob, "aa01"))
        await uow.commit()
    async with uow_factory() as uow:
        [found] = await uow.recovery_codes.unused(alice.key, "bb02")
        assert (found.user_id, found.lookup, found.hash, found.created_at) == (
            alice.key,
            "bb02",
            "hash-bb02",
            NOW,
        )
        assert found.id is not None and found.used_at is None
        assert await uow.recovery_codes.unused(alice.key, "dd04") == []
        assert await uow.recovery_codes.mark_used(found.id, NOW + timedelta(minutes=1))
        assert not await uow.recovery_codes.mark_used(found.id, NOW + timedelta(minutes=2))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.recovery_codes.unused(alice.key, "bb02") == []
        assert await uow.recovery_codes.remaining(alice.key) == 2
        assert await uow.recovery_codes.remaining(bob.key) == 1
        assert await uow.recovery_codes.replace(alice.key, _rows(alice, "ee05")) == 3  # used ones go too
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.recovery_codes.unused(alice.key, "aa01") == []
        assert len(await uow.recovery_codes.unused(bob.key, "aa01")) == 1  # another user's set is untouched
        assert await uow.recovery_codes.remaining(alice.key) == 1
        assert await uow.recovery_codes.delete_for_user(alice.key) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.recovery_codes.remaining(alice.key) == 0


async def test_a_replacement_left_uncommitted_leaves_the_old_set(uow_factory: UnitOfWorkFactory) -> None:
    alice, _ = await _users(uow_factory)
    async with uow_factory() as uow:
        await uow.recovery_codes.replace(alice.key, _rows(alice, "aa01", "bb02"))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.recovery_codes.replace(alice.key, _rows(alice, "cc03"))
    async with uow_factory() as uow:
        assert await uow.recovery_codes.remaining(alice.key) == 2
        assert len(await uow.recovery_codes.unused(alice.key, "aa01")) == 1


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> AsyncEngine:
    """An engine on a migrated, empty database of each kind."""
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return engine


@asynccontextmanager
async def two_workers(
    engine: AsyncEngine,
) -> AsyncIterator[tuple[UnitOfWorkFactory, UnitOfWorkFactory, bool]]:
    """Two workers' unit-of-work factories on one database (two engines on one SQLite file, as two
    processes; one PostgreSQL pool), and whether both may hold a transaction open at once."""
    if is_postgres(engine):
        yield SqlUnitOfWorkFactory(engine), SqlUnitOfWorkFactory(engine), True
        return
    other = create_engine(engine.url.render_as_string(hide_password=False))
    try:
        yield SqlUnitOfWorkFactory(engine), SqlUnitOfWorkFactory(other), False
    finally:
        await other.dispose()


async def test_two_workers_spending_one_code_at_once_exactly_one_wins(engine: AsyncEngine) -> None:
    async with two_workers(engine) as (first, second, overlap):
        await _spend_at_once(first, second, overlap)


async def _spend_at_once(first: UnitOfWorkFactory, second: UnitOfWorkFactory, overlap: bool) -> None:
    alice, _ = await _users(first)
    async with first() as uow:
        await uow.recovery_codes.replace(alice.key, _rows(alice, "aa01"))
        await uow.commit()
    # On PostgreSQL both read the code unused before either spends it; SQLite's BEGIN IMMEDIATE makes the
    # second worker wait for the first's commit before it reads anything.
    both_read = asyncio.Barrier(2) if overlap else None

    async def spend(factory: UnitOfWorkFactory) -> bool:
        async with factory() as uow:
            found = await uow.recovery_codes.unused(alice.key, "aa01")
            if both_read is not None:
                await both_read.wait()
                assert len(found) == 1
            code_id = found[0].id if found else None
            spent = code_id is not None and await uow.recovery_codes.mark_used(code_id, NOW)
            await uow.commit()
            return spent

    assert sorted(await asyncio.gather(spend(first), spend(second))) == [False, True]
    async with first() as uow:
        assert await uow.recovery_codes.remaining(alice.key) == 0


async def test_two_sign_ins_with_one_code_at_once_let_exactly_one_in(engine: AsyncEngine) -> None:
    async with two_workers(engine) as (first, second, _):
        await _sign_in_at_once(first, second)


async def _sign_in_at_once(first: UnitOfWorkFactory, second: UnitOfWorkFactory) -> None:
    alice, _ = await _users(first)
    service = _service(FakeSlowHasher(), FakeTokens())
    async with first() as uow:
        codes = await service.issue(uow, alice, NOW)
        await uow.commit()

    async def sign_in(factory: UnitOfWorkFactory, ip: str) -> RecoveryOutcome:
        async with factory() as uow:
            used = await service.use(uow, alice, codes[0], NOW, login_source(ip, "page"))
            await uow.commit()
            return used.outcome

    outcomes = await asyncio.gather(sign_in(first, "ip-a"), sign_in(second, "ip-b"))
    assert sorted(outcomes) == [RecoveryOutcome.USED, RecoveryOutcome.WRONG]
    async with first() as uow:
        assert await service.remaining(uow, alice) == 9


async def _every_row_as_text(engine: AsyncEngine) -> str:
    parts: list[str] = []
    async with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            query = f'SELECT * FROM "{table.name}"'  # noqa: S608  (names from our own metadata)
            rows = await connection.execute(text(query))
            parts.extend(f"{table.name}: {' | '.join(map(str, row))}" for row in rows)
    return "\n".join(parts)


async def test_no_recovery_code_is_in_clear_in_any_table_after_issue_and_use(engine: AsyncEngine) -> None:
    uow_factory = SqlUnitOfWorkFactory(engine)
    alice, _ = await _users(uow_factory)
    service = _service(ScryptHasher(**LIGHT_SCRYPT), SecretsTokens())
    shown: list[str] = []
    for _ in range(2):  # a set, partly used, then a new set, partly used, and wrong tries
        async with uow_factory() as uow:
            codes = await service.issue(uow, alice, NOW, chat_id="tg:1")
            await uow.commit()
        shown.extend(codes)
        for typed in (codes[0], codes[1].lower().replace("-", ""), codes[0], "ZZZZ-ZZZZ"):
            async with uow_factory() as uow:
                await service.use(uow, alice, typed, NOW, chat_id="tg:1")
                await uow.commit()
    dump = await _every_row_as_text(engine)
    assert "recovery_codes:" in dump and "recovery_code_used" in dump and "outbox:" in dump
    forms = {form for code in shown for form in (code, code.replace("-", ""))}
    found = [form for form in forms if form in dump.upper()]
    assert found == [], f"recovery codes in clear: {found}"
