"""Linking a chat to an account through the conversation engine, on fakes (no I/O)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.accounts.linking import create_link_token
from domain.core.model import AuditKind, Method, TwoFactorSetting
from domain.core.policy import OtpPolicy
from domain.core.ports import DeliveryProblem
from tests.support.fakes import EPOCH
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import KEY, Harness


@pytest.fixture
async def harness() -> Harness:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    return harness


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def linked_user_id(harness: Harness, chat_id: str) -> int | None:
    async with harness.uow_factory() as uow:
        link = await uow.chat_links.get(chat_id)
    return link.user_id if link else None


async def test_start_introduces_the_assistant_and_asks_for_the_account_email(harness: Harness) -> None:
    reply = await harness.chat().say("/start")
    assert "twofa-assistant" in reply and "email" in reply


async def test_a_registered_email_gets_a_code_that_links_the_chat(harness: Harness) -> None:
    chat = harness.chat()
    await chat.say("/start")
    reply = await chat.say("Alice@Example.com")
    assert "If Alice@example.com belongs to an account, we sent it a code" in reply
    assert [m.to for m in harness.email.sent] == ["alice@example.com"]
    assert "to link a chat" in harness.email.sent[0].body and "5 minutes" in harness.email.sent[0].body
    reply = await chat.say(harness.email.last_code())
    assert "linked to Alice's account" in reply
    assert "Contract: Acme" in reply and "2FA: off" in reply
    assert await linked_user_id(harness, chat.chat_id) is not None


async def test_an_unknown_email_gets_the_same_reply_and_no_code(harness: Harness) -> None:
    known, unknown = harness.chat("tg:1"), harness.chat("tg:2")
    await known.say("/start")
    await unknown.say("/start")
    known_reply = await known.say("alice@example.com")
    unknown_reply = await unknown.say("nobody@example.com")
    assert known_reply.replace("alice", "X") == unknown_reply.replace("nobody", "X")
    assert [m.to for m in harness.email.sent] == ["alice@example.com"]
    assert known.buttons() == unknown.buttons()
    assert (await known.say("000000")).startswith("That code is not right. 4 tries left")
    assert (await unknown.say("000000")).startswith("That code is not right. 4 tries left")
    assert await known.say("hello") == (await unknown.say("hello")).replace("no•••y", "al•••e")


async def test_an_invalid_email_is_explained_and_the_assistant_keeps_waiting_for_one(
    harness: Harness,
) -> None:
    chat = harness.chat()
    await chat.say("/start")
    reply = await chat.say("alice at example")
    assert "does not look like an email address" in reply
    assert "we sent it a code" in await chat.say("alice@example.com")


async def test_text_that_is_not_a_code_gets_a_reminder_and_is_not_counted(harness: Harness) -> None:
    chat = harness.chat()
    await chat.say("/start")
    await chat.say("alice@example.com")
    assert "type the 6-digit code we sent to al•••e@example.com" in await chat.say("where is it?")
    assert "4 tries left" in await chat.say(wrong(harness.email.last_code()))


async def test_the_fifth_wrong_code_ends_the_attempt_and_the_right_code_no_longer_works(
    harness: Harness,
) -> None:
    chat = harness.chat()
    await chat.say("/start")
    await chat.say("alice@example.com")
    code = harness.email.last_code()
    replies = [await chat.say(wrong(code)) for _ in range(5)]
    assert "1 try left" in replies[3]
    assert "Too many wrong codes" in replies[4]
    assert "linked" not in await chat.say(code)
    assert await linked_user_id(harness, chat.chat_id) is None


async def test_an_expired_code_offers_a_new_one_which_works(harness: Harness) -> None:
    chat = harness.chat()
    await chat.say("/start")
    await chat.say("alice@example.com")
    old = harness.email.last_code()
    harness.clock.advance(minutes=5)
    assert "expired" in await chat.say(old)
    assert chat.buttons() == ["newcode", "cancel"]
    assert "We sent a new code" in await chat.press("newcode")
    assert "linked" in await chat.say(harness.email.last_code())


async def test_resend_waits_for_the_cooldown_and_repeats_the_same_code(harness: Harness) -> None:
    chat = harness.chat()
    await chat.say("/start")
    await chat.say("alice@example.com")
    harness.clock.advance(seconds=20)
    assert "You can ask for it again in 40 seconds" in await chat.press("resend")
    harness.clock.advance(seconds=40)
    assert "We sent the code again" in await chat.press("resend")
    assert len(harness.email.sent) == 2 and harness.email.sent[0].body == harness.email.sent[1].body


async def test_an_account_with_2fa_on_also_needs_the_code_sent_to_its_2fa_phone(harness: Harness) -> None:
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None and alice.id is not None
        await uow.two_factor.save(TwoFactorSetting(alice.id, Method.SMS, "+447700900489", EPOCH))
        await uow.commit()
    chat = harness.chat()
    await chat.say("/start")
    await chat.say("alice@example.com")
    reply = await chat.say(harness.email.last_code())
    assert "we also sent a code to +44 ••••••• 89" in reply
    assert await linked_user_id(harness, chat.chat_id) is None
    assert "to link a chat" in harness.sms.sent[-1].body
    reply = await chat.say(harness.sms.last_code())
    assert "linked" in reply and "codes by SMS to +44 ••••••• 89" in reply


async def test_a_deep_link_links_without_the_email_step_once(harness: Harness) -> None:
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None
        lifetime = OtpPolicy().link_token_lifetime
        token = await create_link_token(uow, alice, harness.tokens, KEY, harness.clock.now(), lifetime)
        await uow.commit()
    assert len(token) <= 64
    assert "linked to Alice's account" in await harness.chat("tg:1").say(f"/start {token}")
    assert "expired or was already used" in await harness.chat("tg:2").say(f"/start {token}")
    assert await linked_user_id(harness, "tg:2") is None
    assert harness.email.sent == []


async def test_a_deep_link_expires_after_fifteen_minutes(harness: Harness) -> None:
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None
        token = await create_link_token(
            uow, alice, harness.tokens, KEY, harness.clock.now(), OtpPolicy().link_token_lifetime
        )
        await uow.commit()
    harness.clock.advance(minutes=15)
    assert "expired or was already used" in await harness.chat().say(f"/start {token}")
    assert "expired or was already used" in await harness.chat().say("/start not-a-real-token-at-all")


async def test_linking_from_a_new_chat_moves_the_link_and_tells_the_registered_email(
    harness: Harness,
) -> None:
    first, second = harness.chat("tg:1"), harness.chat("tg:2")
    await harness.link(first)
    await harness.link(second)
    assert await linked_user_id(harness, "tg:1") is None
    assert await linked_user_id(harness, "tg:2") is not None
    assert "not linked" in await first.say("/status")
    async with harness.uow_factory() as uow:
        notices = [item.email for item in await uow.outbox.due(harness.clock.now(), 10)]
        moves = await uow.audit.list(kind=AuditKind.CHAT_MOVED)
    assert [(n.to, n.subject) for n in notices] == [
        ("alice@example.com", "Your 2FA assistant chat was linked to a new chat")
    ]
    assert len(moves) == 1


async def test_cancel_leaves_the_flow_and_the_code_stops_working(harness: Harness) -> None:
    chat = harness.chat()
    await chat.say("/start")
    await chat.say("alice@example.com")
    assert "Cancelled" in await chat.say("/cancel")
    assert "linked" not in await chat.say(harness.email.last_code())
    assert "nothing to cancel" in await chat.say("/cancel")


async def test_free_text_and_unknown_commands_get_help_never_silence(harness: Harness) -> None:
    chat = harness.chat()
    assert "/start" in await chat.say("hi there")
    assert "I do not know the command /frobnicate" in await chat.say("/frobnicate")
    assert "earlier step" in await chat.press("resend")


async def test_ten_wrong_link_codes_lock_the_chat_not_the_account_and_warn_the_owner(
    harness: Harness,
) -> None:
    chat = harness.chat()
    for _ in range(2):
        await chat.say("/start")
        await chat.say("alice@example.com")
        code = harness.email.last_code()
        for _ in range(5):
            await chat.say(wrong(code))
    await chat.say("/start")
    await chat.say("alice@example.com")
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None and alice.id is not None
        own = await uow.lockouts.get(alice.id)
        of_chat = await uow.lockouts.get(0, f"chat:{chat.chat_id}")
        refused = await uow.audit.list(kind=AuditKind.CODE_REFUSED)
        warned = await uow.audit.list(user_id=alice.id, kind=AuditKind.OWNER_WARNED)
    assert own.consecutive_failures == 0 and own.locked_until is None  # the owner is not locked out
    assert of_chat.consecutive_failures == 10
    assert of_chat.locked_until == EPOCH + timedelta(seconds=60)
    assert len(refused) == 1 and len(warned) == 1
    link_codes = [m for m in harness.email.sent if "Repeated attempts" not in m.subject]
    assert len(link_codes) == 2
    assert [m.subject for m in harness.email.sent if "Repeated attempts" in m.subject] == []  # queued only
    harness.clock.advance(seconds=60)
    await chat.say("/start")
    await chat.say("alice@example.com")
    assert len([m for m in harness.email.sent if "Repeated attempts" not in m.subject]) == 3


async def test_a_restart_between_sending_the_code_and_typing_it_loses_nothing(harness: Harness) -> None:
    chat = harness.chat()
    await chat.say("/start")
    await chat.say("alice@example.com")
    harness.restart()
    assert "linked" in await chat.say(harness.email.last_code())


async def test_no_code_or_token_is_written_to_the_audit_log_or_the_outbox(harness: Harness) -> None:
    chat = harness.chat()
    await harness.link(chat)
    await harness.link(harness.chat("tg:2"))
    codes = {m.body.split()[0] for m in harness.email.sent}
    async with harness.uow_factory() as uow:
        events = await uow.audit.list()
        outbox = await uow.outbox.due(harness.clock.now(), 50)
    stored = repr(events) + repr(outbox)
    assert codes and not any(code in stored for code in codes)


async def test_a_delivery_failure_is_counted_and_the_reply_stays_the_same(harness: Harness) -> None:
    """The send is recorded before the gateway is called (no request may cause an uncounted send); the
    reply is the same as for an address with no account, and the prompt goes on as a decoy's."""
    chat = harness.chat()
    harness.email.failing = DeliveryProblem.UNAVAILABLE
    await chat.say("/start")
    reply = await chat.say("alice@example.com")
    assert "we sent it a code" in reply
    async with harness.uow_factory() as uow:
        failed = await uow.audit.list(kind=AuditKind.CODE_DELIVERY_FAILED)
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None and alice.id is not None
        sends = await uow.send_log.user_sends_since(alice.id, EPOCH)
    assert len(failed) == 1 and sends == [EPOCH]
    assert "not right" in await chat.say("123456")  # like a decoy: never "no longer active"
