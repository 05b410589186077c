"""Devices, login attempts, chat outbox and audit `since`: one contract for fake, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.core.errors import Duplicate, NotFound
from domain.core.model import (
    AuditEvent,
    AuditKind,
    ChatMessage,
    ChatMessageStatus,
    Contract,
    Device,
    LoginAttempt,
    LoginOutcome,
    Role,
    User,
)
from domain.core.ports import UnitOfWork, UnitOfWorkFactory
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))
BUTTONS = ((("Yes, it was me", "login:yes:abc"), ("No", "login:no:abc")), (("Ünïcode ✓", "x"),))


async def _user(uow: UnitOfWork, email: str = "ann@example.com") -> int:
    contract = await uow.contracts.get_by_name("Acme") or await uow.contracts.add(Contract(None, "Acme"))
    assert contract.id is not None
    user = await uow.users.add(User(None, contract.id, "Ann", email, Role.ACCOUNT_MANAGER))
    assert user.id is not None
    return user.id


async def _two_users(uow_factory: UnitOfWorkFactory) -> tuple[int, int]:
    async with uow_factory() as uow:
        ann, bob = await _user(uow, "ann@example.com"), await _user(uow, "bob@example.com")
        await uow.commit()
    return ann, bob


def _device(user_id: int, digest: str = "hash-1", created_at: datetime = NOW) -> Device:
    return Device(None, user_id, digest, created_at, created_at + timedelta(days=30), "Firefox", "10.0.0.1")


def _login(
    login_id: str, user_id: int, created_at: datetime = NOW, outcome: LoginOutcome = LoginOutcome.REQUIRED
) -> LoginAttempt:
    return LoginAttempt(login_id, user_id, created_at, outcome, "browser-1", "Firefox", "10.0.0.1")


def _message(chat_id: str, text: str = "Was this you?") -> ChatMessage:
    return ChatMessage(None, chat_id, text, BUTTONS, created_at=NOW)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql_uow_factory(request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    """A unit-of-work factory on an empty SQL database (the fake models no row locks, as for challenges)."""
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return SqlUnitOfWorkFactory(engine)


async def test_a_new_device_gets_an_id_and_is_found_by_its_token_hash(uow_factory: UnitOfWorkFactory) -> None:
    ann, _ = await _two_users(uow_factory)
    async with uow_factory() as uow:
        first = await uow.devices.add(replace(_device(ann), id=99))
        second = await uow.devices.add(_device(ann, "hash-2"))
        await uow.commit()
    assert (first.id, second.id) == (1, 2)
    assert first == replace(_device(ann), id=1)
    async with uow_factory() as uow:
        assert await uow.devices.get_by_hash("hash-2") == second
        assert await uow.devices.get_by_hash("HASH-2") is None
        assert await uow.devices.get_by_hash("hash-3") is None


async def test_a_users_devices_are_listed_oldest_first_with_ties_in_id_order(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, bob = await _two_users(uow_factory)
    async with uow_factory() as uow:
        await uow.devices.add(_device(ann, "late", NOW + timedelta(days=1)))
        await uow.devices.add(_device(ann, "tie-a"))
        await uow.devices.add(_device(bob, "bobs"))
        await uow.devices.add(_device(ann, "tie-b"))
        await uow.commit()
    async with uow_factory() as uow:
        assert [d.token_hash for d in await uow.devices.for_user(ann)] == ["tie-a", "tie-b", "late"]
        assert [d.token_hash for d in await uow.devices.for_user(bob)] == ["bobs"]
        assert await uow.devices.for_user(99) == []


async def test_a_saved_device_keeps_its_last_use_and_an_unknown_one_raises_not_found(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, _ = await _two_users(uow_factory)
    async with uow_factory() as uow:
        device = await uow.devices.add(_device(ann))
        await uow.commit()
    used = replace(device, last_used_at=NOW + timedelta(hours=2))
    async with uow_factory() as uow:
        await uow.devices.save(used)
        with pytest.raises(NotFound):
            await uow.devices.save(replace(device, id=99))
        with pytest.raises(NotFound):
            await uow.devices.save(_device(ann, "never-added"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.devices.get_by_hash("hash-1") == used


async def test_deleting_a_device_forgets_only_it_and_deleting_an_unknown_one_does_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, _ = await _two_users(uow_factory)
    async with uow_factory() as uow:
        gone = await uow.devices.add(_device(ann, "gone"))
        kept = await uow.devices.add(_device(ann, "kept"))
        await uow.commit()
    assert gone.id is not None
    async with uow_factory() as uow:
        await uow.devices.delete(gone.id)
        await uow.devices.delete(99)
        assert await uow.devices.get_by_hash("gone") is None
        with pytest.raises(NotFound):
            await uow.devices.save(gone)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.devices.for_user(ann) == [kept]


async def test_forgetting_a_users_devices_counts_them_and_leaves_other_users_alone(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, bob = await _two_users(uow_factory)
    async with uow_factory() as uow:
        for n in range(3):
            await uow.devices.add(_device(ann, f"ann-{n}"))
        bobs = await uow.devices.add(_device(bob, "bob-0"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.devices.delete_for_user(ann) == 3
        assert await uow.devices.delete_for_user(ann) == 0
        assert await uow.devices.get_by_hash("ann-0") is None
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.devices.for_user(ann) == []
        assert await uow.devices.for_user(bob) == [bobs]


async def test_device_ids_are_not_reused_after_the_newest_is_deleted(uow_factory: UnitOfWorkFactory) -> None:
    ann, _ = await _two_users(uow_factory)
    async with uow_factory() as uow:
        newest = await uow.devices.add(_device(ann, "first"))
        assert newest.id is not None
        await uow.devices.delete(newest.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.devices.add(_device(ann, "second"))).id == 2


async def test_a_taken_token_hash_raises_duplicate_and_the_unit_stays_usable(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, bob = await _two_users(uow_factory)
    async with uow_factory() as uow:
        await uow.devices.add(_device(ann, "taken"))
        with pytest.raises(Duplicate):
            await uow.devices.add(_device(bob, "taken"))
        await uow.devices.add(_device(bob, "free"))
        await uow.commit()
    async with uow_factory() as uow:
        assert [d.token_hash for d in await uow.devices.for_user(bob)] == ["free"]


async def test_a_device_or_login_of_an_unknown_user_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(NotFound):
            await uow.devices.add(_device(99))
        with pytest.raises(NotFound):
            await uow.logins.add(_login("login-1", 99))


async def test_long_user_agents_and_ips_are_cut_to_the_column_limits(uow_factory: UnitOfWorkFactory) -> None:
    ann, _ = await _two_users(uow_factory)
    agent, ip = "Mozilla/5.0 " + "é" * 600, "f" * 100
    async with uow_factory() as uow:
        added = await uow.devices.add(replace(_device(ann), user_agent=agent, ip=ip))
        await uow.logins.add(replace(_login("login-1", ann), user_agent=agent, ip=ip))
        await uow.commit()
    async with uow_factory() as uow:
        device = await uow.devices.get_by_hash("hash-1")
        login = await uow.logins.get("login-1")
    assert device == added
    assert device is not None and login is not None
    assert device.user_agent == login.user_agent == agent[:512]
    assert device.ip == login.ip == ip[:64]


async def test_a_login_attempt_is_stored_found_and_its_changes_saved(uow_factory: UnitOfWorkFactory) -> None:
    ann, _ = await _two_users(uow_factory)
    attempt = replace(_login("login-1", ann), challenge_id="ch-1")
    async with uow_factory() as uow:
        await uow.logins.add(attempt)
        with pytest.raises(Duplicate, match="login-1"):
            await uow.logins.add(_login("login-1", ann))
        await uow.commit()
    verified = replace(attempt, verified_at=NOW + timedelta(minutes=1))
    async with uow_factory() as uow:
        assert await uow.logins.get("login-1") == attempt
        assert await uow.logins.get("login-2") is None
        await uow.logins.save(verified)
        with pytest.raises(NotFound):
            await uow.logins.save(_login("login-2", ann))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.logins.get("login-1") == verified


async def test_recent_logins_start_at_the_given_time_inclusive_oldest_first(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, bob = await _two_users(uow_factory)
    async with uow_factory() as uow:
        for login_id, user_id, minutes_ago in [
            ("b", ann, 0),
            ("too-old", ann, 11),
            ("edge", ann, 10),
            ("a", ann, 0),
            ("bobs", bob, 1),
        ]:
            await uow.logins.add(_login(login_id, user_id, NOW - timedelta(minutes=minutes_ago)))
        await uow.commit()
    async with uow_factory() as uow:
        recent = await uow.logins.recent(ann, NOW - timedelta(minutes=10))
        assert await uow.logins.recent(ann, NOW + timedelta(seconds=1)) == []
    assert [attempt.id for attempt in recent] == ["edge", "a", "b"]


async def test_the_last_login_is_the_newest_with_or_without_an_outcome(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, bob = await _two_users(uow_factory)
    async with uow_factory() as uow:
        assert await uow.logins.last(ann) is None
        await uow.logins.add(_login("old-remembered", ann, NOW - timedelta(hours=1), LoginOutcome.REMEMBERED))
        await uow.logins.add(_login("b", ann, NOW, LoginOutcome.REQUIRED))
        await uow.logins.add(_login("a", ann, NOW, LoginOutcome.REFUSED))
        await uow.logins.add(_login("bobs", bob, NOW + timedelta(hours=1)))
        await uow.commit()
    async with uow_factory() as uow:
        last = await uow.logins.last(ann)
        remembered = await uow.logins.last(ann, LoginOutcome.REMEMBERED)
        refused = await uow.logins.last(ann, LoginOutcome.REFUSED)
        assert await uow.logins.last(ann, LoginOutcome.NOT_ENABLED) is None
    assert last is not None and last.id == "b"
    assert remembered is not None and remembered.id == "old-remembered"
    assert refused is not None and refused.id == "a"


async def test_device_and_login_times_come_back_as_the_same_instant_in_utc(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, _ = await _two_users(uow_factory)
    paris = datetime(2025, 3, 1, 13, 30, 15, 123456, tzinfo=PARIS)
    async with uow_factory() as uow:
        added = await uow.devices.add(replace(_device(ann, created_at=paris), last_used_at=paris))
        await uow.logins.add(replace(_login("login-1", ann, paris), verified_at=paris))
        await uow.commit()
    async with uow_factory() as uow:
        device = await uow.devices.get_by_hash("hash-1")
        login = await uow.logins.get("login-1")
    assert device is not None and login is not None
    times = [added.created_at, device.created_at, device.expires_at, device.last_used_at, login.created_at]
    assert all(at is not None and at.utcoffset() == timedelta(0) for at in [*times, login.verified_at])
    assert device.created_at == login.verified_at == paris


async def test_a_claimed_chat_message_is_not_due_until_its_lease_ends(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.chat_outbox.add(_message("tg:1"))
        await uow.chat_outbox.add(_message("tg:2"))
        await uow.commit()
    now = NOW
    async with uow_factory() as uow:
        first, _ = await uow.chat_outbox.due("tg:", limit=10, now=now)
        await uow.chat_outbox.save(replace(first, next_attempt_at=now + timedelta(minutes=2)))
        await uow.commit()
    async with uow_factory() as uow:
        assert [m.chat_id for m in await uow.chat_outbox.due("tg:", limit=10, now=now)] == ["tg:2"]
        later = now + timedelta(minutes=2)
        assert [m.chat_id for m in await uow.chat_outbox.due("tg:", limit=10, now=later)] == ["tg:1", "tg:2"]
        assert len(await uow.chat_outbox.due("tg:", limit=10)) == 2  # without `now`: every pending one


async def test_chat_messages_are_due_by_chat_prefix_oldest_first_up_to_the_limit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        for chat_id in ["tg:2", "term:1", "tg:1", "tg:2"]:
            await uow.chat_outbox.add(replace(_message(chat_id), id=99))
        await uow.commit()
    async with uow_factory() as uow:
        telegram = await uow.chat_outbox.due("tg:", limit=10)
        assert [m.id for m in await uow.chat_outbox.due("tg:", limit=2)] == [1, 3]
        assert [m.id for m in await uow.chat_outbox.due("", limit=10)] == [1, 2, 3, 4]
        assert [m.id for m in await uow.chat_outbox.due("term:", limit=10)] == [2]
    assert [(m.id, m.chat_id) for m in telegram] == [(1, "tg:2"), (3, "tg:1"), (4, "tg:2")]
    assert telegram[0] == replace(_message("tg:2"), id=1)


async def test_a_chat_prefix_matches_literally_and_with_case(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        for chat_id in ["TG:1", "tg_1", "tgx1", "t%g:1", "tg:1"]:
            await uow.chat_outbox.add(_message(chat_id))
        await uow.commit()
    async with uow_factory() as uow:
        assert [m.chat_id for m in await uow.chat_outbox.due("tg:", limit=10)] == ["tg:1"]
        assert [m.chat_id for m in await uow.chat_outbox.due("tg_", limit=10)] == ["tg_1"]
        assert [m.chat_id for m in await uow.chat_outbox.due("t%", limit=10)] == ["t%g:1"]


async def test_chat_message_buttons_come_back_as_equal_tuples(uow_factory: UnitOfWorkFactory) -> None:
    plain = ChatMessage(None, "tg:1", "No buttons and no time")
    async with uow_factory() as uow:
        await uow.chat_outbox.add(_message("tg:1", "Line one\nline two ✓"))
        await uow.chat_outbox.add(plain)
        await uow.commit()
    async with uow_factory() as uow:
        with_buttons, without = await uow.chat_outbox.due("tg:", limit=10)
    assert with_buttons == ChatMessage(1, "tg:1", "Line one\nline two ✓", BUTTONS, created_at=NOW)
    assert isinstance(with_buttons.buttons[0][0], tuple)
    assert without == replace(plain, id=2)


async def test_a_sent_chat_message_is_no_longer_due_and_an_unknown_one_raises_not_found(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        for n in range(3):
            await uow.chat_outbox.add(_message("tg:1", f"Message {n}"))
        await uow.commit()
    async with uow_factory() as uow:
        first, second, _ = await uow.chat_outbox.due("tg:", limit=10)
        sent_at = NOW + timedelta(seconds=5)
        await uow.chat_outbox.save(replace(first, status=ChatMessageStatus.SENT, attempts=1, sent_at=sent_at))
        await uow.chat_outbox.save(replace(second, status=ChatMessageStatus.FAILED, attempts=5))
        with pytest.raises(NotFound):
            await uow.chat_outbox.save(replace(first, id=99))
        with pytest.raises(NotFound):
            await uow.chat_outbox.save(_message("tg:1"))
        await uow.commit()
    async with uow_factory() as uow:
        assert [m.text for m in await uow.chat_outbox.due("tg:", limit=10)] == ["Message 2"]


async def test_audit_events_since_a_time_are_inclusive_and_combine_with_user_and_kind(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        for minutes_ago, kind, user_id in [
            (11, AuditKind.LOGIN_STARTED, 1),
            (10, AuditKind.LOGIN_STARTED, 1),
            (5, AuditKind.LOGIN_VERIFIED, 1),
            (5, AuditKind.LOGIN_STARTED, 2),
            (0, AuditKind.LOGIN_STARTED, 1),
        ]:
            await uow.audit.add(AuditEvent(NOW - timedelta(minutes=minutes_ago), kind, user_id=user_id))
        await uow.commit()
    since = (NOW - timedelta(minutes=10)).astimezone(PARIS)
    async with uow_factory() as uow:
        everyone = await uow.audit.list(since=since)
        anns = await uow.audit.list(user_id=1, since=since)
        anns_starts = await uow.audit.list(user_id=1, kind=AuditKind.LOGIN_STARTED, since=since)
        assert await uow.audit.list(since=NOW + timedelta(seconds=1)) == []
    assert [e.id for e in everyone] == [2, 3, 4, 5]
    assert [e.id for e in anns] == [2, 3, 5]
    assert [e.id for e in anns_starts] == [2, 5]


async def test_devices_logins_and_chat_messages_reach_other_units_only_on_commit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ann, _ = await _two_users(uow_factory)
    async with uow_factory() as uow:
        await uow.devices.add(_device(ann))
        await uow.logins.add(_login("login-1", ann))
        await uow.chat_outbox.add(_message("tg:1"))
    async with uow_factory() as uow:
        assert await uow.devices.for_user(ann) == []
        assert await uow.logins.get("login-1") is None
        assert await uow.chat_outbox.due("", limit=10) == []
        await uow.devices.add(_device(ann))
        await uow.logins.add(_login("login-1", ann))
        await uow.chat_outbox.add(_message("tg:1"))
        await uow.commit()
    async with uow_factory() as uow:
        assert [d.token_hash for d in await uow.devices.for_user(ann)] == ["hash-1"]
        assert await uow.logins.get("login-1") == _login("login-1", ann)
        assert [m.chat_id for m in await uow.chat_outbox.due("", limit=10)] == ["tg:1"]


async def test_two_verifications_of_one_login_take_turns(sql_uow_factory: UnitOfWorkFactory) -> None:
    ann, _ = await _two_users(sql_uow_factory)
    async with sql_uow_factory() as uow:
        await uow.logins.add(_login("login-1", ann))
        await uow.commit()
    first_read = asyncio.Event()

    async def verify(wait_for_first: bool) -> datetime | None:
        if wait_for_first:
            await first_read.wait()
        async with sql_uow_factory() as uow:
            attempt = await uow.logins.get("login-1")
            assert attempt is not None
            first_read.set()
            await asyncio.sleep(0.2)  # the other verification tries to read now
            if attempt.verified_at is None:
                await uow.logins.save(replace(attempt, verified_at=NOW))
                await uow.commit()
            return attempt.verified_at

    seen = await asyncio.gather(verify(False), verify(True))
    assert list(seen) == [None, NOW]


@pytest.mark.postgres
async def test_two_workers_never_get_the_same_pending_chat_message(postgres_engine: AsyncEngine) -> None:
    factory = SqlUnitOfWorkFactory(postgres_engine)
    async with factory() as uow:
        for n in range(4):
            await uow.chat_outbox.add(_message("tg:1", f"Message {n}"))
        await uow.commit()
    async with factory() as first, factory() as second:
        taken = await first.chat_outbox.due("tg:", limit=3)
        rest = await second.chat_outbox.due("tg:", limit=3)
    assert [m.id for m in taken] == [1, 2, 3]
    assert [m.id for m in rest] == [4]
