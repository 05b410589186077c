"""What a code says and what is said around it: the code's SMS or email, why no code was sent, and a
wrong code. `domain.wording.texts` re-exports each (texts.code_message, texts.refusal, ...)."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.core.challenge import Purpose
from domain.core.model import Channel
from domain.core.policy import Refusal
from domain.wording import texts_recovery
from domain.wording.i18n import N_, _, clock_time, ngettext

PRODUCT = "twofa-assistant"

_PURPOSE_WORDS: dict[Purpose, str] = {
    Purpose.LINK: N_("to link a chat to your account"),
    Purpose.LINK_SECOND_FACTOR: N_("to link a chat to your account (two-factor check)"),
    Purpose.ENABLE: N_("to turn on 2FA"),
    Purpose.CHANGE_OLD: N_("to change your 2FA setting"),
    Purpose.CHANGE_NEW: N_("to confirm your new email address"),
    Purpose.DISABLE: N_("to turn off 2FA"),
    Purpose.LOGIN: N_("to log in"),
    Purpose.TEST: N_("to test your 2FA"),
    Purpose.MANAGER_ACTION: N_("to confirm an account manager action"),
    Purpose.IDENTITY: N_("to confirm your request to your account manager"),
    Purpose.RECOVERY_CODES: texts_recovery.MESSAGES["CODE_PURPOSE"],  # type: ignore[dict-item]
}


def _minutes(span: timedelta) -> int:
    return max(1, round(span.total_seconds() / 60))


def _purpose_words(purpose: Purpose, channel: Channel) -> str:
    if purpose is Purpose.CHANGE_NEW and channel is Channel.SMS:
        return _("to confirm your new number")
    return _(_PURPOSE_WORDS[purpose])


def code_subject(purpose: Purpose, channel: Channel = Channel.EMAIL) -> str:
    """Short enough for one header line (`Subject: ` and 69 characters): a longer one is folded onto the
    next line, and a mail reader then shows it starting with a space."""
    return _("Your code {purpose}").format(purpose=_purpose_words(purpose, channel))


def code_message(purpose: Purpose, code: str, lifetime: timedelta, channel: Channel = Channel.EMAIL) -> str:
    """Short: what the code is for, how long it lasts, and to ignore it if not requested."""
    minutes = _minutes(lifetime)
    return ngettext(
        "{code} is your {product} code {purpose}. Valid for {minutes} minute. "
        "If you did not ask for it, ignore this message.",
        "{code} is your {product} code {purpose}. Valid for {minutes} minutes. "
        "If you did not ask for it, ignore this message.",
        minutes,
    ).format(code=code, product=PRODUCT, purpose=_purpose_words(purpose, channel), minutes=minutes)


def _seconds_until(retry_at: datetime, now: datetime) -> int | None:
    """Whole seconds to wait when under two minutes (None: say the time instead)."""
    seconds = max(1, int((retry_at - now).total_seconds() + 0.999))
    return seconds if seconds < 120 else None


def refusal(reason: Refusal | None, retry_at: datetime | None, now: datetime) -> str:
    """Why no code was sent, and when to try again (later, in so many seconds, or after a time)."""
    wait = _seconds_until(retry_at, now) if retry_at else None
    if reason is Refusal.LOCKED:
        if retry_at is None:
            return _("Too many wrong codes were typed for this account. New codes are blocked until later.")
        return _(
            "Too many wrong codes were typed for this account. New codes are blocked until {time}."
        ).format(time=clock_time(retry_at))
    if reason is Refusal.COOLDOWN:
        if retry_at is None:
            return _("The code was sent a moment ago. You can ask for it again later.")
        if wait is None:
            return _("The code was sent a moment ago. You can ask for it again after {time}.").format(
                time=clock_time(retry_at)
            )
        return ngettext(
            "The code was sent a moment ago. You can ask for it again in {seconds} second.",
            "The code was sent a moment ago. You can ask for it again in {seconds} seconds.",
            wait,
        ).format(seconds=wait)
    if reason in (Refusal.USER_RATE, Refusal.DESTINATION_RATE):
        if retry_at is None:
            return _("Too many codes were sent in a short time. You can ask for a new one later.")
        if wait is None:
            return _(
                "Too many codes were sent in a short time. You can ask for a new one after {time}."
            ).format(time=clock_time(retry_at))
        return ngettext(
            "Too many codes were sent in a short time. You can ask for a new one in {seconds} second.",
            "Too many codes were sent in a short time. You can ask for a new one in {seconds} seconds.",
            wait,
        ).format(seconds=wait)
    if reason is Refusal.EXPIRED:
        return _("This code has expired. Ask for a new code.")
    return _("This code is no longer active.")


def code_wrong(left: int) -> str:
    """A wrong code, and how many tries are left."""
    return ngettext(
        "That code is not right. {left} try left.", "That code is not right. {left} tries left.", left
    ).format(left=left)
