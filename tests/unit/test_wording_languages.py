"""The wording's functions speak through the catalogues: every sentence they build is looked up (a
pseudo-language that marks each message shows any English left in code), and a notice speaks its
addressee's language, not the language of the step that sent it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from domain.core.challenge import Purpose
from domain.core.model import Contract, DisableRequest, Method, Role, SupportTicket, TwoFactorSetting, User
from domain.core.policy import Refusal
from domain.wording import texts, texts_faq, texts_logins, texts_managers, texts_recovery, texts_twofa
from domain.wording.i18n import speaking
from tests.support.pseudo_language import marked_as

AT = datetime(2026, 12, 5, 14, 5, tzinfo=UTC)


@pytest.fixture(autouse=True)
def marked() -> Iterator[None]:
    with marked_as("fr"):
        yield


@dataclass(frozen=True)
class Addressee(User):
    language: str | None = None  # as `User.language` (the notices read it with getattr until it lands)


def user(language: str | None = None) -> User:
    return Addressee(1, 1, "Alice", "alice@example.com", Role.ACCOUNT_MANAGER, language=language)


def notices(addressee: User) -> dict[str, tuple[str, str]]:
    until = AT + timedelta(minutes=15)
    return {
        "chat_moved": texts_twofa.notice_chat_moved(addressee, AT, "Telegram chat 1001"),
        "chat_taken_over": texts_twofa.notice_chat_taken_over(addressee, AT),
        "two_factor": texts_twofa.notice_two_factor(addressee, "changed", "off", "SMS", "in chat", AT),
        "login_denied": texts_logins.notice_login_denied(addressee, AT, "Chrome on Windows", until),
        "devices_forgotten": texts_logins.notice_devices_forgotten(addressee, AT, 2),
        "codes_blocked": texts_logins.notice_login_codes_blocked(addressee, AT, 10, until, True),
        "repeated": texts_logins.notice_repeated_attempts(addressee, AT, False),
        "request": texts_managers.notice_request(addressee, "SUMMARY"),
        "codes_replaced": texts_recovery.notice_codes_replaced(addressee, AT),
        "code_used": texts_recovery.notice_code_used(addressee, AT, 1, True),
    }


def test_a_notice_speaks_its_addressees_language_whatever_the_step_speaks() -> None:
    with speaking("en"):
        for name, (subject, body) in notices(user("fr")).items():
            assert subject.startswith("«"), name
            assert body.startswith("«Hello {name}") is False and body.startswith("«Hello Alice"), name
            assert "14:05" not in body and "2026-12-05" not in body, name
    with speaking("fr"):  # the step speaks the pseudo-language; the addressee has none set: English
        for name, (subject, body) in notices(user(None)).items():
            assert "«" not in subject + body, name
            assert "Alice" in body, name


def test_every_sentence_the_functions_build_is_looked_up() -> None:
    setting = TwoFactorSetting(1, Method.SMS, "+447400123456", AT)
    request = DisableRequest(7, 1, 1, None, "lost phone", False, AT, AT + timedelta(days=7))
    with speaking("fr"):
        built = [
            texts.code_subject(Purpose.LOGIN),
            texts.code_message(Purpose.LOGIN, "123456", timedelta(minutes=5)),
            texts.code_wrong(2),
            texts.status(user(), Contract(1, "Acme"), setting, "+44 ••••••• 56"),
            texts.refusal(Refusal.COOLDOWN, AT + timedelta(seconds=30), AT),
            texts.refusal(Refusal.LOCKED, AT + timedelta(minutes=15), AT),
            texts_twofa.sms_not_available("US"),
            texts_logins.device_line(1, "Firefox on Linux", "203.0.113.9", AT, AT),
            texts_logins.login_codes_blocked(AT, 5, AT + timedelta(minutes=15), False),
            texts_managers.manage_done(["Ann", "Bob"], own_kept=True),
            texts_managers.manage_nothing(everyone=False),
            texts_managers.request_summary(request, user(), None),
            texts_faq.support_limited(4, 3, timedelta(hours=2), AT),
            texts_faq.ticket_body(SupportTicket(9, "tg:1", 1, "help", "context", AT)),
            texts_recovery.codes_shown(["AAAA-BBBB"]),
            texts_recovery.status_line(1),
        ]
    for text in built:
        left = text
        while (inner := re.sub(r"«[^«»]*»", "", left)) != left:  # innermost first: fragments nest
            left = inner
        assert not any(c.isalpha() for c in left), (left, text)  # nothing said outside a message
        assert "14:05" not in text and "2026-12-05" not in text, text
