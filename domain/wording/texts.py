"""Every sentence the assistant says, in English, in one place (front-ends only lay it out)."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.core.challenge import Purpose
from domain.core.commands import COMMANDS
from domain.core.model import Channel, Contract, TwoFactorSetting, User
from domain.core.policy import Refusal
from domain.wording import texts_recovery
from domain.wording.i18n import N_, Catalogue, Message, _

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


def _minutes(span: timedelta) -> str:
    minutes = max(1, round(span.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _purpose_words(purpose: Purpose, channel: Channel) -> str:
    if purpose is Purpose.CHANGE_NEW and channel is Channel.SMS:
        return _("to confirm your new number")
    return _(_PURPOSE_WORDS[purpose])


def code_subject(purpose: Purpose, channel: Channel = Channel.EMAIL) -> str:
    """Short enough for one header line (`Subject: ` and 69 characters): a longer one is folded onto the
    next line, and a mail reader then shows it starting with a space."""
    return f"Your code {_purpose_words(purpose, channel)}"


def code_message(purpose: Purpose, code: str, lifetime: timedelta, channel: Channel = Channel.EMAIL) -> str:
    """Short: what the code is for, how long it lasts, and to ignore it if not requested."""
    return (
        f"{code} is your {PRODUCT} code {_purpose_words(purpose, channel)}. "
        f"Valid for {_minutes(lifetime)}. If you did not ask for it, ignore this message."
    )


def clock_time(at: datetime) -> str:
    return at.strftime("%H:%M UTC")


def wait_words(retry_at: datetime, now: datetime) -> str:
    seconds = max(1, int((retry_at - now).total_seconds() + 0.999))
    if seconds < 120:
        return f"in {seconds} second{'s' if seconds != 1 else ''}"
    return f"after {clock_time(retry_at)}"


def refusal(reason: Refusal | None, retry_at: datetime | None, now: datetime) -> str:
    """Why no code was sent, and when to try again."""
    when = wait_words(retry_at, now) if retry_at else "later"
    if reason is Refusal.LOCKED:
        return f"Too many wrong codes were typed for this account. New codes are blocked until {clock_time(retry_at) if retry_at else 'later'}."
    if reason is Refusal.COOLDOWN:
        return f"The code was sent a moment ago. You can ask for it again {when}."
    if reason in (Refusal.USER_RATE, Refusal.DESTINATION_RATE):
        return f"Too many codes were sent in a short time. You can ask for a new one {when}."
    if reason is Refusal.EXPIRED:
        return "This code has expired. Ask for a new code."
    return "This code is no longer active."


def _help() -> str:
    """Every command, from the list Telegram's command menu is set from too."""
    return "\n".join(
        (
            _(
                "I help you protect your login with a one-time code by SMS, by email or from an authenticator "
                "app, or by approving sign-ins here (two-factor authentication, 2FA)."
            ),
            *(f"/{command.name} – {_(command.description)}" for command in COMMANDS),
            _("You can also just ask a question about 2FA in your own words."),
        )
    )


HELP: str
INTRO: str
ASK_EMAIL_AGAIN: str
LINK_CODE_SENT: str
NOT_AN_EMAIL: str
LINK_SECOND_SENT: str
LINKED: str
ALREADY_LINKED: str
NOT_LINKED: str
LINK_TOKEN_BAD: str
CODE_REMINDER: str
CODE_WRONG: str
CODE_KILLED: str
CODE_NOT_ACTIVE: str
CODE_EXPIRED: str
CODE_EXPIRED_TYPE_AGAIN: str
WHAT_PHONE: str
WHAT_EMAIL: str
CODE_RESENT: str
CODE_NEW_SENT: str
CODE_UNDELIVERED: str
WELCOME_BACK: str
CANCELLED: str
NOTHING_TO_CANCEL: str
STALE_BUTTON: str
NOT_UNDERSTOOD: str
UNKNOWN_COMMAND: str
CONTINUE_LINKING: str

BUTTON_RESEND: str
BUTTON_NEW_CODE: str
BUTTON_CANCEL: str
BUTTON_STATUS: str
BUTTON_HELP: str
BUTTON_LINK: str


def tries(left: int) -> str:
    return "try" if left == 1 else "tries"


METHOD_WORDS: dict[str, str]  # as a sentence says them: "codes by SMS", "codes by email"


