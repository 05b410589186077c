"""Answers to 2FA questions in the user's own words: short, true to the help-centre article, personal
where the account is known, each with a button that does the thing asked about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from domain.core.destinations import mask
from domain.core.model import Method, TwoFactorSetting, User
from domain.core.replies import Button, Reply
from domain.wording import (
    texts,
    texts_app,
    texts_approval,
    texts_faq,
    texts_managers,
    texts_recovery,
    texts_twofa,
)
from domain.wording.texts_destinations import shown_mask

INTENTS = (
    "setup",
    "methods",
    "sms_availability",
    "per_user",
    "change_destination",
    "disable_self",
    "disable_others",
    "lost_access",
    "notifications",
    "how_it_works",
    "codes_too_often",
    "not_prompted",
    "code_not_received",
    "status",
    "support",
    "none",
)


@dataclass(frozen=True)
class Prediction:
    intent: str  # one of INTENTS
    confidence: float  # 0..1


class IntentClassifier(Protocol):
    async def classify(self, text: str) -> Prediction:
        """The intent of a free-text message, `none` when it is not a 2FA question we answer.

        Async because the real model takes milliseconds of CPU: the adapter runs it off the event loop.
        """
        ...


def _b(label: str, data: str) -> tuple[Button, ...]:
    return (Button(label, data),)


# The answers' buttons, labelled when an answer is built (in the language of the step), never at import:
# `faq.SUPPORT` (the module's `__getattr__`) or `button("SUPPORT")` here.
ENABLE: tuple[Button, ...]
CHANGE: tuple[Button, ...]
DISABLE: tuple[Button, ...]
REQUEST: tuple[Button, ...]
MANAGE: tuple[Button, ...]
SUPPORT: tuple[Button, ...]
TEST: tuple[Button, ...]
DEVICES: tuple[Button, ...]
STATUS: tuple[Button, ...]
USE_CODE: tuple[Button, ...]

_BUTTONS: dict[str, tuple[Callable[[], str], str]] = {
    "ENABLE": (lambda: texts_twofa.BUTTON_ENABLE, "enable"),
    "CHANGE": (lambda: texts_twofa.BUTTON_CHANGE, "change"),
    "DISABLE": (lambda: texts_twofa.BUTTON_DISABLE, "disable"),
    "REQUEST": (lambda: texts_managers.BUTTON_ASK_MANAGER, "request"),
    "MANAGE": (lambda: texts_managers.BUTTON_MANAGE, "manage"),
    "SUPPORT": (lambda: texts_managers.BUTTON_SUPPORT, "support"),
    "TEST": (lambda: texts_managers.BUTTON_TEST, "test"),
    "DEVICES": (lambda: texts_managers.BUTTON_DEVICES, "devices"),
    "STATUS": (lambda: texts.BUTTON_STATUS, "status"),
    "USE_CODE": (lambda: texts_recovery.BUTTON_USE_CODE, "lost"),
}


def button(name: str) -> tuple[Button, ...]:
    label, data = _BUTTONS[name]
    return _b(label(), data)


def __getattr__(name: str) -> tuple[Button, ...]:
    if name in _BUTTONS:
        return button(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def answer(intent: str, user: User | None, setting: TwoFactorSetting | None) -> Reply:
    """The reply to a question of `intent`, for this account (None: not linked, answered in general)."""
    on = setting is not None and setting.enabled
    where = (
        shown_mask(mask(setting.channel, setting.destination))
        if setting and setting.channel and setting.destination
        else ""
    )
    app = setting is not None and setting.method is Method.APP  # nothing is sent: answers say so
    tapped = setting is not None and setting.method is Method.TELEGRAM  # approved in this chat: nor here
    how = texts_faq.codes_go(setting.method.value, where) if setting and on else ""
    how = texts_app.FAQ_HOW if app else texts_approval.FAQ_HOW if tapped else how
    linked_only = (button("ENABLE"),) if user else ()
    if intent == "setup":
        if on:
            return Reply(texts_faq.FAQ_SETUP_ON.format(how=how), (button("CHANGE"), button("DISABLE")))
        return Reply(texts_faq.FAQ_SETUP, linked_only)
    if intent == "methods":
        return Reply(
            texts_faq.FAQ_METHODS + (texts_faq.FAQ_YOU_USE.format(how=how) if on else ""),
            (button("CHANGE"),) if on else linked_only,
        )
    if intent == "sms_availability":
        return Reply(texts_faq.FAQ_SMS_AVAILABILITY, (button("CHANGE"),) if on else linked_only)
    if intent == "per_user":
        extra = texts_faq.FAQ_PER_USER_MANAGER if user and user.is_manager else ""
        return Reply(texts_faq.FAQ_PER_USER + extra, (button("MANAGE"),) if extra else ())
    if intent == "change_destination":
        if on:
            own = texts_approval.FAQ_CHANGE_ON if tapped else texts_faq.FAQ_CHANGE_ON.format(how=how)
            return Reply(texts_app.FAQ_CHANGE_ON if app else own, (button("CHANGE"),))
        return Reply(texts_faq.FAQ_CHANGE_OFF if user else texts_faq.FAQ_CHANGE, linked_only)
    if intent == "disable_self":
        if on:
            own = texts_approval.FAQ_DISABLE_ON if tapped else texts_faq.FAQ_DISABLE_ON.format(where=where)
            return Reply(texts_app.FAQ_DISABLE_ON if app else own, (button("DISABLE"),))
        return Reply(texts_faq.FAQ_DISABLE_OFF if user else texts_faq.FAQ_DISABLE, ())
    if intent == "disable_others":
        if user and user.is_manager:
            return Reply(texts_faq.FAQ_DISABLE_OTHERS_MANAGER, (button("MANAGE"),))
        return Reply(texts_faq.FAQ_DISABLE_OTHERS, (button("REQUEST"),) if user else ())
    if intent == "lost_access":
        if on and user:  # a recovery code, if they kept one, lets them change the method or turn 2FA off
            return Reply(
                texts_faq.FAQ_LOST_ACCESS + texts_recovery.FAQ_LOST_OFFER,
                (button("USE_CODE"), button("REQUEST"), button("SUPPORT")),
            )
        return Reply(
            texts_faq.FAQ_LOST_ACCESS,
            (button("REQUEST"), button("SUPPORT")) if user else (button("SUPPORT"),),
        )
    if intent == "notifications":
        address = f" ({user.email})" if user else ""
        return Reply(texts_faq.FAQ_NOTIFICATIONS.format(address=address))
    if intent == "how_it_works":
        return Reply(
            texts_faq.FAQ_HOW_IT_WORKS + (texts_faq.FAQ_YOU_USE.format(how=how) if on else ""),
            () if on or not user else (button("ENABLE"),),
        )
    if intent == "codes_too_often":
        return Reply(
            texts_faq.FAQ_CODES_TOO_OFTEN,
            (button("DEVICES"), button("SUPPORT")) if user else (button("SUPPORT"),),
        )
    if intent == "not_prompted":
        return Reply(
            texts_faq.FAQ_NOT_PROMPTED, (button("TEST"), button("SUPPORT")) if on else (button("SUPPORT"),)
        )
    if intent == "code_not_received":
        text = (
            texts_faq.FAQ_CODE_NOT_RECEIVED_ON.format(where=where) if on else texts_faq.FAQ_CODE_NOT_RECEIVED
        )
        text = texts_app.FAQ_CODE_NOT_RECEIVED_ON if app else text
        text = texts_approval.FAQ_CODE_NOT_RECEIVED_ON if tapped and on else text
        return Reply(text, (button("TEST"), button("SUPPORT")) if on else (button("SUPPORT"),))
    if intent == "status":
        return Reply(texts_faq.FAQ_STATUS, (button("STATUS"),))
    if user is None:
        return Reply(
            texts_faq.FAQ_NONE + texts_faq.FAQ_LINK_FIRST, (_b(texts.BUTTON_LINK, "start"), button("SUPPORT"))
        )
    return Reply(texts_faq.FAQ_NONE, (button("SUPPORT"), _b(texts.BUTTON_HELP, "help")))


def pending_code_answer(masked: str) -> Reply:
    """`code_not_received` while a code is awaited: what to check, and resend or cancel."""
    return Reply(
        texts_faq.FAQ_CODE_PENDING.format(masked=shown_mask(masked)),
        ((Button(texts.BUTTON_RESEND, "resend"), Button(texts.BUTTON_CANCEL, "cancel")),),
    )
