"""The FAQ's personal answers for a user whose sign-ins are approved in Telegram: nothing is sent to them,
so no answer may speak of "the code we send to your Telegram chat" (it did, as if it were an address)."""

from __future__ import annotations

from datetime import UTC, datetime

from domain.chat import faq
from domain.core.model import Method, TwoFactorSetting, User

USER = User(1, 1, "Ann", "ann@example.com")
TAPPED = TwoFactorSetting(1, Method.TELEGRAM, "tg:42", datetime(2026, 12, 5, tzinfo=UTC))


def test_turning_off_and_changing_say_confirm_here_not_a_code_sent() -> None:
    off = faq.answer("disable_self", USER, TAPPED).text
    assert "Confirm in this chat" in off and "code we send" not in off
    change = faq.answer("change_destination", USER, TAPPED).text
    assert "approved in this chat" in change and "email at" not in change


def test_a_missing_code_is_explained_as_a_question_in_this_chat() -> None:
    text = faq.answer("code_not_received", USER, TAPPED).text
    assert "nothing is sent by SMS or email" in text


def test_the_methods_answer_names_this_chat() -> None:
    text = faq.answer("methods", USER, TAPPED).text
    assert "this Telegram chat" in text and "email at" not in text
