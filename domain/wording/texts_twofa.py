"""What the assistant says in the 2FA flows (enable, change, disable, test), about linking a chat, and
in the notices of a 2FA change."""

from __future__ import annotations

from datetime import datetime

from domain.core.countries import country_name
from domain.core.model import User
from domain.wording import texts_recovery
from domain.wording.texts import HELP


def notice_chat_moved(user: User, at: datetime, chat_label: str) -> tuple[str, str]:
    """Subject and body of the notice sent when an account's chat link moves to a new chat."""
    return (
        "Your 2FA assistant chat was linked to a new chat",
        f"Hello {user.name},\n\nOn {at:%Y-%m-%d at %H:%M UTC} your account was linked to a new chat "
        f"({chat_label}). The chat linked before no longer acts for your account.\n\n"
        "If this was not you, contact support straight away and change your password.",
    )


def notice_chat_taken_over(user: User, at: datetime) -> tuple[str, str]:
    return (
        "A chat was unlinked from your account",
        f"Hello {user.name},\n\nOn {at:%Y-%m-%d at %H:%M UTC} the chat that was linked to your account was "
        "linked to another account, so it no longer acts for yours.\n\n"
        "If this was not you, contact support.",
    )


def notice_two_factor(
    user: User, change: str, before: str, after: str, channel: str, at: datetime, extra: str = ""
) -> tuple[str, str]:
    """Subject and body of the notice every 2FA change sends to the registered email."""
    subjects = {
        "enabled": "Two-factor authentication was turned on",
        "changed": "Your two-factor authentication setting was changed",
        "disabled": "Two-factor authentication was turned off",
    }
    lines = [
        f"Hello {user.name},",
        "",
        f"On {at:%Y-%m-%d at %H:%M UTC}, two-factor authentication (2FA) for your account was {change} "
        f"{channel}.",
        f"Before: {before}",
        f"Now: {after}",
        "",
        *([extra, ""] if extra else []),
        "If this was you, there is nothing more to do.",
        "If it was not you, contact support straight away, change your password, and ask your account "
        "manager to check your account.",
    ]
    return subjects[change], "\n".join(lines)


HELP_LINKED = HELP  # the same list linked or not: a command a chat cannot use yet says why

ASK_METHOD = (
    "How would you like to get your codes: by SMS or email, or from an authenticator app on your phone? "
    "Or approve each sign-in right here in Telegram, by tapping the number the login page shows. "
    "Choose one (only one can be used at a time)."
)
ASK_NEW_METHOD = (
    "Thanks, that was the right code. Your current setting stays in force until the new one is confirmed.\n"
    "How would you like to receive codes from now on? You are on {current}."
)
ASK_PHONE = (
    "Please type the mobile number that should receive the codes, with the country code "
    "(for example +44 7400 123456)."
)
ASK_EMAIL = "Please type the email address that should receive the codes."
PHONE_REFUSED = "Sorry, {why}. Please type a mobile number, or use email instead."
EMAIL_REFUSED = "That email address cannot be used ({why}). Please type another one."


def sms_not_available(region: str) -> str:
    """A mobile number in a country SMS is not offered in yet: name it, and say what may be done instead
    (the buttons below are "Use email instead" and "Cancel", so no question is asked)."""
    return (
        f"Sorry, we cannot send SMS codes to numbers in {country_name(region)} yet. You can type another "
        "mobile number, or get your codes by email, which works everywhere."
    )


SAME_DESTINATION = "That is already where your codes go. Type a different one, or tap Cancel to keep it."
ENABLE_CODE_SENT = "We sent a code to {masked}. Type it here to turn on 2FA."
CHANGE_OLD_SENT = "To change your 2FA setting, first type the code we sent to your current {masked}."
CHANGE_NEW_SENT = "We sent a code to {masked}. Type it here to confirm it as your new 2FA destination."
CONFIRM_DISABLE = (
    "Turning off 2FA means your login is protected by your password only. "
    "Do you want to turn it off? We will send a code to {masked} to confirm."
)
DISABLE_CODE_SENT = "Type the code we sent to {masked} to turn off 2FA."
ENABLED = "Done! 2FA is on. From now on, every login asks for a code sent to {masked}."
CHANGED = "Done! Your codes now go to {masked}. We emailed a notice of the change to your registered address."
DISABLED = (
    "2FA is now off. We emailed a notice to your registered address. You can turn it on again with /enable."
)
ALREADY_ON = "2FA is already on: codes go by {setting}. You can change it or turn it off."
ALREADY_OFF = "2FA is off, so there is nothing to {what}. You can turn it on."
LINK_FIRST = "First, let's link this chat to your account: send /start."
ABANDON = "We are in the middle of {current}. Stop that and {next} instead?"
STAYING = "OK, let's carry on."
STATE_CHANGED = "Your 2FA setting changed while we were talking, so nothing was done. Here it is now:"
OLD_UNREACHABLE = (
    "We could not send a code to {masked}. If you no longer have access to it, your account manager can "
    "turn 2FA off for you; otherwise try again in a moment."
)
NEW_UNDELIVERED = {
    "invalid_destination": "The SMS provider says {masked} is not a valid mobile number.",
    "unreachable": "{masked} could not be reached.",
    "region_not_permitted": "We cannot send SMS to that country yet. Email works everywhere.",
    "unavailable": "We could not send a code to {masked} just now.",
}
NEW_UNDELIVERED_TAIL = (
    "Nothing was saved. Type the number or address again to retry, or use the other method."
)
DISABLE_PHRASES = ("do not activate protection", "dont activate protection", "don't activate protection")

FLOW_NAMES = {
    "enable": "turning on 2FA",
    "change": "changing your 2FA setting",
    "disable": "turning off 2FA",
    "start": "linking this chat",
    "test": "testing your 2FA",
    "manage": "an account manager action",
    "request": "a request to your account manager",
    "support": "writing to support",
    **texts_recovery.FLOW_NAMES,
}
NEXT_NAMES = {
    "enable": "turn on 2FA",
    "change": "change your 2FA setting",
    "disable": "turn off 2FA",
    "start": "link this chat to an account",
    "test": "test your 2FA",
    "manage": "manage your contract",
    "request": "ask your account manager",
    "support": "write to support",
    **texts_recovery.NEXT_NAMES,
}

BUTTON_ENABLE = "Turn on 2FA"
BUTTON_CHANGE = "Change number or email"
BUTTON_DISABLE = "Turn off 2FA"
BUTTON_SMS = "SMS"
BUTTON_EMAIL = "Email"
BUTTON_USE_EMAIL = "Use email instead"
BUTTON_USE_SMS = "Use SMS instead"
BUTTON_CONFIRM_DISABLE = "Yes, turn off 2FA"
BUTTON_KEEP = "Keep 2FA on"
BUTTON_SWITCH = "Yes, {next}"
BUTTON_STAY = "No, carry on"


CURRENT_UNDELIVERED = {  # a code to a destination already on the account (registered or 2FA)
    "invalid_destination": "The provider says {masked} is not a valid number or address any more, so no code "
    "could go there.",
    "unreachable": "{masked} could not be reached.",
    "region_not_permitted": "We cannot send SMS to the country of {masked} any more.",
    "unavailable": "We could not send a code to {masked} just now.",
}
CURRENT_UNDELIVERED_TAIL = (
    "Nothing was changed. Try again in a moment; if you no longer have access to it, your account manager "
    "can turn 2FA off for you, or write /support."
)
EARLIER_CODE_STANDS = "The code we sent before still works until it expires."
