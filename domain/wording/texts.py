"""Every sentence the assistant says, in English, in one place (front-ends only lay it out)."""

from __future__ import annotations

from domain.core.commands import COMMANDS
from domain.core.model import Contract, TwoFactorSetting, User
from domain.wording.i18n import N_, Catalogue, Message, _, calendar_date
from domain.wording.i18n import clock_time as clock_time  # texts.clock_time: read by the chat and sign-in
from domain.wording.texts_codes import PRODUCT as PRODUCT
from domain.wording.texts_codes import code_message as code_message
from domain.wording.texts_codes import code_subject as code_subject
from domain.wording.texts_codes import code_wrong as code_wrong
from domain.wording.texts_codes import refusal as refusal
from domain.wording.texts_destinations import shown_mask


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
ASK_LANGUAGE: str
LANGUAGE_SET: str
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


METHOD_WORDS: dict[str, str]  # as a sentence says them: "codes by SMS", "codes by email"


def status(user: User, contract: Contract | None, setting: TwoFactorSetting, masked: str | None) -> str:
    """The account, the contract and the 2FA state, destination masked."""
    lines = [
        _("Account: {name} ({email})").format(name=user.name, email=user.email),
        _("Contract: {name}").format(name=contract.name) if contract else _("Contract: unknown"),
        _("Role: account manager") if user.is_manager else _("Role: member"),
    ]
    if setting.enabled and masked:
        lines.append(_setting_line(setting, shown_mask(masked)))
        if setting.method.value == "telegram":  # nothing is sent: a tap in the linked chat
            lines.append(_("Every login asks you here to tap the number the login page shows."))
        else:
            lines.append(_("Every login asks for a code."))
    else:
        lines.append(_("2FA: off. Your login is protected by your password only."))
    return "\n".join(lines)


def _setting_line(setting: TwoFactorSetting, masked: str) -> str:
    """The status line of a 2FA that is on, with the day it was set up when known."""
    since = calendar_date(setting.verified_at) if setting.verified_at else None
    if setting.method.value in _TEXTS.table("METHOD_WORDS"):
        method = _TEXTS.table("METHOD_WORDS")[setting.method.value]
        if since is None:
            return _("2FA: on, codes by {method} to {masked}.").format(method=method, masked=masked)
        return _("2FA: on, codes by {method} to {masked} since {date}.").format(
            method=method, masked=masked, date=since
        )
    if setting.method.value == "telegram":
        if since is None:
            return _("2FA: on, sign-ins approved in {masked}.").format(masked=masked)
        return _("2FA: on, sign-ins approved in {masked} since {date}.").format(masked=masked, date=since)
    # the authenticator app: nothing is sent anywhere
    if since is None:
        return _("2FA: on, codes from your {masked}.").format(masked=masked)
    return _("2FA: on, codes from your {masked} since {date}.").format(masked=masked, date=since)


PRIVATE_CHAT_ONLY: str
BUTTON_OPEN_PRIVATE: str
NOT_YOUR_BUTTON: str

# The terminal chat, when a step failed on our side (its transaction rolled back: nothing was changed).
STEP_FAILED: str
# The Telegram bot, when a step failed (`bot.telegram`), and the terminal chat's last word.
SOMETHING_WENT_WRONG: str
GOODBYE: str


_MESSAGES: dict[str, Message] = {
    "ASK_LANGUAGE": N_("Which language should I speak?"),
    "LANGUAGE_SET": N_(
        "From now on I will speak {language} here, and your emails from us will be in {language} too."
    ),
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
    "SOMETHING_WENT_WRONG": N_(
        "Something went wrong on our side. Nothing was changed; please try again in a moment."
    ),
    "GOODBYE": N_("Goodbye."),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
