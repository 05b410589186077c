"""What a new user stumbled on (issue 15, section 5), the wording: /status says "by email" as it says
"by SMS" and nothing about logins not seen yet; /help lists every command; a manager acting for everyone
keeps their own 2FA and is told so; /devices dates; no email subject a mail reader shows with a leading
space. On fakes, SQLite and PostgreSQL, through the conversation engine."""

from __future__ import annotations

import email
import inspect
from datetime import UTC, datetime, timedelta

import pytest

from domain.core.challenge import Purpose
from domain.core.commands import COMMANDS
from domain.core.destinations import APP
from domain.core.model import Channel, DisableRequest, Method, OutgoingEmail, Role, TwoFactorSetting, User
from domain.core.ports import UnitOfWorkFactory
from domain.wording import texts, texts_faq, texts_logins, texts_managers, texts_twofa
from gateways.email import build_message
from tests.support.edge_chats import MOBILE, linked_with_sms
from tests.support.fakes import EPOCH
from tests.support.harness import Chat, Harness

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0"


@pytest.fixture
async def harness(uow_factory: UnitOfWorkFactory) -> Harness:
    harness = Harness(uow_factory)
    await harness.seed()
    return harness


@pytest.fixture
async def chat(harness: Harness) -> Chat:
    chat = harness.chat()
    await harness.link(chat)
    return chat


# 3. /status ---------------------------------------------------------------------------------------


async def test_status_says_by_email_and_by_sms_alike_and_nothing_about_logins_not_yet_seen(
    harness: Harness, chat: Chat
) -> None:
    await chat.say("/enable")
    await chat.press("method:email")
    await chat.say("alice.codes@example.org")
    await chat.say(harness.email.last_code("alice.codes@example.org"))
    status = await chat.say("/status")
    assert "2FA: on, codes by email to " in status
    assert "login" not in status.replace("Every login asks for a code.", "")
    assert "support" not in status
    bob = await linked_with_sms(harness, "bob@example.com", "tg:2002", MOBILE)
    assert "2FA: on, codes by SMS to +44 ••••••• 56" in await bob.say("/status")


def test_status_of_an_authenticator_app_names_it_without_a_word_missing() -> None:
    user = User(1, 1, "Alice", "alice@example.com", Role.MEMBER)
    setting = TwoFactorSetting(1, Method.APP, APP, EPOCH)
    assert "2FA: on, codes from your authenticator app since 2026-11-27." in texts.status(
        user, None, setting, APP
    )


# 4. /help (Telegram's command menu: tests/e2e/test_telegram_commands.py) -----------------------


async def test_help_lists_every_command_of_the_one_list_linked_or_not_and_each_is_known(
    harness: Harness, chat: Chat
) -> None:
    names = [command.name for command in COMMANDS]
    assert {"enable", "change", "disable", "devices", "test", "request"} <= set(names)
    not_linked = await harness.chat("tg:2003").say("/help")
    linked = await chat.say("/help")
    for command in COMMANDS:
        assert f"/{command.name} – {command.description}" in not_linked
        assert f"/{command.name} – {command.description}" in linked
        await chat.say("/cancel")
        assert "I do not know the command" not in await chat.say(f"/{command.name}")


# 7. A manager acting for everyone --------------------------------------------------------------------


async def test_turning_2fa_off_for_everyone_keeps_the_managers_own_and_says_so(harness: Harness) -> None:
    await linked_with_sms(harness, "alice@example.com", "tg:2006", "+447400111111")
    carol = await linked_with_sms(harness, "carol@example.com", "tg:2007", "+447400333333")
    await carol.say("/manage")
    await carol.press("mgr:all:1")
    await carol.press("mgr:reason:3")
    reply = await carol.say(harness.sms.last_code("+447400333333"))
    assert "2FA is now off for Alice, who was emailed" in reply  # one user: no "Each was emailed"
    assert "Your own 2FA stays on" in reply
    assert (await harness.setting("carol@example.com")).method is Method.SMS
    assert (await harness.setting("alice@example.com")).method is Method.NONE
    await carol.say("/manage")
    await carol.press("mgr:all:1")
    await carol.press("mgr:reason:3")
    reply = await carol.say(harness.sms.last_code("+447400333333"))
    assert "2FA was not on for anyone else in the contract" in reply and "Your own 2FA stays on" in reply
    assert (await harness.setting("carol@example.com")).method is Method.SMS


