"""The last English outside the catalogues (issue 17): masks where they are shown, a phone number's
refusal, the FAQ's buttons. A pseudo-language marks each message it translates, so any English left in
code shows; what is stored and compared stays English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.chat import faq
from domain.core.destinations import APP, PHONE_REFUSALS, TELEGRAM_CHAT, is_masked, mask, parse_phone
from domain.core.errors import InvalidPhone
from domain.core.model import Channel, Method, Role, TwoFactorSetting, User
from domain.wording import texts
from domain.wording.i18n import speaking
from domain.wording.texts_destinations import phone_refusal, shown_mask
from tests.support.pseudo_language import marked_as

AT = datetime(2026, 12, 5, 14, 5, tzinfo=UTC)
TEMPLATE = Path(__file__).parents[2] / "app" / "locale" / "messages.pot"


@pytest.fixture(autouse=True)
def marked() -> Iterator[None]:
    with marked_as("fr"):
        yield


def _template_ids() -> set[str]:
    text = TEMPLATE.read_text(encoding="utf-8")
    ids = set()
    for block in re.findall(r'^msgid ((?:".*"\n)+)', text, re.M):
        ids.add("".join(re.findall(r'"(.*)"', block)).replace('\\"', '"'))
    return ids


def test_an_app_or_chat_mask_is_shown_translated_and_stored_in_english() -> None:
    with speaking("fr"):
        assert shown_mask(mask(Channel.APP, "secret")) == "«authenticator app»"
        assert shown_mask(mask(Channel.TELEGRAM, "1001")) == "«your Telegram chat»"
        assert shown_mask(mask(Channel.SMS, "+447700900489")) == "+44 ••••••• 89"  # a mask is no message
        assert shown_mask(None) == "«your 2FA destination»"
        assert mask(Channel.APP, "secret") == APP == "authenticator app"  # what is stored and compared
    assert is_masked(APP) and is_masked(TELEGRAM_CHAT)
    with speaking("en"):
        assert shown_mask(APP) == "authenticator app"


def test_the_status_line_says_the_app_in_the_chat_language() -> None:
    user = User(1, 1, "Alice", "alice@example.com", Role.MEMBER)
    setting = TwoFactorSetting(1, Method.APP, "secret", AT)
    with speaking("fr"):
        line = texts.status(user, None, setting, mask(Channel.APP, "secret")).splitlines()[3]
    assert line == "«2FA: on, codes from your {masked} since {date}.»".format(
        masked="«authenticator app»", date="D20261205"
    )


def test_a_refused_phone_number_is_said_in_the_chat_language() -> None:
    with pytest.raises(InvalidPhone) as refused:
        parse_phone("+44 20 7946 0000", "GB", frozenset({"GB"}))  # a London landline
    reason = str(refused.value)
    assert reason == "this number cannot receive SMS codes: it is a landline"  # English in the error
    with speaking("fr"):
        assert phone_refusal(reason) == f"«{reason}»"
        assert phone_refusal("something else") == "something else"
    with pytest.raises(InvalidPhone) as refused:
        parse_phone("hello", "GB", frozenset({"GB"}))
    with speaking("fr"):
        assert phone_refusal(str(refused.value)) == "«that does not look like a phone number»"


def test_every_refusal_and_mask_word_is_in_the_template() -> None:
    ids = _template_ids()
    missing = [m for m in (*PHONE_REFUSALS, APP, TELEGRAM_CHAT, "your 2FA destination") if m not in ids]
    assert missing == []


@pytest.mark.parametrize("intent", faq.INTENTS)
def test_every_faq_button_is_labelled_in_the_chat_language(intent: str) -> None:
    user = User(1, 1, "Alice", "alice@example.com", Role.ACCOUNT_MANAGER)
    for setting in (TwoFactorSetting(1), TwoFactorSetting(1, Method.SMS, "+447700900489", AT)):
        with speaking("fr"):
            reply = faq.answer(intent, user, setting)
        for row in (*reply.buttons,):
            for button in row:
                assert button.label.startswith("«"), (intent, button)
    with speaking("fr"):
        assert faq.SUPPORT[0].label == "«Contact support»"


def test_the_faq_says_how_codes_go_in_the_chat_language() -> None:
    user = User(1, 1, "Alice", "alice@example.com", Role.MEMBER)
    setting = TwoFactorSetting(1, Method.SMS, "+447700900489", AT)
    with speaking("fr"):
        reply = faq.answer("methods", user, setting)
    assert "«SMS at {where}»".format(where="+44 ••••••• 89") in reply.text


def test_prompt_buttons_are_labelled_when_shown_not_at_import() -> None:
    from domain.chat.manager_flow import cancel_row
    from domain.chat.recovery_chat import choice_buttons
    from domain.chat.steps import cancel_buttons
    from domain.chat.verification import cancel_only, code_buttons, confirm_buttons, expired_buttons
    from domain.proofs.lock_alert import support_button
    from domain.proofs.recovery_issue import get_codes

    with speaking("fr"):
        rows = [
            *code_buttons(),
            *cancel_only(),
            *confirm_buttons(),
            *expired_buttons(),
            *choice_buttons(),
            *get_codes(),
            *cancel_buttons(),
            cancel_row(),
        ]
        labels = [button.label for row in rows for button in row]
        labels += [label for row in support_button() for label, _ in row]
    assert labels and all(label.startswith("«") for label in labels), labels


def test_who_acted_and_for_whom_in_english_as_before_and_translated() -> None:
    from domain.wording import texts_actions as words

    sms = TwoFactorSetting(1, Method.SMS, "+447700900489", AT)
    assert words.member_state(sms) == "on, SMS to +44 ••••••• 89 since 2026-12-05"
    assert words.member_state(TwoFactorSetting(1)) == "off"
    assert words.in_chat("tg:1001") == "in a Telegram chat"
    assert words.by_manager("Bob") == "by your account manager Bob"
    assert words.manage_ask_reason("Bob").startswith("Why is 2FA being turned off for Bob? ")
    assert words.manage_ask_reason(everyone=True).startswith(
        "Why is 2FA being turned off for everyone in the"
    )
    assert words.manage_ask_reason() == "Why is 2FA being turned off here? Choose a reason or type your own."
    with speaking("fr"):
        assert words.member_state(sms) == "«on, {setting} since {date}»".format(
            setting="«SMS to {masked}»".format(masked="+44 ••••••• 89"), date="D20261205"
        )
        assert words.in_chat("term:1") == "«in the terminal chat»"
        assert words.chat_label("tg:1") == "«a Telegram chat»"
        assert words.reason_words(words.REASONS[0]) == "«Lost their phone»"
        assert words.reason_words("my own words") == "my own words"  # typed by a person: as typed
        assert words.manage_ask_reason("Bob").startswith("«Why is 2FA being turned off for Bob?")


def test_a_request_summary_shows_a_listed_reason_in_the_managers_language() -> None:
    from domain.core.model import DisableRequest
    from domain.wording import texts_actions, texts_managers

    requester = User(2, 1, "Carol", "carol@example.com", Role.MEMBER)
    request = DisableRequest(5, 1, 2, None, texts_actions.REASONS[1], True, AT, AT)
    with speaking("fr"):
        summary = texts_managers.request_summary(request, requester, None)
    assert "«Lost access to their email»" in summary


def test_the_bots_own_words_are_in_the_catalogues() -> None:
    from bot.telegram import SOMETHING_WENT_WRONG

    assert texts.SOMETHING_WENT_WRONG == SOMETHING_WENT_WRONG  # English, as the tests compare it
    assert texts.GOODBYE == "Goodbye."
    with speaking("fr"):
        assert f"«{SOMETHING_WENT_WRONG}»" == texts.SOMETHING_WENT_WRONG
