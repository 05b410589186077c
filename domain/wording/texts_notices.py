"""The notices of a 2FA change and of a chat link moving, and how a 2FA setting is said in them (and in
the chat). Each notice speaks its addressee's language; `domain.wording.texts_twofa` re-exports them."""

from __future__ import annotations

from datetime import datetime

from domain.core.destinations import mask
from domain.core.model import Channel, TwoFactorSetting, User
from domain.wording.i18n import N_, _, calendar_date, clock_time, speaking


def notice_chat_moved(user: User, at: datetime, chat_label: str) -> tuple[str, str]:
    """Subject and body of the notice sent when an account's chat link moves to a new chat."""
    with speaking(getattr(user, "language", None)):
        return (
            _("Your 2FA assistant chat was linked to a new chat"),
            _(
                "Hello {name},\n\nOn {date} at {time} your account was linked to a new chat ({chat}). The chat "
                "linked before no longer acts for your account.\n\n"
                "If this was not you, contact support straight away and change your password."
            ).format(name=user.name, date=calendar_date(at), time=clock_time(at), chat=chat_label),
        )


def notice_chat_taken_over(user: User, at: datetime) -> tuple[str, str]:
    with speaking(getattr(user, "language", None)):
        return (
            _("A chat was unlinked from your account"),
            _(
                "Hello {name},\n\nOn {date} at {time} the chat that was linked to your account was linked to "
                "another account, so it no longer acts for yours.\n\nIf this was not you, contact support."
            ).format(name=user.name, date=calendar_date(at), time=clock_time(at)),
        )


_NOTICE_SUBJECTS = {
    "enabled": N_("Two-factor authentication was turned on"),
    "changed": N_("Your two-factor authentication setting was changed"),
    "disabled": N_("Two-factor authentication was turned off"),
}
_NOTICE_WHAT = {
    "enabled": N_(
        "On {date} at {time}, two-factor authentication (2FA) for your account was enabled {channel}."
    ),
    "changed": N_(
        "On {date} at {time}, two-factor authentication (2FA) for your account was changed {channel}."
    ),
    "disabled": N_(
        "On {date} at {time}, two-factor authentication (2FA) for your account was disabled {channel}."
    ),
}


def notice_two_factor(
    user: User, change: str, before: str, after: str, channel: str, at: datetime, extra: str = ""
) -> tuple[str, str]:
    """Subject and body of the notice every 2FA change sends to the registered email, in the user's
    language (`before`, `after`, `channel` and `extra` are given already worded)."""
    with speaking(getattr(user, "language", None)):
        lines = [
            _("Hello {name},").format(name=user.name),
            "",
            _(_NOTICE_WHAT[change]).format(date=calendar_date(at), time=clock_time(at), channel=channel),
            _("Before: {setting}").format(setting=before),
            _("Now: {setting}").format(setting=after),
            "",
            *([extra, ""] if extra else []),
            _("If this was you, there is nothing more to do."),
            _(
                "If it was not you, contact support straight away, change your password, and ask your account "
                "manager to check your account."
            ),
        ]
        return _(_NOTICE_SUBJECTS[change]), "\n".join(lines)


def setting_words(setting: TwoFactorSetting) -> str:
    """`SMS to +44 ••••••• 56`, `email to a•••@example.com` or `off`: never the full destination."""
    if setting.channel is None or setting.destination is None:
        return _("off")
    if setting.channel is Channel.APP:
        return _("codes from your authenticator app")
    if setting.channel is Channel.TELEGRAM:
        return _("sign-ins approved in your Telegram chat")
    if setting.channel is Channel.SMS:
        return _("SMS to {masked}").format(masked=mask(setting.channel, setting.destination))
    return _("email to {masked}").format(masked=mask(setting.channel, setting.destination))
