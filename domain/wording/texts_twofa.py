"""What the assistant says in the 2FA flows (enable, change, disable, test), about linking a chat, and
in the notices of a 2FA change."""

from __future__ import annotations

from domain.core.countries import country_name
from domain.wording import texts, texts_recovery, texts_steps
from domain.wording.i18n import N_, Catalogue, Message, _, translated
from domain.wording.texts_notices import notice_chat_moved as notice_chat_moved
from domain.wording.texts_notices import notice_chat_taken_over as notice_chat_taken_over
from domain.wording.texts_notices import notice_two_factor as notice_two_factor
from domain.wording.texts_notices import setting_words as setting_words

HELP_LINKED: str  # the same list linked or not: a command a chat cannot use yet says why

ASK_METHOD: str
ASK_NEW_METHOD: str
ASK_PHONE: str
ASK_EMAIL: str
PHONE_REFUSED: str
EMAIL_REFUSED: str


def sms_not_available(region: str) -> str:
    """A mobile number in a country SMS is not offered in yet: name it, and say what may be done instead
    (the buttons below are "Use email instead" and "Cancel", so no question is asked)."""
    return _(
        "Sorry, we cannot send SMS codes to numbers in {country} yet. You can type another mobile number, or "
        "get your codes by email, which works everywhere."
    ).format(country=country_name(region))


SAME_DESTINATION: str
ENABLE_CODE_SENT: str
CHANGE_OLD_SENT: str
CHANGE_NEW_SENT: str
CONFIRM_DISABLE: str
DISABLE_CODE_SENT: str
ENABLED: str
CHANGED: str
DISABLED: str
ALREADY_ON: str
ALREADY_OFF: str
ALREADY_OFF_CODES: str
LINK_FIRST: str
ABANDON: str
STAYING: str
STATE_CHANGED: str
OLD_UNREACHABLE: str
NEW_UNDELIVERED: dict[str, str]
NEW_UNDELIVERED_TAIL: str
DISABLE_PHRASES = ("do not activate protection", "dont activate protection", "don't activate protection")

_FLOW_NAMES = {
    "enable": N_("turning on 2FA"),
    "change": N_("changing your 2FA setting"),
    "disable": N_("turning off 2FA"),
    "start": N_("linking this chat"),
    "test": N_("testing your 2FA"),
    "manage": N_("an account manager action"),
    "request": N_("a request to your account manager"),
    "support": N_("writing to support"),
}
_NEXT_NAMES = {
    "enable": N_("turn on 2FA"),
    "change": N_("change your 2FA setting"),
    "disable": N_("turn off 2FA"),
    "start": N_("link this chat to an account"),
    "test": N_("test your 2FA"),
    "manage": N_("manage your contract"),
    "request": N_("ask your account manager"),
    "support": N_("write to support"),
}

FLOW_NAMES: dict[str, str]
NEXT_NAMES: dict[str, str]

BUTTON_ENABLE: str
BUTTON_CHANGE: str
BUTTON_DISABLE: str
BUTTON_SMS: str
BUTTON_EMAIL: str
BUTTON_USE_EMAIL: str
BUTTON_USE_SMS: str
BUTTON_CONFIRM_DISABLE: str
BUTTON_KEEP: str
BUTTON_SWITCH: str
BUTTON_STAY: str


CURRENT_UNDELIVERED: dict[str, str]
CURRENT_UNDELIVERED_TAIL: str
EARLIER_CODE_STANDS: str


