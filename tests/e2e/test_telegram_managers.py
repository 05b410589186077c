"""Account managers end to end: the real python-telegram-bot client on a loopback Bot API, codes from the
loopback Twilio, every notice received by aiosmtpd, every action in the audit log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.accounts.linking import create_link_token
from domain.core.model import AuditKind, Method, TwoFactorSetting
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink, body_of

ALICE, BOB, CAROL = 101, 102, 103
PHONES = {
    "alice@example.com": "+447400111111",
    "bob@example.com": "+447400222222",
    "carol@example.com": "+447400333333",
}


async def link(running: Running, chat: int, email: str) -> None:
    """Link by deep link (the email step is covered elsewhere), then give the account 2FA by SMS."""
    services = running.services
    async with services.uow_factory() as uow:
        user = await uow.users.get_by_email(email)
        assert user is not None
        token = await create_link_token(
            uow,
            user,
            services.tokens,
            services.server_key,
            services.clock.now(),
            services.settings.otp_policy().link_token_lifetime,
        )
        await uow.commit()
    await running.say(chat, f"/start {token}", "linked")
    async with services.uow_factory() as uow:
        await uow.two_factor.save(TwoFactorSetting(user.key, Method.SMS, PHONES[email], datetime.now(UTC)))
        await uow.commit()


@pytest.fixture
async def acme(tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio) -> AsyncIterator[Running]:
    async with running_bot(tmp_path, smtp_sink, fake_twilio) as running:
        for chat, email in (
            (ALICE, "alice@example.com"),
            (BOB, "bob@example.com"),
            (CAROL, "carol@example.com"),
        ):
            await link(running, chat, email)
        yield running


def subjects_to(running: Running, to: str) -> list[str]:
    return [str(m["Subject"]) for m in running.smtp.messages if m["To"] == to]


async def test_a_manager_turns_off_2fa_for_one_user_then_for_the_whole_contract(acme: Running) -> None:
    twilio = acme.twilio
    assert twilio is not None
    overview = await acme.say(CAROL, "/manage", "Contract Demo Ltd")
    assert "Alice Member <alice@example.com>: on, SMS to +44 ••••••• 11" in overview
    await acme.press(CAROL, "Turn off for Alice Member", "Why is 2FA being turned off for Alice Member?")
    await acme.press(CAROL, "Lost their phone", "type the code we sent to +44 ••••••• 33")
    code = twilio.last_code(PHONES["carol@example.com"])
    await acme.say(CAROL, code, "2FA is now off for Alice Member")
    await acme.api.wait_for_message(
        ALICE, lambda m: "Your account manager Carol Manager turned off 2FA" in m.text
    )
    notice = await acme.smtp.wait_for(
        lambda m: m["To"] == "alice@example.com" and "turned off" in str(m["Subject"])
    )
    assert "by your account manager Carol Manager" in body_of(notice) and "/enable" in body_of(notice)

    await acme.say(CAROL, "/manage", "Contract Demo Ltd")
    await acme.press(CAROL, "Turn off for everyone", "for everyone in the contract")
    await acme.say(CAROL, "Switching SMS provider", "type the code we sent")
    done = await acme.say(
        CAROL, twilio.last_code(PHONES["carol@example.com"]), "2FA is now off for Bob Member"
    )
    assert "Your own 2FA stays on" in done  # the acting manager's own is kept
    others = [e for e in PHONES if e != "carol@example.com"]
    await acme.smtp.wait_for(
        lambda _: all("Two-factor authentication was turned off" in subjects_to(acme, e) for e in others)
    )
    async with acme.services.uow_factory() as uow:
        actions = await uow.audit.list(kind=AuditKind.MANAGER_DISABLED)
        disabled = await uow.audit.list(kind=AuditKind.TWOFA_DISABLED)
    assert [a.detail["target"] for a in actions] == [1, "all"]
    assert len(disabled) == 2 and {e.actor for e in disabled} == {"manager:3"}


async def test_members_and_forged_buttons_are_refused_and_audited(acme: Running) -> None:
    await acme.say(ALICE, "/manage", "Only account managers")
    overview = await acme.say(CAROL, "/manage", "Contract Demo Ltd")
    assert overview
    # Alice's chat sends a callback carrying a manager payload it was never shown.
    after = len(acme.api.sent)
    message = acme.api.messages_for(ALICE)[-1]
    acme.api.push_callback(ALICE, message.message_id, "mgr:all:1")
    await acme.api.wait_for_message(
        ALICE, lambda m: "only on the contracts you manage" in m.text, after=after
    )
    async with acme.services.uow_factory() as uow:
        refused = await uow.audit.list(kind=AuditKind.MANAGER_REFUSED)
        bob = await uow.two_factor.get(2)
    assert len(refused) == 2 and bob.enabled


async def test_a_user_who_lost_their_phone_gets_2fa_off_through_the_manager(acme: Running) -> None:
    twilio = acme.twilio
    assert twilio is not None
    await acme.say(BOB, "/request", "For whom?")
    await acme.press(BOB, "For me", "registered email b•••@example.com")
    identity = await acme.emailed_code("bob@example.com")
    await acme.say(BOB, identity, "is with your account manager Carol Manager")
    alert = await acme.api.wait_for_message(CAROL, lambda m: "Request #1 from Bob Member" in m.text)
    assert "identity confirmed" in alert.text
    await acme.smtp.wait_for(
        lambda m: m["To"] == "carol@example.com" and "waiting for you" in str(m["Subject"])
    )
    await acme.press(CAROL, "Approve", "type the code we sent")
    await acme.say(CAROL, twilio.last_code(PHONES["carol@example.com"]), "2FA is now off for Bob Member")
    await acme.api.wait_for_message(BOB, lambda m: "was approved by Carol Manager" in m.text)
    await acme.smtp.wait_for(lambda m: m["To"] == "bob@example.com" and "Your request" in str(m["Subject"]))
    assert "Two-factor authentication was turned off" in subjects_to(acme, "bob@example.com")