def test_several_users_each_were_emailed() -> None:
    assert texts_managers.manage_done(["Alice", "Bob"]) == (
        "Done: 2FA is now off for Alice and Bob. Each was emailed and invited to set it up again."
    )


# 8. Wording -----------------------------------------------------------------------------------------


async def test_a_device_not_used_since_it_was_remembered_says_since_when(harness: Harness) -> None:
    chat = await linked_with_sms(harness, "alice@example.com", "tg:2008", MOBILE)
    harness.clock.advance(minutes=3)
    started = await harness.logins.start("alice@example.com", user_agent=CHROME, ip="203.0.113.9")
    assert started.login_id
    await harness.logins.verify(started.login_id, harness.sms.last_code(MOBILE), remember_device=True)
    listing = await chat.say("/devices")
    assert "remembered 2026-11-27, not used since 2026-11-27 09:03 UTC" in listing


def built_notices() -> dict[str, tuple[str, str]]:
    """What each `texts.notice_*` builds, by name."""
    at, until = EPOCH, EPOCH + timedelta(minutes=15)
    user = User(1, 1, "Alice", "alice@example.com", Role.MEMBER)
    request = DisableRequest(7, 1, 1, None, "lost phone", True, at, at + timedelta(days=7))
    return {
        "notice_chat_moved": texts_twofa.notice_chat_moved(user, at, "Telegram chat 1001"),
        "notice_chat_taken_over": texts_twofa.notice_chat_taken_over(user, at),
        "notice_two_factor": texts_twofa.notice_two_factor(user, "changed", "off", "SMS", "in chat", at),
        "notice_login_denied": texts_logins.notice_login_denied(user, at, "Chrome on Windows", until),
        "notice_devices_forgotten": texts_logins.notice_devices_forgotten(user, at, 2),
        "notice_login_codes_blocked": texts_logins.notice_login_codes_blocked(user, at, 10, until, True),
        "notice_request": texts_managers.notice_request(
            user, texts_managers.request_summary(request, user, None)
        ),
        "notice_repeated_attempts": texts_logins.notice_repeated_attempts(user, at, True),
    }


def test_every_notice_builder_is_checked() -> None:
    builders = {
        name
        for module in (texts, texts_twofa, texts_logins, texts_managers, texts_faq)
        for name, _ in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("notice_")
    }
    assert builders == set(built_notices())  # a new builder: add it to `built_notices`


def every_subject() -> list[str]:
    """The subject of every email the domain builds: each notice, the code email of every purpose and
    channel, and the request outcome."""
    at, user = EPOCH, User(1, 1, "Alice", "alice@example.com", Role.MEMBER)
    subjects = [subject for subject, _ in built_notices().values()]
    subjects += [
        texts_twofa.notice_two_factor(user, c, "a", "b", "x", at)[0] for c in ("enabled", "disabled")
    ]
    subjects += [texts.code_subject(purpose, channel) for purpose in Purpose for channel in Channel]
    return sorted({*subjects, texts_managers.REQUEST_OUTCOME_SUBJECT})


@pytest.mark.parametrize("subject", every_subject())
def test_no_email_subject_starts_or_ends_with_a_space_even_as_a_mail_reader_sees_it(subject: str) -> None:
    assert subject == subject.strip() and subject
    outgoing = OutgoingEmail("alice@example.com", subject, "body")
    message = build_message(
        outgoing, "twofa-assistant <no-reply@example.com>", datetime(2026, 1, 1, tzinfo=UTC)
    )
    read = email.message_from_bytes(message.as_bytes())  # as a mail reader parses it
    assert read["Subject"] == subject  # a subject too long for one header line came back as "\n Your ..."
