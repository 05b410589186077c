"""One contract for every repository and the unit of work, run on the fake, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import StatementError

from domain.core.challenge import Challenge, ChallengeStatus, Purpose
from domain.core.conversation_state import Conversation, Step
from domain.core.errors import Duplicate, NotFound
from domain.core.model import (
    AuditEvent,
    AuditKind,
    Channel,
    ChatLink,
    Contract,
    LinkToken,
    Lockout,
    Method,
    OutgoingEmail,
    Role,
    TwoFactorSetting,
    User,
)
from domain.core.ports import UnitOfWork, UnitOfWorkFactory
from domain.core.repositories import OutboxItem, OutboxStatus

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
PARIS = timezone(timedelta(hours=1))


async def _user(uow: UnitOfWork, email: str = "ann@example.com", contract: str = "Acme") -> User:
    found = await uow.contracts.get_by_name(contract)
    owner = found or await uow.contracts.add(Contract(None, contract))
    assert owner.id is not None
    return await uow.users.add(User(None, owner.id, "Ann", email, Role.ACCOUNT_MANAGER))


def _challenge(challenge_id: str = "ch-1", user_id: int = 1) -> Challenge:
    return Challenge(
        id=challenge_id,
        user_id=user_id,
        purpose=Purpose.ENABLE,
        channel=Channel.SMS,
        destination="+33612345678",
        created_at=NOW,
        expires_at=NOW + timedelta(minutes=5),
        last_sent_at=NOW,
        chat_id="42",
    )


def _email(n: int, next_attempt_at: datetime) -> OutboxItem:
    message = OutgoingEmail("ann@example.com", f"Notice {n}", "Body\nwith ünïcode")
    return OutboxItem(None, message, created_at=NOW, next_attempt_at=next_attempt_at)


async def test_a_new_contract_gets_an_id_and_is_found_by_id_and_name(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        acme = await uow.contracts.add(Contract(None, "Acme"))
        globex = await uow.contracts.add(Contract(None, "Globex"))
        await uow.commit()
    assert (acme.id, globex.id) == (1, 2)
    async with uow_factory() as uow:
        assert await uow.contracts.get(1) == acme
        assert await uow.contracts.get_by_name("Globex") == globex
        assert await uow.contracts.list() == [acme, globex]
        assert await uow.contracts.get(99) is None
        assert await uow.contracts.get_by_name("Initech") is None


async def test_a_taken_contract_name_raises_duplicate_and_the_unit_stays_usable(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.contracts.add(Contract(None, "Acme"))
        with pytest.raises(Duplicate, match="Acme"):
            await uow.contracts.add(Contract(None, "Acme"))
        await uow.contracts.add(Contract(None, "Globex"))
        await uow.commit()
    async with uow_factory() as uow:
        assert [c.name for c in await uow.contracts.list()] == ["Acme", "Globex"]


async def test_users_get_ids_and_are_listed_per_contract_in_id_order(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        ann = await _user(uow, "ann@example.com", "Acme")
        bob = await _user(uow, "bob@example.com", "Globex")
        cid = await _user(uow, "cid@example.com", "Acme")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get(2) == bob
        assert await uow.users.list() == [ann, bob, cid]
        assert await uow.users.list(contract_id=ann.contract_id) == [ann, cid]
        assert await uow.users.get(99) is None
    assert ann.role is Role.ACCOUNT_MANAGER and ann.is_manager


async def test_a_taken_email_raises_duplicate(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await _user(uow, "ann@example.com")
        with pytest.raises(Duplicate, match=r"ann@example\.com"):
            await _user(uow, "ann@example.com")


async def test_users_are_found_by_email_whatever_its_case(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        ann = await _user(uow, "ann@example.com")
        assert await uow.users.get_by_email("Ann@Example.COM") == ann
        assert await uow.users.get_by_email("bob@example.com") is None


async def test_a_user_of_an_unknown_contract_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(NotFound):
            await uow.users.add(User(None, 99, "Ann", "ann@example.com"))


async def test_two_factor_setting_is_none_until_saved_then_overwritten(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        assert await uow.two_factor.get(7) == TwoFactorSetting(7)
        await uow.two_factor.save(TwoFactorSetting(7, Method.SMS, "+33612345678", NOW))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.two_factor.get(7) == TwoFactorSetting(7, Method.SMS, "+33612345678", NOW)
        await uow.two_factor.save(TwoFactorSetting(7, Method.EMAIL, "ann@example.org", NOW))
        assert (await uow.two_factor.get(7)).method is Method.EMAIL
        await uow.two_factor.save(TwoFactorSetting(7))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.two_factor.get(7) == TwoFactorSetting(7)


async def test_chat_links_are_upserted_moved_between_users_and_deleted(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.chat_links.save(ChatLink("b", 1, NOW + timedelta(seconds=1)))
        await uow.chat_links.save(ChatLink("a", 1, NOW + timedelta(seconds=1)))
        await uow.chat_links.save(ChatLink("c", 1, NOW))
        await uow.commit()
    async with uow_factory() as uow:
        assert [link.chat_id for link in await uow.chat_links.for_user(1)] == ["c", "a", "b"]
        await uow.chat_links.save(ChatLink("a", 2, NOW + timedelta(hours=1)))
        assert await uow.chat_links.get("a") == ChatLink("a", 2, NOW + timedelta(hours=1))
        await uow.chat_links.delete("b")
        await uow.chat_links.delete("never-linked")
        assert await uow.chat_links.get("b") is None
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chat_links.for_user(1) == [ChatLink("c", 1, NOW)]
        assert await uow.chat_links.for_user(2) == [ChatLink("a", 2, NOW + timedelta(hours=1))]
        assert await uow.chat_links.get("b") is None


async def test_a_conversation_is_saved_and_loaded_with_its_data(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.conversations.get("42") is None
        talk = Conversation("42").at(Step.LINK_CODE, NOW, "ch-1", email="ann@example.com", note="é ✓")
        await uow.conversations.save(talk)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.conversations.get("42") == talk
        await uow.conversations.save(talk.idle(NOW + timedelta(minutes=1)))
        assert await uow.conversations.get("42") == talk.idle(NOW + timedelta(minutes=1))
        await uow.commit()
    async with uow_factory() as uow:
        loaded = await uow.conversations.get("42")
        assert loaded is not None
        assert (loaded.step, loaded.challenge_id, loaded.data) == (Step.IDLE, None, {})


async def test_two_units_working_on_one_chat_take_turns(uow_factory: UnitOfWorkFactory) -> None:
    first_read = asyncio.Event()

    async def step(label: str, wait_for_first: bool) -> None:
        if wait_for_first:
            await first_read.wait()
        async with uow_factory() as uow:
            talk = await uow.conversations.get("42") or Conversation("42")
            first_read.set()
            await asyncio.sleep(0.2)  # the other unit tries to read now
            seen = talk.data.get("steps", "")
            await uow.conversations.save(talk.at(Step.LINK_EMAIL, NOW, steps=seen + label))
            await uow.commit()

    await asyncio.gather(step("a", False), step("b", True))
    async with uow_factory() as uow:
        final = await uow.conversations.get("42")
    assert final is not None and final.data == {"steps": "ab"}


async def test_a_challenge_is_stored_and_its_changes_saved(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.challenges.add(_challenge())
        with pytest.raises(Duplicate):
            await uow.challenges.add(_challenge())
        await uow.commit()
    changed = _challenge().resent(NOW + timedelta(minutes=1)).moved_to(ChallengeStatus.VERIFIED)
    async with uow_factory() as uow:
        assert await uow.challenges.get("ch-1") == _challenge()
        await uow.challenges.save(changed)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.challenges.get("ch-1") == changed
        assert await uow.challenges.get("ch-2") is None
        with pytest.raises(NotFound):
            await uow.challenges.save(_challenge("ch-2"))


async def test_send_log_returns_the_sends_in_the_window_per_user_and_destination(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        for minutes, user_id, key in [
            (30, 1, "k1"),
            (0, 1, "k2"),
            (10, 1, "k1"),
            (5, 2, "k1"),
            (90, 1, "k1"),
        ]:
            await uow.send_log.record(user_id, key, NOW - timedelta(minutes=minutes))
        await uow.commit()
    since = NOW - timedelta(minutes=30)
    async with uow_factory() as uow:
        user_sends = await uow.send_log.user_sends_since(1, since)
        key_sends = await uow.send_log.destination_sends_since("k1", since)
        assert await uow.send_log.user_sends_since(3, since) == []
    minutes_ago = [(NOW - at) // timedelta(minutes=1) for at in user_sends]
    assert minutes_ago == [30, 10, 0]
    assert [(NOW - at) // timedelta(minutes=1) for at in key_sends] == [30, 10, 5]


async def test_a_lockout_is_clear_until_saved(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.lockouts.get(1) == Lockout(1)
        await uow.lockouts.save(Lockout(1, 10, NOW + timedelta(minutes=1)))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.lockouts.get(1) == Lockout(1, 10, NOW + timedelta(minutes=1))
        await uow.lockouts.save(Lockout(1))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.lockouts.get(1) == Lockout(1)


async def test_the_send_log_tells_who_asked_for_each_send(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.send_log.record(1, "k1", NOW - timedelta(minutes=3))
        await uow.send_log.record(1, "k1", NOW - timedelta(minutes=2), "login", "ip:abc")
        await uow.send_log.record(2, "k9", NOW - timedelta(minutes=1), "link", "chat:tg:7")
        await uow.send_log.record(1, "k2", NOW, "link", "chat:tg:7")
        await uow.commit()
    since = NOW - timedelta(minutes=10)
    async with uow_factory() as uow:
        sends = await uow.send_log.user_sends(1, since)
        assert [(send.kind.value, send.source) for send in sends] == [
            ("owner", ""),
            ("login", "ip:abc"),
            ("link", "chat:tg:7"),
        ]
        assert len(await uow.send_log.source_sends_since("chat:tg:7", since)) == 2
        assert len(await uow.send_log.destination_sends_since("k1", since)) == 2
        assert len(await uow.send_log.destination_sends_since("k1", since, "")) == 1
        assert len(await uow.send_log.destination_sends_since("k1", since, "ip:abc")) == 1


async def test_a_stranger_source_has_a_lockout_of_its_own(uow_factory: UnitOfWorkFactory) -> None:
    until = NOW + timedelta(minutes=1)
    async with uow_factory() as uow:
        await uow.lockouts.save(Lockout(0, 10, until, "chat:tg:7"))
        await uow.lockouts.save(Lockout(1, 3, None, "ip:abc"))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.lockouts.get(0, "chat:tg:7") == Lockout(0, 10, until, "chat:tg:7")
        assert await uow.lockouts.get(1, "ip:abc") == Lockout(1, 3, None, "ip:abc")
        assert await uow.lockouts.get(1) == Lockout(1)  # the owner's own is untouched
        assert await uow.lockouts.get(1, "ip:other") == Lockout(1, source="ip:other")


async def test_a_link_token_is_stored_then_marked_used(uow_factory: UnitOfWorkFactory) -> None:
    token = LinkToken("hmac-1", 1, NOW, NOW + timedelta(minutes=15))
    async with uow_factory() as uow:
        await uow.link_tokens.add(token)
        with pytest.raises(Duplicate):
            await uow.link_tokens.add(token)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.link_tokens.get("hmac-1") == token
        await uow.link_tokens.save(LinkToken("hmac-1", 1, NOW, NOW + timedelta(minutes=15), NOW))
        await uow.commit()
    async with uow_factory() as uow:
        used = await uow.link_tokens.get("hmac-1")
        assert used is not None and used.used_at == NOW
        assert await uow.link_tokens.get("hmac-2") is None
        with pytest.raises(NotFound):
            await uow.link_tokens.save(LinkToken("hmac-2", 1, NOW, NOW))


async def test_audit_events_keep_their_json_detail_and_filter_by_user_and_kind(
    uow_factory: UnitOfWorkFactory,
) -> None:
    detail = {"channel": "sms", "last_digits": "78", "attempts": 3, "nested": {"ok": True, "list": [1, None]}}
    sent = AuditEvent(NOW, AuditKind.CODE_SENT, user_id=1, chat_id="42", actor="chat:42", detail=detail)
    async with uow_factory() as uow:
        await uow.audit.add(sent)
        await uow.audit.add(AuditEvent(NOW, AuditKind.CODE_FAILED, user_id=1))
        await uow.audit.add(AuditEvent(NOW, AuditKind.CODE_SENT, user_id=2))
        await uow.commit()
    async with uow_factory() as uow:
        events = await uow.audit.list(user_id=1, kind=AuditKind.CODE_SENT)
        assert [e.kind for e in await uow.audit.list(user_id=1)] == [
            AuditKind.CODE_SENT,
            AuditKind.CODE_FAILED,
        ]
        assert [e.user_id for e in await uow.audit.list(kind=AuditKind.CODE_SENT)] == [1, 2]
    assert events == [AuditEvent(NOW, AuditKind.CODE_SENT, 1, "42", "chat:42", detail, id=1)]


async def test_audit_events_are_listed_by_time_then_in_recording_order(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.audit.add(AuditEvent(NOW + timedelta(seconds=1), AuditKind.USER_LOCKED))
        await uow.audit.add(AuditEvent(NOW, AuditKind.CODE_SENT))
        await uow.audit.add(AuditEvent(NOW, AuditKind.CODE_FAILED))
        await uow.commit()
    async with uow_factory() as uow:
        listed = [(e.id, e.kind) for e in await uow.audit.list()]
    assert listed == [(2, AuditKind.CODE_SENT), (3, AuditKind.CODE_FAILED), (1, AuditKind.USER_LOCKED)]


async def test_outbox_hands_out_due_pending_items_earliest_first_up_to_the_limit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.outbox.add(_email(1, NOW))
        await uow.outbox.add(_email(2, NOW - timedelta(minutes=5)))
        await uow.outbox.add(_email(3, NOW + timedelta(seconds=1)))
        await uow.outbox.add(_email(4, NOW - timedelta(minutes=5)))
        await uow.commit()
    async with uow_factory() as uow:
        assert [item.id for item in await uow.outbox.due(NOW, limit=10)] == [2, 4, 1]
        due = await uow.outbox.due(NOW, limit=2)
    assert [item.id for item in due] == [2, 4]
    assert due[0].email == OutgoingEmail("ann@example.com", "Notice 2", "Body\nwith ünïcode")
    assert (due[0].status, due[0].attempts, due[0].created_at) == (OutboxStatus.PENDING, 0, NOW)


async def test_outbox_saves_attempts_and_counts_items_per_status(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        assert await uow.outbox.counts() == dict.fromkeys(OutboxStatus, 0)
        for n in range(3):
            await uow.outbox.add(_email(n, NOW))
        await uow.commit()
    async with uow_factory() as uow:
        first, second, _ = await uow.outbox.due(NOW, limit=10)
        await uow.outbox.save(replace(first, status=OutboxStatus.SENT, attempts=1, sent_at=NOW))
        retry_at = NOW + timedelta(minutes=1)
        await uow.outbox.save(replace(second, attempts=1, next_attempt_at=retry_at, last_error="down"))
        await uow.commit()
    async with uow_factory() as uow:
        assert [item.id for item in await uow.outbox.due(NOW, limit=10)] == [3]
        later = await uow.outbox.due(NOW + timedelta(minutes=1), limit=10)
        assert await uow.outbox.counts() == {
            OutboxStatus.PENDING: 2,
            OutboxStatus.SENT: 1,
            OutboxStatus.FAILED: 0,
        }
        with pytest.raises(NotFound):
            await uow.outbox.save(_email(9, NOW))
    assert [(item.id, item.attempts, item.last_error) for item in later] == [(3, 0, None), (2, 1, "down")]


async def test_leaving_a_unit_without_commit_discards_its_changes(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.contracts.add(Contract(None, "Acme"))
        await uow.audit.add(AuditEvent(NOW, AuditKind.CONTRACT_ADDED))
    async with uow_factory() as uow:
        assert await uow.contracts.get_by_name("Acme") is None
        assert await uow.audit.list() == []


async def test_an_error_inside_a_unit_discards_its_changes(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(RuntimeError):
        async with uow_factory() as uow:
            await uow.lockouts.save(Lockout(1, 3))
            raise RuntimeError("use case failed")
    async with uow_factory() as uow:
        assert await uow.lockouts.get(1) == Lockout(1)


async def test_rollback_discards_only_the_changes_since_the_last_commit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.contracts.add(Contract(None, "Acme"))
        await uow.commit()
        await uow.contracts.add(Contract(None, "Globex"))
        await uow.rollback()
        assert [c.name for c in await uow.contracts.list()] == ["Acme"]
        await uow.contracts.add(Contract(None, "Initech"))
        await uow.commit()
    async with uow_factory() as uow:
        assert [c.name for c in await uow.contracts.list()] == ["Acme", "Initech"]


async def test_a_concurrent_unit_sees_changes_only_once_committed(
    uow_factory: UnitOfWorkFactory, request: pytest.FixtureRequest
) -> None:
    # SQLite takes the write lock at BEGIN, so the reader waits for the writer instead of reading past it.
    serialised = request.node.callspec.params["uow_factory"] == "sqlite"
    async with uow_factory() as writer:
        await writer.contracts.add(Contract(None, "Acme"))

        async def read() -> Contract | None:
            async with uow_factory() as reader:
                return await reader.contracts.get_by_name("Acme")

        reading = asyncio.create_task(read())
        await asyncio.sleep(0.2)
        if serialised:
            assert not reading.done()
        else:
            assert await reading is None
        await writer.commit()
    if serialised:
        assert await reading == Contract(1, "Acme")
    async with uow_factory() as uow:
        assert await uow.contracts.get_by_name("Acme") == Contract(1, "Acme")


async def test_datetimes_come_back_as_the_same_instant_in_utc(uow_factory: UnitOfWorkFactory) -> None:
    paris_time = datetime(2025, 3, 1, 13, 30, 15, 123456, tzinfo=PARIS)
    async with uow_factory() as uow:
        await uow.chat_links.save(ChatLink("42", 1, paris_time))
        await uow.commit()
    async with uow_factory() as uow:
        link = await uow.chat_links.get("42")
    assert link is not None
    assert link.linked_at == paris_time
    assert link.linked_at.utcoffset() == timedelta(0)
    assert link.linked_at.hour == 12


async def test_naive_datetimes_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        with pytest.raises((ValueError, StatementError), match="naive datetime"):
            await uow.send_log.user_sends_since(1, datetime(2025, 3, 1, 12))
