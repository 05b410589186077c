"""What a typed message looks like: the answer a prompt waits for, or a method named in words.

Each prompt of the step table (`domain.steps`) names one of the `Looks` checks below; text that fails it
may be a question, and is classified before the step sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from domain.core.model import Channel
from domain.core.otp import normalise_typed_code

WORDS = re.compile(r"[^a-z' ]+")
Looks = Callable[[str, Mapping[str, str]], bool]  # (text, the step's data): is it the awaited answer?


def nothing(text: str, data: Mapping[str, str]) -> bool:
    """No typed answer is awaited (a question, a stray code or a menu word may come)."""
    return False


def anything(text: str, data: Mapping[str, str]) -> bool:
    """Whatever is typed is the answer (a line for the support team)."""
    return True


def an_email(text: str, data: Mapping[str, str]) -> bool:
    return "@" in text


def a_code(text: str, data: Mapping[str, str]) -> bool:
    return normalise_typed_code(text) is not None


def a_code_or_email(text: str, data: Mapping[str, str]) -> bool:
    """The link code, or another address typed instead of it."""
    return a_code(text, data) or "@" in text


def a_method(text: str, data: Mapping[str, str]) -> bool:
    return channel_in_words(text) is not None and len(text.split()) <= 3


def a_destination(text: str, data: Mapping[str, str]) -> bool:
    """An address for email, else a phone number (five digits or more)."""
    return "@" in text if data.get("method") == "email" else sum(c.isdigit() for c in text) >= 5


def a_reason(text: str, data: Mapping[str, str]) -> bool:
    return not text.rstrip().endswith("?")


def may_be_question(text: str) -> bool:
    """Whether free text is worth classifying before the step's transaction opens: two words or more
    of letters, and none of the shapes a step waits for (an address, a number or a code).

    Classifying takes milliseconds; done first, it does not hold the step's connection. Text this
    rejects is still classified in the step when the step finds it is not the answer it waits for.
    """
    words = [w for w in WORDS.sub(" ", text.lower()).split() if len(w.strip("'")) > 1]
    return "@" not in text and sum(c.isdigit() for c in text) < 5 and len(words) >= 2


def channel_in_words(text: str) -> Channel | None:
    """SMS, email, the authenticator app or Telegram approval when the text names one ("text me",
    "by e-mail", "app", "approve in Telegram"), else None."""
    words = set(WORDS.sub(" ", text.lower()).split())
    if words & {"telegram", "approve", "approval", "push"}:
        return Channel.TELEGRAM
    if words & {"app", "authenticator", "totp"}:
        return Channel.APP
    if words & {"sms", "text", "phone", "mobile"}:
        return Channel.SMS
    if words & {"email", "e-mail", "mail"}:
        return Channel.EMAIL
    return None
