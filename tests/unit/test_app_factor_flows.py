"""The authenticator app through the conversation engine, on fakes with a fake clock: set up (the key
shown once, a secret reply), confirmed by its code, then used to change, test and turn off 2FA; each
time step once; nothing sent; the app's secrets forgotten when the method moves away from it."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest

from domain.core.model import AuditKind, Method
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import Chat, Harness

KEY = re.compile(r"\b((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})\b")


@pytest.fixture
async def harness() -> Harness:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    return harness


@pytest.fixture
async def chat(harness: Harness) -> Chat:
    chat = harness.chat()
    await harness.link(chat)
    return chat


async def set_up_app(harness: Harness, chat: Chat, *starting: str) -> pyotp.TOTP:
    """Press through to the app's key; the TOTP an app computes from it."""
    for step in starting:
        await (chat.press(step) if ":" in step or step in ("enable", "change") else chat.say(step))
    reply = await chat.press("method:app")
    assert "Scan this QR code" in reply
    shown = chat.seen[-1]
    assert shown.secret and shown.qr is not None and shown.qr.startswith("otpauth://totp/")
    [grouped] = KEY.findall(reply)
    totp = pyotp.TOTP(grouped.replace(" ", ""))
    assert pyotp.parse_uri(shown.qr).secret == totp.secret
    return totp


async def app_secrets(harness: Harness) -> int:
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None
        active = await uow.app_secrets.get(alice.key, active=True)
        pending = await uow.app_secrets.get(alice.key, active=False)
    return (active is not None) + (pending is not None)


async def test_the_app_is_on_only_once_its_code_is_typed(harness: Harness, chat: Chat) -> None:
    totp = await set_up_app(harness, chat, "/enable")
    assert chat.buttons() == ["cancel"]  # nothing to resend
    assert (await harness.setting()).method is Method.NONE
    assert "nothing is sent" in (await chat.press("resend")).lower()
    reply = await chat.say(totp.at(harness.clock.now()))
    assert "2FA is on" in reply and "authenticator app" in reply
    setting = await harness.setting()
    assert (setting.method, setting.destination) == (Method.APP, "authenticator app")
    assert "authenticator app" in await chat.say("/status")
    assert harness.sms.sent == []
    [notice] = await harness.notices_about("turned on")
    assert "authenticator app" in notice.body and totp.secret not in notice.body
    [event] = await harness.audit(AuditKind.TWOFA_ENABLED)
    assert totp.secret not in str(event.detail)


async def test_a_code_two_steps_away_is_refused_and_one_step_is_accepted(
    harness: Harness, chat: Chat
) -> None:
    totp = await set_up_app(harness, chat, "/enable")
    now = harness.clock.now()
    assert "not right" in await chat.say(totp.at(now + timedelta(seconds=60)))
    assert "not right" in await chat.say(totp.at(now - timedelta(seconds=60)))
    assert "2FA is on" in await chat.say(totp.at(now - timedelta(seconds=30)))


async def test_the_app_then_tests_changes_and_turns_off_2fa_each_step_once(
    harness: Harness, chat: Chat
) -> None:
    totp = await set_up_app(harness, chat, "/enable")
    await chat.say(totp.at(harness.clock.now()))
    # /test: the code just used is refused (the same time step), the next step's works
    assert "authenticator app shows" in await chat.say("/test")
    assert "not right" in await chat.say(totp.at(harness.clock.now()))
    harness.clock.advance(30)
    assert "Your 2FA works" in await chat.say(totp.at(harness.clock.now()))
    # change to email: the app's code first, then the new address's
    harness.clock.advance(30)
    assert "authenticator app shows" in await chat.press("change")
    assert "How would you like" in await chat.say(totp.at(harness.clock.now()))
    await chat.press("method:email")
    await chat.say("alice.new@example.com")
    assert "now go to" in await chat.say(harness.email.last_code("alice.new@example.com"))
    assert (await harness.setting()).method is Method.EMAIL
    assert await app_secrets(harness) == 0  # the app's secret is gone with the method
    # back to a new app, then off with its code
    await chat.press("change")
    harness.clock.advance(30)
    await chat.say(harness.email.last_code("alice.new@example.com"))
    second = await set_up_app(harness, chat)
    assert second.secret != totp.secret
    assert "authenticator app" in await chat.say(second.at(harness.clock.now()))
    assert (await harness.setting()).method is Method.APP and await app_secrets(harness) == 1
    harness.clock.advance(30)
    await chat.press("disable")
    assert "authenticator app shows" in await chat.press("disable:yes")
    assert "2FA is now off" in await chat.say(second.at(harness.clock.now()))
    assert await app_secrets(harness) == 0


async def test_the_faq_answers_an_app_user_about_the_app(harness: Harness, chat: Chat) -> None:
    from domain.chat.faq import answer
    from domain.core.model import TwoFactorSetting

    setting = TwoFactorSetting(1, Method.APP, "authenticator app")
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
    assert "three methods" in answer("methods", alice, setting).text
    assert "authenticator app" in answer("methods", alice, setting).text
    assert "nothing is sent" in answer("code_not_received", alice, setting).text
    assert "authenticator app shows" in answer("disable_self", alice, setting).text
    assert "authenticator app" in answer("change_destination", alice, setting).text
    assert "email at" not in " ".join(answer(i, alice, setting).text for i in ("setup", "how_it_works"))