_MESSAGES: dict[str, Message] = {
    "HELP_LINKED": lambda: texts.HELP,
    "FLOW_NAMES": lambda: {**translated(_FLOW_NAMES), **texts_recovery.FLOW_NAMES},
    "NEXT_NAMES": lambda: {**translated(_NEXT_NAMES), **texts_recovery.NEXT_NAMES},
    "ASK_METHOD": N_(
        "How would you like to get your codes: by SMS or email, or from an authenticator app on your phone? "
        "Or approve each sign-in right here in Telegram, by tapping the number the login page shows. "
        "Choose one (only one can be used at a time)."
    ),
    "ASK_NEW_METHOD": N_(
        "Thanks, that was the right code. Your current setting stays in force until the new one is confirmed.\n"
        "How would you like to receive codes from now on? You are on {current}."
    ),
    "ASK_PHONE": N_(
        "Please type the mobile number that should receive the codes, with the country code "
        "(for example +44 7400 123456)."
    ),
    "ASK_EMAIL": N_("Please type the email address that should receive the codes."),
    "PHONE_REFUSED": N_("Sorry, {why}. Please type a mobile number, or use email instead."),
    "EMAIL_REFUSED": N_("That email address cannot be used ({why}). Please type another one."),
    "SAME_DESTINATION": N_(
        "That is already where your codes go. Type a different one, or tap Cancel to keep it."
    ),
    "ENABLE_CODE_SENT": N_("We sent a code to {masked}. Type it here to turn on 2FA."),
    "CHANGE_OLD_SENT": N_(
        "To change your 2FA setting, first type the code we sent to your current {masked}."
    ),
    "CHANGE_NEW_SENT": N_(
        "We sent a code to {masked}. Type it here to confirm it as your new 2FA destination."
    ),
    "CONFIRM_DISABLE": N_(
        "Turning off 2FA means your login is protected by your password only. "
        "Do you want to turn it off? We will send a code to {masked} to confirm."
    ),
    "DISABLE_CODE_SENT": N_("Type the code we sent to {masked} to turn off 2FA."),
    "ENABLED": N_("Done! 2FA is on. From now on, every login asks for a code sent to {masked}."),
    "CHANGED": N_(
        "Done! Your codes now go to {masked}. We emailed a notice of the change to your registered address."
    ),
    "DISABLED": N_(
        "2FA is now off. We emailed a notice to your registered address. You can turn it on again with /enable."
    ),
    "ALREADY_ON": N_("2FA is already on: codes go by {setting}. You can change it or turn it off."),
    "ALREADY_OFF": N_("2FA is off, so there is nothing to {what}. You can turn it on."),
    "ALREADY_OFF_CODES": N_("2FA is off, so there are no recovery codes to make. You can turn it on."),
    "LINK_FIRST": N_("First, let's link this chat to your account: send /start."),
    "ABANDON": N_("We are in the middle of {current}. Stop that and {next} instead?"),
    "STAYING": N_("OK, let's carry on."),
    "STATE_CHANGED": N_(
        "Your 2FA setting changed while we were talking, so nothing was done. Here it is now:"
    ),
    "OLD_UNREACHABLE": N_(
        "We could not send a code to {masked}. If you no longer have access to it, your account manager can "
        "turn 2FA off for you; otherwise try again in a moment."
    ),
    "NEW_UNDELIVERED": {
        "invalid_destination": N_("The SMS provider says {masked} is not a valid mobile number."),
        "unreachable": N_("{masked} could not be reached."),
        "region_not_permitted": N_("We cannot send SMS to that country yet. Email works everywhere."),
        "unavailable": N_("We could not send a code to {masked} just now."),
    },
    "NEW_UNDELIVERED_TAIL": N_(
        "Nothing was saved. Type the number or address again to retry, or use the other method."
    ),
    "BUTTON_ENABLE": N_("Turn on 2FA"),
    "BUTTON_CHANGE": N_("Change number or email"),
    "BUTTON_DISABLE": N_("Turn off 2FA"),
    "BUTTON_SMS": N_("SMS"),
    "BUTTON_EMAIL": N_("Email"),
    "BUTTON_USE_EMAIL": N_("Use email instead"),
    "BUTTON_USE_SMS": N_("Use SMS instead"),
    "BUTTON_CONFIRM_DISABLE": N_("Yes, turn off 2FA"),
    "BUTTON_KEEP": N_("Keep 2FA on"),
    "BUTTON_SWITCH": N_("Yes, {next}"),
    "BUTTON_STAY": N_("No, carry on"),
    "CURRENT_UNDELIVERED": {
        "invalid_destination": N_(
            "The provider says {masked} is not a valid number or address any more, so no code could go there."
        ),
        "unreachable": N_("{masked} could not be reached."),
        "region_not_permitted": N_("We cannot send SMS to the country of {masked} any more."),
        "unavailable": N_("We could not send a code to {masked} just now."),
    },
    "CURRENT_UNDELIVERED_TAIL": N_(
        "Nothing was changed. Try again in a moment; if you no longer have access to it, your account manager "
        "can turn 2FA off for you, or write /support."
    ),
    "EARLIER_CODE_STANDS": N_("The code we sent before still works until it expires."),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken


_OFF_WHAT = {"change": N_("change"), "disable": N_("turn off"), "test": N_("test")}


def nothing_to(flow: str) -> str:
    """`ALREADY_OFF` for a flow that needs 2FA on ("change", "disable", "test"), in the step's language."""
    return _TEXTS.text("ALREADY_OFF").format(what=_(_OFF_WHAT[flow]))


def nothing_to_when_off(flow: str) -> str:
    """The shorter sentence a command gets while another flow waits (`domain.chat.flow_switch`)."""
    return texts_steps.NOTHING_TO_DO_WHEN_OFF.format(what=_(_OFF_WHAT[flow]))
