"""What a typed message looks like: the answer a step waits for, or a method named in words."""

from __future__ import annotations

import re

from domain.conversation_state import CODE_STEPS, DESTINATION_STEPS, METHOD_STEPS, Step
from domain.model import Channel
from domain.otp import normalise_typed_code

WORDS = re.compile(r"[^a-z' ]+")


def expected_input(step: Step, text: str, method: str | None) -> bool:
    """Whether `text` looks like the answer the step waits for (else it may be a question)."""
    if step is Step.LINK_EMAIL or step is Step.REQUEST_USER:
        return "@" in text
    if step in CODE_STEPS:
        return normalise_typed_code(text) is not None or (step is Step.LINK_CODE and "@" in text)
    if step in METHOD_STEPS:
        return channel_in_words(text) is not None and len(text.split()) <= 3
    if step in DESTINATION_STEPS:
        return "@" in text if method == "email" else sum(c.isdigit() for c in text) >= 5
    if step in (Step.MANAGE_REASON, Step.REQUEST_REASON):
        return not text.rstrip().endswith("?")
    return False


def may_be_question(text: str) -> bool:
    """Whether free text is worth classifying before the step's transaction opens: two words or more
    of letters, and none of the shapes a step waits for (an address, a number or a code).

    Classifying takes milliseconds; done first, it does not hold the step's connection. Text this
    rejects is still classified in the step when the step finds it is not the answer it waits for.
    """
    words = [w for w in WORDS.sub(" ", text.lower()).split() if len(w.strip("'")) > 1]
    return "@" not in text and sum(c.isdigit() for c in text) < 5 and len(words) >= 2


def channel_in_words(text: str) -> Channel | None:
    """SMS or email when the text names one ("text me", "by e-mail"), else None."""
    words = set(WORDS.sub(" ", text.lower()).split())
    if words & {"sms", "text", "phone", "mobile"}:
        return Channel.SMS
    if words & {"email", "e-mail", "mail"}:
        return Channel.EMAIL
    return None
