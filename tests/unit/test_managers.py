"""Account managers in chat and users' requests to them, on fakes with a fake clock."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.accounts import admin
from domain.core.model import AuditKind, ChatMessageStatus, Method, RequestStatus, Role, TwoFactorSetting
from tests.support.fakes import EPOCH
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import Chat, Harness

PHONES = {
    "alice@example.com": "+447400111111",
    "bob@example.com": "+447400222222",
    "carol@example.com": "+447400333333",
}


@pytest.fixture
async def harness() -> Harness:
    """Acme: alice, bob (members), carol (manager), all with 2FA by SMS; Globex: dave, its manager."""
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    async with harness.uow_factory() as uow:
        await admin.add_contract(uow, "Globex", EPOCH)
        await admin.add_user(uow, "dave@example.com", "Dave", "Globex", Role.ACCOUNT_MANAGER, EPOCH)
        for email, phone in PHONES.items():
            user = await uow.users.get_by_email(email)
            assert user is not None
            await uow.two_factor.save(TwoFactorSetting(user.key, Method.SMS, phone, EPOCH))
        await uow.commit()
    return harness


async def linked(harness: Harness, email: str, chat_id: str) -> Chat:
    chat = harness.chat(chat_id)
    await chat.say("/start")
    await chat.say(email)
    await chat.say(harness.email.last_code(email))
    if email in PHONES:
        await chat.say(harness.sms.last_code(PHONES[email]))
    return chat


async def chat_messages(harness: Harness, chat_id: str) -> list[str]:
    async with harness.uow_factory() as uow:
        messages = await uow.chat_outbox.due(chat_id, 100)
        for message in messages:
            await uow.chat_outbox.save(replace(message, status=ChatMessageStatus.SENT))
        await uow.commit()
    return [m.text for m in messages]


async def test_a_manager_sees_each_users_2fa_and_turns_it_off_for_one_with_a_code(harness: Harness) -> None:
    carol = await linked(harness, "carol@example.com", "tg:3")
    alice = await linked(harness, "alice@example.com", "tg:1")
    overview = await carol.say("/manage")
    assert (
        "Contract Acme" in overview and "• Alice <alice@example.com>: on, SMS to +44 ••••••• 11" in overview
    )
    assert "No open requests." in overview
    overview_buttons = [b.data for row in carol.seen[-2].buttons for b in row]
    assert overview_buttons == ["mgr:user:1", "mgr:user:2", "mgr:user:3", "mgr:all:1"]
    assert "Why is 2FA being turned off for Alice?" in await carol.press("mgr:user:1")
    assert "type the code we sent to +44 ••••••• 33" in await carol.press("mgr:reason:0")
    assert "to confirm an account manager action" in harness.sms.sent[-1].body
    assert "2FA is now off for Alice" in await carol.say(harness.sms.last_code(PHONES["carol@example.com"]))
    assert (await harness.setting("alice@example.com")).method is Method.NONE
    assert (await harness.setting("bob@example.com")).method is Method.SMS
    [notice] = await harness.notices_about("turned off")
    assert notice.to == "alice@example.com" and "by your account manager Carol" in notice.body
    assert "Reason given: Lost their phone" in notice.body and "/enable" in notice.body
    assert any(
        "Your account manager Carol turned off 2FA" in t for t in await chat_messages(harness, alice.chat_id)
    )
    [action] = await harness.audit(AuditKind.MANAGER_DISABLED)
    assert action.actor == "manager:3" and action.detail["affected"] == [1]


async def test_a_manager_turns_2fa_off_for_everyone_with_a_typed_reason(harness: Harness) -> None:
    carol = await linked(harness, "carol@example.com", "tg:3")
    await carol.say("/manage")
    await carol.press("mgr:all:1")
    await carol.say("Moving to a new phone provider")
    reply = await carol.say(harness.sms.last_code(PHONES["carol@example.com"]))
    assert "2FA is now off for Alice and Bob. Each was emailed" in reply and "Your own 2FA stays on" in reply
    assert len(await harness.notices_about("turned off")) == 2  # the acting manager's own is kept
    assert len(await harness.audit(AuditKind.TWOFA_DISABLED)) == 2
    assert (await harness.setting("carol@example.com")).method is Method.SMS


async def test_a_manager_without_2fa_is_asked_to_turn_it_on_first(harness: Harness) -> None:
    dave = await linked(harness, "dave@example.com", "tg:4")
    await dave.say("/manage")
    assert "first turn on 2FA for yourself" in await dave.press("mgr:all:2")


async def test_a_member_cannot_manage_and_the_attempt_is_audited(harness: Harness) -> None:
    alice = await linked(harness, "alice@example.com", "tg:1")
    assert "Only account managers" in await alice.say("/manage")
    assert "only on the contracts you manage" in await alice.press("mgr:all:1")  # a forged button
    assert "only on the contracts you manage" in await alice.press("mgr:user:2")
    assert len(await harness.audit(AuditKind.MANAGER_REFUSED)) == 3
    assert (await harness.setting("bob@example.com")).method is Method.SMS


async def test_a_manager_cannot_act_on_another_contract(harness: Harness) -> None:
    dave = await linked(harness, "dave@example.com", "tg:4")
    assert "only on the contracts you manage" in await dave.press("mgr:all:1")
    assert "only on the contracts you manage" in await dave.press("mgr:user:1")
    refused = await harness.audit(AuditKind.MANAGER_REFUSED)
    assert [e.detail["contract"] for e in refused] == [1, 1]


async def test_a_user_who_lost_their_phone_asks_and_the_manager_approves(harness: Harness) -> None:
    carol = await linked(harness, "carol@example.com", "tg:3")
    alice = await linked(harness, "alice@example.com", "tg:1")
    await alice.say("/request")
    assert "registered email al•••e@example.com" in await alice.press("req:for:me")
    assert "to confirm your request" in harness.email.sent[-1].subject
    reply = await alice.say(harness.email.last_code("alice@example.com"))
    assert "Request #1 is with your account manager Carol (ca•••l@example.com)" in reply
    [alert] = await chat_messages(harness, carol.chat_id)
    assert "Request #1 from Alice <alice@example.com>: turn off 2FA for Alice" in alert
    assert "identity confirmed" in alert
    assert [n.to for n in await harness.notices_about("waiting for you")] == ["carol@example.com"]
    assert "type the code we sent" in await carol.press("req:approve:1")
    assert "2FA is now off for Alice" in await carol.say(harness.sms.last_code(PHONES["carol@example.com"]))
    async with harness.uow_factory() as uow:
        request = await uow.requests.get(1)
    assert request is not None and request.status is RequestStatus.APPROVED and request.decided_by == 3
    assert any("was approved by Carol" in t for t in await chat_messages(harness, alice.chat_id))
    assert len(await harness.notices_about("Your request to your account manager")) == 1


async def test_a_declined_request_is_told_to_the_requester(harness: Harness) -> None:
    carol = await linked(harness, "carol@example.com", "tg:3")
    bob = await linked(harness, "bob@example.com", "tg:2")
    await bob.say("/request")
    await bob.press("req:for:user")
    assert "no user with that email in your contract" in await bob.say("dave@example.com")
    await bob.say("alice@example.com")
    await bob.say("She is on leave and lost her phone")
    await bob.say(harness.email.last_code("bob@example.com"))
    assert "Request #1 from Bob" in (await carol.say("/manage"))
    assert "declined" in await carol.press("req:decline:1")
    assert any("was declined by Carol" in t for t in await chat_messages(harness, bob.chat_id))
    assert "no longer open" in await carol.press("req:approve:1")
    assert (await harness.setting("alice@example.com")).method is Method.SMS


async def test_requests_expire_after_seven_days(harness: Harness) -> None:
    carol = await linked(harness, "carol@example.com", "tg:3")
    bob = await linked(harness, "bob@example.com", "tg:2")
    await bob.say("/request")
    await bob.press("req:for:all")
    await bob.say("Security audit")
    await bob.say(harness.email.last_code("bob@example.com"))
    harness.clock.advance(days=7)
    assert "no longer open" in await carol.press("req:approve:1")
    assert "No open requests." in await carol.say("/manage")


async def test_without_a_linked_manager_the_request_still_reaches_their_email(harness: Harness) -> None:
    bob = await linked(harness, "bob@example.com", "tg:2")
    await bob.say("/request")
    await bob.press("req:for:me")
    reply = await bob.say(harness.email.last_code("bob@example.com"))
    assert "does not use this assistant yet, so we emailed them" in reply
    assert [n.to for n in await harness.notices_about("waiting for you")] == ["carol@example.com"]


async def test_a_lost_registered_email_makes_the_request_unverified(harness: Harness) -> None:
    async with harness.uow_factory() as uow:
        await uow.two_factor.save(TwoFactorSetting(2, Method.EMAIL, "bob@example.com", EPOCH))
        await uow.commit()
    bob = harness.chat("tg:2")
    await bob.say("/start")
    await bob.say("bob@example.com")
    await bob.say(harness.email.last_code("bob@example.com"))
    await bob.say(harness.email.last_code("bob@example.com"))
    sent = len(harness.email.sent)
    await bob.say("/request")
    reply = await bob.press("req:for:me")
    assert "could not check it is you by email" in reply and len(harness.email.sent) == sent
    async with harness.uow_factory() as uow:
        request = await uow.requests.get(1)
    assert request is not None and not request.verified
    [notice] = await harness.notices_about("waiting for you")
    assert "UNVERIFIED" in notice.body