def status(user: User, contract: Contract | None, setting: TwoFactorSetting, masked: str | None) -> str:
    """The account, the contract and the 2FA state, destination masked."""
    lines = [
        f"Account: {user.name} ({user.email})",
        f"Contract: {contract.name if contract else 'unknown'}",
        f"Role: {'account manager' if user.is_manager else 'member'}",
    ]
    if setting.enabled and masked:
        since = f" since {setting.verified_at:%Y-%m-%d}" if setting.verified_at else ""
        if setting.method.value in _TEXTS.table("METHOD_WORDS"):
            lines.append(
                f"2FA: on, codes by {_TEXTS('METHOD_WORDS')[setting.method.value]} to {masked}{since}."
            )
        elif setting.method.value == "telegram":  # nothing is sent: a tap in the linked chat
            lines.append(f"2FA: on, sign-ins approved in {masked}{since}.")
            lines.append("Every login asks you here to tap the number the login page shows.")
            return "\n".join(lines)
        else:  # the authenticator app: nothing is sent anywhere
            lines.append(f"2FA: on, codes from your {masked}{since}.")
        lines.append("Every login asks for a code.")
    else:
        lines.append("2FA: off. Your login is protected by your password only.")
    return "\n".join(lines)


PRIVATE_CHAT_ONLY: str
BUTTON_OPEN_PRIVATE: str
NOT_YOUR_BUTTON: str

# The terminal chat, when a step failed on our side (its transaction rolled back: nothing was changed).
STEP_FAILED: str


_MESSAGES: dict[str, Message] = {
    "HELP": _help,
    "INTRO": N_(
        "Hello! I am twofa-assistant. I help you set up and manage two-factor authentication (2FA) for your "
        "account.\nFirst, let's link this chat to your account. What is your account email address?"
    ),
    "CONTINUE_LINKING": lambda: _("We are linking this chat.") + " " + _TEXTS.text("CODE_REMINDER"),
    "ASK_EMAIL_AGAIN": N_("Which email address is registered for your account?"),
    "LINK_CODE_SENT": N_(
        "If {email} belongs to an account, we sent it a code. Type the code here to link this chat."
    ),
    "NOT_AN_EMAIL": N_(
        "That does not look like an email address ({why}). Please type the address you log in with."
    ),
    "LINK_SECOND_SENT": N_(
        "Thanks. Your account has 2FA on, so we also sent a code to {masked}. Type it here."
    ),
    "LINKED": N_("Done! This chat is now linked to {name}'s account."),
    "ALREADY_LINKED": N_("This chat is linked to {name}'s account."),
    "NOT_LINKED": N_("This chat is not linked to an account yet. Send /start to link it."),
    "LINK_TOKEN_BAD": N_(
        "This link has expired or was already used. Send /start to link with your email instead."
    ),
    "CODE_REMINDER": N_("Please type the {digits}-digit code we sent to {masked}, or tap Resend or Cancel."),
    "CODE_WRONG": N_("That code is not right. {left} {tries} left."),
    "CODE_KILLED": N_(
        "Too many wrong codes. That code no longer works and nothing was changed; you can start again."
    ),
    "CODE_NOT_ACTIVE": N_("That code is no longer active and nothing was changed; you can start again."),
    "CODE_EXPIRED": N_("That code has expired. Tap New code to get another one."),
    "CODE_EXPIRED_TYPE_AGAIN": N_(
        "That code has expired, and we do not keep the {what} it went to once a code is of no more use. "
        "Please type the {what} again and I will send a new code."
    ),
    "WHAT_PHONE": N_("mobile number"),
    "WHAT_EMAIL": N_("email address"),
    "CODE_RESENT": N_("We sent the code again to {masked}. It is still valid until {until}."),
    "CODE_NEW_SENT": N_("We sent a new code to {masked}."),
    "CODE_UNDELIVERED": N_("We could not send a code to {masked} just now. Please try again in a moment."),
    "WELCOME_BACK": N_("Welcome back. We were in the middle of something:"),
    "CANCELLED": N_("Cancelled. Nothing was changed."),
    "NOTHING_TO_CANCEL": N_("There is nothing to cancel. Send /help to see what I can do."),
    "STALE_BUTTON": N_("That button belongs to an earlier step. Here is where we are now:"),
    "NOT_UNDERSTOOD": N_("Sorry, I did not understand that. Here is what I can do:"),
    "UNKNOWN_COMMAND": N_("I do not know the command /{name}."),
    "BUTTON_RESEND": N_("Resend code"),
    "BUTTON_NEW_CODE": N_("New code"),
    "BUTTON_CANCEL": N_("Cancel"),
    "BUTTON_STATUS": N_("My 2FA status"),
    "BUTTON_HELP": N_("Help"),
    "BUTTON_LINK": N_("Link this chat"),
    "METHOD_WORDS": {"sms": N_("SMS"), "email": N_("email")},
    "PRIVATE_CHAT_ONLY": N_(
        "I only act for an account in a private chat with its owner, so nothing said in a group or channel "
        "reaches anyone's account or 2FA. Open a private chat with me to link your account or change your 2FA."
    ),
    "BUTTON_OPEN_PRIVATE": N_("Open a private chat"),
    "NOT_YOUR_BUTTON": N_("This button is not for you."),
    "STEP_FAILED": N_("Something went wrong on our side; nothing you typed was lost, please try again."),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
