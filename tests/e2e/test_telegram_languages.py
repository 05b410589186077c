"""The user's language end to end, through the real python-telegram-bot against the loopback Bot API, with
Twilio and SMTP on loopback: a person whose Telegram is set to German links, turns on SMS, asks a question
in German and gets German replies, a German code by SMS and a German notice by email; `/language` switches
to Spanish and what follows, chat, SMS and email, is Spanish.

The expected sentences are read from the catalogues (`speaking`), so the test checks that the product
speaks them, and that each differs from the English, not the translators' wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from domain.core.challenge import Purpose
from domain.core.model import Channel, User
from domain.wording import texts, texts_faq, texts_notices, texts_twofa
from domain.wording.i18n import speaking
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink, body_of

HANS = 8301
MOBILE = "+447400123456"
CODE = re.compile(r"\b\d{6}\b")


def said(language: str, read: Callable[[], str], *, differs: bool = True) -> str:
    """A text as the product says it in `language` (checked to differ from the English)."""
    with speaking(language):
        translated = read()
    with speaking("en"):
        assert not differs or translated != read(), f"not translated into {language}: {translated!r}"
    return translated


def part(text: str) -> str:
    """The longest stretch of a message without a placeholder: found in what the chat shows."""
    return max(re.split(r"\{[^}]*\}", text), key=len).strip()


def without_code(text: str) -> str:
    return CODE.sub("______", text)


def bob(language: str) -> User:
    return User(None, 1, "Bob Member", "bob@example.com", language=language)


def code_sms(language: str, purpose: Purpose, lifetime: timedelta) -> str:
    return said(language, lambda: texts.code_message(purpose, "000000", lifetime, Channel.SMS))


def notice_subject(language: str, change: str) -> str:
    return texts_notices.notice_two_factor(bob(language), change, "-", "-", "-", datetime.now(UTC))[0]


async def notice_after(running: Running, count: int) -> str:
    """The subject of the first email received after the first `count`."""
    message = await running.smtp.wait_for(lambda m: running.smtp.messages.index(m) >= count)
    return str(message["Subject"])


async def test_a_german_user_is_answered_in_german_then_in_spanish(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio
) -> None:
    async with running_bot(tmp_path, smtp_sink, fake_twilio) as running:
        api, policy = running.api, running.services.codes.policy
        after = len(api.sent)
        api.push_message(HANS, "/start", language_code="de-DE")  # the person's Telegram is set to German
        greeting = await api.wait_for_message(HANS, after=after)
        assert greeting.text == said("de", lambda: texts.INTRO)

        await running.say(HANS, "bob@example.com", part(said("de", lambda: texts.LINK_CODE_SENT)))
        email = await running.smtp.wait_for(lambda m: str(m["To"]) == "bob@example.com")
        link_words = said("de", lambda: texts.code_message(Purpose.LINK, "000000", policy.lifetime))
        assert without_code(body_of(email).strip()) == without_code(link_words)
        [code] = CODE.findall(body_of(email))
        await running.say(HANS, code, part(said("de", lambda: texts.LINKED)))

        await running.say(HANS, "/enable", part(said("de", lambda: texts_twofa.ASK_METHOD)))
        sms_button = said("de", lambda: texts_twofa.BUTTON_SMS, differs=False)
        await running.press(HANS, sms_button, part(said("de", lambda: texts_twofa.ASK_PHONE)))
        sent = len(fake_twilio.messages)
        await running.say(HANS, MOBILE, part(said("de", lambda: texts_twofa.ENABLE_CODE_SENT)))
        sms = await fake_twilio.wait_for(lambda m: m.to == MOBILE, after=sent)
        german_sms = said(
            "de", lambda: texts.code_message(Purpose.ENABLE, "000000", policy.lifetime, Channel.SMS)
        )
        assert without_code(sms.body) == without_code(german_sms)
        emails = len(running.smtp.messages)
        await running.say(HANS, fake_twilio.last_code(MOBILE), part(said("de", lambda: texts_twofa.ENABLED)))
        german_notice = texts_notices.notice_two_factor(
            bob("de"), "enabled", "-", "-", "-", datetime.now(UTC)
        )
        assert await notice_after(running, emails) == german_notice[0]
        english_notice = texts_notices.notice_two_factor(
            bob("en"), "enabled", "-", "-", "-", datetime.now(UTC)
        )
        assert german_notice[0] != english_notice[0]

        question = "Wie kann ich die Zwei-Faktor-Authentifizierung wieder ausschalten?"  # asked in German
        await running.say(HANS, question, part(said("de", lambda: texts_faq.FAQ_DISABLE_ON)))

        await running.say(HANS, "/language", said("de", lambda: texts.ASK_LANGUAGE))
        switched = await running.press(HANS, "Español", part(said("es", lambda: texts.LANGUAGE_SET)))
        assert "Español" in switched
        sent = len(fake_twilio.messages)
        await running.say(HANS, "/disable", part(said("es", lambda: texts_twofa.CONFIRM_DISABLE)))
        confirm = said("es", lambda: texts_twofa.BUTTON_CONFIRM_DISABLE)
        await running.press(HANS, confirm, part(said("es", lambda: texts_twofa.DISABLE_CODE_SENT)))
        sms = await fake_twilio.wait_for(lambda m: m.to == MOBILE, after=sent)
        spanish_sms = said(
            "es", lambda: texts.code_message(Purpose.DISABLE, "000000", policy.lifetime, Channel.SMS)
        )
        assert without_code(sms.body) == without_code(spanish_sms)
        emails = len(running.smtp.messages)
        await running.say(HANS, fake_twilio.last_code(MOBILE), part(said("es", lambda: texts_twofa.DISABLED)))
        spanish_notice = texts_notices.notice_two_factor(
            bob("es"), "disabled", "-", "-", "-", datetime.now(UTC)
        )
        assert await notice_after(running, emails) == spanish_notice[0]
