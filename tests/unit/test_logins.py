"""The login verification service and the assistant watching over logins, on fakes with a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.core.model import AuditKind, Channel, ChatMessageStatus, Method, TwoFactorSetting
from domain.core.ports import DeliveryProblem
from domain.signin.logins import LoginStatus
from tests.support.fakes import EPOCH
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import Chat, Harness

MOBILE = "+447400123456"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Safari/537.36"
)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"


@pytest.fixture
async def harness() -> Harness:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None
        await uow.two_factor.save(TwoFactorSetting(alice.key, Method.SMS, MOBILE, EPOCH))
        await uow.commit()
    return harness


@pytest.fixture
async def chat(harness: Harness) -> Chat:
    chat = harness.chat()
    await chat.say("/start")
    await chat.say("alice@example.com")
    await chat.say(harness.email.last_code())
    await chat.say(harness.sms.last_code())  # 2FA is on: linking needs the SMS code too
    return chat


async def alerts(harness: Harness, chat_id: str) -> list[str]:
    """Texts of the messages the assistant started in `chat_id` (and marks them delivered)."""
    texts = []
    async with harness.uow_factory() as uow:
        for message in await uow.chat_outbox.due(chat_id, 100):
            texts.append(message.text)
            await uow.chat_outbox.save(replace(message, status=ChatMessageStatus.SENT))
        await uow.commit()
    return texts


async def test_a_user_without_2fa_and_an_unknown_email_get_the_same_answer(harness: Harness) -> None:
    bob = await harness.logins.start("bob@example.com", ip="203.0.113.9", user_agent=CHROME)
    nobody = await harness.logins.start("nobody@example.com", ip="203.0.113.9", user_agent=CHROME)
    assert bob == nobody
    assert bob.status is LoginStatus.NOT_ENABLED
    assert harness.sms.sent == [] and harness.email.sent == []


async def test_with_2fa_on_every_login_sends_a_code_through_the_users_method(harness: Harness) -> None:
    started = await harness.logins.start("Alice@Example.com", user_agent=CHROME, ip="203.0.113.9")
    assert started.status is LoginStatus.REQUIRED and started.channel is Channel.SMS
    assert started.sent_to == "+44 ••••••• 56" and started.login_id
    assert started.expires_at == EPOCH + timedelta(minutes=5)
    assert "to log in" in harness.sms.sent[-1].body
    assert started.login_id
    verified = await harness.logins.verify(started.login_id, harness.sms.last_code())
    assert verified.status is LoginStatus.VERIFIED and verified.device is None
    assert (
        await harness.logins.verify(started.login_id, harness.sms.last_code())
    ).status is LoginStatus.ALREADY_USED
    again = await harness.logins.start("alice@example.com", user_agent=CHROME)
    assert again.status is LoginStatus.REQUIRED  # not remembered: every login needs a code


async def test_wrong_codes_count_down_and_the_fifth_ends_the_login(harness: Harness) -> None:
    started = await harness.logins.start("alice@example.com")
    assert started.login_id
    lefts = [(await harness.logins.verify(started.login_id, "000000")).attempts_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    assert (await harness.logins.verify(started.login_id, "000000")).status is LoginStatus.TOO_MANY_ATTEMPTS
    right = await harness.logins.verify(started.login_id, harness.sms.last_code())
    assert right.status is LoginStatus.TOO_MANY_ATTEMPTS


async def test_an_expired_login_code_is_refused_and_an_unknown_login_is_said_so(harness: Harness) -> None:
    started = await harness.logins.start("alice@example.com")
    assert started.login_id
    harness.clock.advance(minutes=5)
    assert (
        await harness.logins.verify(started.login_id, harness.sms.last_code())
    ).status is LoginStatus.EXPIRED
    assert (await harness.logins.verify("no-such-login", "123456")).status is LoginStatus.UNKNOWN_LOGIN
    assert (await harness.logins.resend("no-such-login")).status is LoginStatus.UNKNOWN_LOGIN


async def test_resend_waits_for_the_cooldown_and_repeats_the_code(harness: Harness) -> None:
    started = await harness.logins.start("alice@example.com")
    assert started.login_id
    early = await harness.logins.resend(started.login_id)
    assert early.status is LoginStatus.COOLDOWN and early.retry_at == EPOCH + timedelta(seconds=60)
    harness.clock.advance(seconds=60)
    resent = await harness.logins.resend(started.login_id)
    assert resent.status is LoginStatus.SENT and resent.expires_at == started.expires_at
    assert harness.sms.sent[-1].body == harness.sms.sent[-2].body


async def test_a_remembered_device_skips_the_code_for_thirty_days_from_issue(harness: Harness) -> None:
    started = await harness.logins.start("alice@example.com", user_agent=CHROME, ip="203.0.113.9")
    assert started.login_id
    verified = await harness.logins.verify(started.login_id, harness.sms.last_code(), remember_device=True)
    assert verified.device is not None and verified.device.expires_at == EPOCH + timedelta(days=30)
    token = verified.device.token
    async with harness.uow_factory() as uow:
        [device] = await uow.devices.for_user(1)
    assert token not in repr(device)  # only an HMAC is stored
    harness.clock.advance(days=29, hours=23)
    assert (await harness.logins.start("alice@example.com", token)).status is LoginStatus.REMEMBERED
    harness.clock.advance(hours=1)  # use did not extend it
    assert (await harness.logins.start("alice@example.com", token)).status is LoginStatus.REQUIRED
    assert (await harness.logins.start("bob@example.com", token)).status is LoginStatus.NOT_ENABLED


async def test_at_most_ten_devices_are_remembered_and_the_oldest_goes(harness: Harness) -> None:
    tokens = []
    for _ in range(11):
        started = await harness.logins.start("alice@example.com")
        assert started.login_id
        verified = await harness.logins.verify(
            started.login_id, harness.sms.last_code(), remember_device=True
        )
        assert verified.device is not None
        tokens.append(verified.device.token)
        harness.clock.advance(minutes=7)  # stay inside the send limits
    async with harness.uow_factory() as uow:
        assert len(await uow.devices.for_user(1)) == 10
    assert (await harness.logins.start("alice@example.com", tokens[0])).status is LoginStatus.REQUIRED
    assert (await harness.logins.start("alice@example.com", tokens[-1])).status is LoginStatus.REMEMBERED


async def test_changing_or_disabling_2fa_forgets_every_remembered_device(
    harness: Harness, chat: Chat
) -> None:
    started = await harness.logins.start("alice@example.com")
    assert started.login_id
    verified = await harness.logins.verify(started.login_id, harness.sms.last_code(), remember_device=True)
    assert verified.device is not None
    harness.clock.advance(minutes=2)
    await chat.say("/disable")
    await chat.press("disable:yes")
    assert "2FA is now off" in await chat.say(harness.sms.last_code())
    async with harness.uow_factory() as uow:
        assert await uow.devices.for_user(1) == []
        [event] = await uow.audit.list(kind=AuditKind.TWOFA_DISABLED)
    assert event.detail["devices_forgotten"] == 1


async def test_the_linked_chat_is_asked_whether_each_login_was_them(harness: Harness, chat: Chat) -> None:
    await harness.logins.start("alice@example.com", user_agent=CHROME, ip="203.0.113.9")
    [alert] = await alerts(harness, chat.chat_id)
    assert (
        alert
        == "At 09:00 UTC, a login code was sent to •••56 (Chrome on Windows, IP 203.0.113.9). Was this you?"
    )


async def test_no_secure_my_account_stops_the_login_forgets_devices_blocks_codes_and_emails(
    harness: Harness, chat: Chat
) -> None:
    remembered = await harness.logins.start("alice@example.com")
    assert remembered.login_id
    await harness.logins.verify(remembered.login_id, harness.sms.last_code(), remember_device=True)
    intruder = await harness.logins.start("alice@example.com", user_agent=FIREFOX, ip="198.51.100.7")
    assert intruder.login_id
    code = harness.sms.last_code()
    reply = await chat.press(f"login:no:{intruder.login_id}")
    assert "no new login code will be sent before 09:15 UTC" in reply
    assert (await harness.logins.verify(intruder.login_id, code)).status is LoginStatus.LOCKED
    blocked = await harness.logins.start("alice@example.com")
    assert blocked.status is LoginStatus.LOCKED and blocked.retry_at == EPOCH + timedelta(minutes=15)
    async with harness.uow_factory() as uow:
        assert await uow.devices.for_user(1) == []
    assert [n.subject for n in await harness.notices_about("stopped")] == [
        "A login to your account was stopped"
    ]
    harness.clock.advance(minutes=15)
    assert (await harness.logins.start("alice@example.com")).status is LoginStatus.REQUIRED


async def test_another_users_login_cannot_be_denied_from_this_chat(harness: Harness, chat: Chat) -> None:
    assert "not one of yours" in await chat.press("login:no:someone-elses-login")
    started = await harness.logins.start("alice@example.com")
    assert "Thanks for confirming" in await chat.press(f"login:yes:{started.login_id}")


async def test_codes_too_often_from_one_browser_are_explained_once_a_day(
    harness: Harness, chat: Chat
) -> None:
    said = []
    for _ in range(4):
        await harness.logins.start("alice@example.com", user_agent=CHROME)
        said += await alerts(harness, chat.chat_id)
        harness.clock.advance(minutes=10)
    nudges = [text for text in said if "not being remembered" in text]
    assert len(nudges) == 1 and said.index(nudges[0]) == 3  # with the third code, not before
    harness.clock.advance(hours=24)
    for _ in range(3):
        await harness.logins.start("alice@example.com", user_agent=CHROME)
        harness.clock.advance(minutes=10)
    assert len([t for t in await alerts(harness, chat.chat_id) if "not being remembered" in t]) == 1


async def test_test_sends_a_code_and_confirms_2fa_works(harness: Harness, chat: Chat) -> None:
    assert "We sent a test code to +44 ••••••• 56" in await chat.say("/test")
    assert "to test your 2FA" in harness.sms.sent[-1].body
    assert "Your 2FA works" in await chat.say(harness.sms.last_code())


async def test_status_tells_when_the_last_login_code_was_sent_and_verified(
    harness: Harness, chat: Chat
) -> None:
    assert "Last login code" not in await chat.say("/status")  # no login yet: nothing said about logins
    started = await harness.logins.start("alice@example.com")
    assert started.login_id
    harness.clock.advance(minutes=1)
    await harness.logins.verify(started.login_id, harness.sms.last_code())
    status = await chat.say("/status")
    assert "Last login code: sent 2026-11-27 09:00 UTC, verified 2026-11-27 09:01 UTC." in status


async def test_devices_are_listed_and_forgotten_in_chat_with_a_notice(harness: Harness, chat: Chat) -> None:
    assert "no remembered devices" in await chat.say("/devices")
    for agent in (CHROME, FIREFOX):
        started = await harness.logins.start("alice@example.com", user_agent=agent, ip="203.0.113.9")
        assert started.login_id
        await harness.logins.verify(started.login_id, harness.sms.last_code(), remember_device=True)
        harness.clock.advance(minutes=2)
    listing = await chat.say("/devices")
    assert "1. Chrome on Windows (203.0.113.9)" in listing and "2. Firefox on Linux" in listing
    forget_first = chat.buttons()[0]
    assert "Forgotten" in await chat.press(forget_first)
    assert "earlier step" in await chat.press(forget_first)  # pressing it again changes nothing
    assert "Forgotten: every device" in await chat.press("device:all")
    assert len(await harness.notices_about("Remembered devices were forgotten")) == 2


async def test_a_login_code_that_could_not_be_sent_is_not_announced_in_the_chat(
    harness: Harness, chat: Chat
) -> None:
    await alerts(harness, chat.chat_id)
    harness.sms.failing = DeliveryProblem.INVALID_DESTINATION
    failed = await harness.logins.start("alice@example.com", user_agent=FIREFOX)
    assert (failed.status, failed.problem) == (LoginStatus.UNDELIVERED, DeliveryProblem.INVALID_DESTINATION)
    assert await alerts(harness, chat.chat_id) == []  # was "..., a login code was sent to ..."
    harness.sms.failing = None
    assert (
        await harness.logins.start("alice@example.com", user_agent=FIREFOX)
    ).status is LoginStatus.REQUIRED
    assert len(await alerts(harness, chat.chat_id)) == 1


async def test_a_code_to_the_registered_number_says_why_it_could_not_be_sent(
    harness: Harness, chat: Chat
) -> None:
    harness.sms.failing = DeliveryProblem.INVALID_DESTINATION
    await chat.say("/disable")
    reply = await chat.press("disable:yes")
    assert "not a valid number" in reply and "account manager" in reply  # not "try again in a moment"
    harness.sms.failing = DeliveryProblem.UNREACHABLE
    await chat.say("/disable")
    assert "could not be reached" in await chat.press("disable:yes")
