"""What recovery codes say: the set shown once, the status line, and the notices of a new set and of a use.

Kept apart from `domain.texts` so the recovery-code sentences live in one place; the codes themselves
appear only in `codes_shown`, the one message a person reads them from, and never in a notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.core.model import User
from domain.wording.i18n import N_, Catalogue, Message, _, calendar_date, clock_time, ngettext, speaking

FEW_LEFT = 2  # at or below this, the status line and the notice of a use say to make a new set


def _left(remaining: int) -> str:
    if remaining == 0:
        return _("You have no recovery codes left.")
    return ngettext(
        "You have {count} recovery code left.", "You have {count} recovery codes left.", remaining
    ).format(count=remaining)


def _few_left_advice(remaining: int) -> str:
    """The warning once two or fewer remain (empty above that)."""
    if remaining > FEW_LEFT:
        return ""
    return _("Two or fewer remain: make a new set in your 2FA assistant chat while you can still sign in.")


def codes_shown(codes: Sequence[str]) -> str:
    """The new set, in the one message that shows it (it is not shown again)."""
    lines = "\n".join(f"{number:>2}. {code}" for number, code in enumerate(codes, start=1))
    return _(
        "Your recovery codes. Each one works once, in place of a code, if you ever lose your phone or your "
        "2FA email:\n\n{codes}\n\nKeep them somewhere safe, such as a password manager. They are shown only "
        "this once; any earlier set no longer works."
    ).format(codes=lines)


def remaining_line(remaining: int) -> str:
    """The status line's recovery-code part."""
    advice = _few_left_advice(remaining)
    return _left(remaining) + (f" {advice}" if advice else "")


def notice_codes_replaced(user: User, at: datetime) -> tuple[str, str]:
    """Sent when a new set replaces an earlier one (turning 2FA on is told by its own notice)."""
    with speaking(getattr(user, "language", None)):
        return (
            _("New recovery codes were made for your account"),
            _(
                "Hello {name},\n\nOn {date} at {time} a new set of recovery codes was made for your account. "
                "The codes you had before no longer work.\n\nIf this was not you, contact support straight "
                "away and change your password."
            ).format(name=user.name, date=calendar_date(at), time=clock_time(at)),
        )


def notice_code_used(user: User, at: datetime, remaining: int, at_sign_in: bool) -> tuple[str, str]:
    """Sent at every use of a recovery code, saying how many remain (and to renew them when few do)."""
    with speaking(getattr(user, "language", None)):
        if at_sign_in:
            used = _(
                "Hello {name},\n\nOn {date} at {time} one of your recovery codes was used to sign in. That "
                "code no longer works. {left}"
            )
        else:
            used = _(
                "Hello {name},\n\nOn {date} at {time} one of your recovery codes was used in your 2FA "
                "assistant chat. That code no longer works. {left}"
            )
        advice = _few_left_advice(remaining)
        return (
            _("A recovery code was used on your account"),
            used.format(name=user.name, date=calendar_date(at), time=clock_time(at), left=_left(remaining))
            + "\n\n"
            + (f"{advice}\n\n" if advice else "")
            + _(
                "If this was not you, contact support straight away, change your password, and ask your "
                "account manager to check your account."
            ),
        )


# The chat: buttons, the flows' names, and what each step says ------------------------------------------

BUTTON_NEW_CODES: str
BUTTON_GET_CODES: str  # when the person has none (never made, or all used)
BUTTON_USE_CODE: str
BUTTON_CHANGE_METHOD: str
BUTTON_TURN_OFF: str
CODE_PURPOSE: str  # in the code's SMS or email: "Your code to make ..."
FLOW_NAMES: dict[str, str]
NEXT_NAMES: dict[str, str]

NEW_CODES_SENT: str
NEW_CODES_VERIFIED: str
CODES_NOT_MADE: str
NOT_KEPT: str
OFF_NOTHING_TO_RECOVER: str
ASK_RECOVERY_CODE: str
NONE_LEFT: str
CODE_WRONG: str
RECOVERED: str
CHOICE_AGAIN: str
CHOOSE_NEW_METHOD: str
CHOICE_TOO_LATE: str
NOTICE_BY_RECOVERY_CODE: str
FAQ_LOST_OFFER: str


def status_line(remaining: int) -> str:
    """The /status line about recovery codes while 2FA is on (none: the button gets a set)."""
    if remaining == 0:
        return _("Recovery codes: none. Get a set, for the day you lose your phone or 2FA email.")
    return remaining_line(remaining)


MESSAGES: dict[str, Message] = {  # read by texts.py for a code's purpose
    "BUTTON_NEW_CODES": N_("New recovery codes"),
    "BUTTON_GET_CODES": N_("Get recovery codes"),
    "BUTTON_USE_CODE": N_("Use a recovery code"),
    "BUTTON_CHANGE_METHOD": N_("Change my 2FA method"),
    "BUTTON_TURN_OFF": N_("Turn off 2FA"),
    "CODE_PURPOSE": N_("to make new recovery codes"),
    "FLOW_NAMES": {"newcodes": N_("making new recovery codes"), "lost": N_("using a recovery code")},
    "NEXT_NAMES": {"newcodes": N_("make new recovery codes"), "lost": N_("use a recovery code")},
    "NEW_CODES_SENT": N_(
        "To make new recovery codes, type the code we sent to {masked}. The codes you have keep working "
        "until then."
    ),
    "NEW_CODES_VERIFIED": N_("That was the right code."),
    "CODES_NOT_MADE": N_(
        "Your recovery codes could not be made just now (your 2FA setting is as it was, and any codes you "
        "had still work). Tap the button to try again."
    ),
    "NOT_KEPT": N_(
        "(Recovery codes are shown only once and are never sent again. If you did not see them, send "
        "/newcodes for a new set.)"
    ),
    "OFF_NOTHING_TO_RECOVER": N_(
        "2FA is off, so your password alone signs you in: there is nothing to use a recovery code for."
    ),
    "ASK_RECOVERY_CODE": N_(
        "Type one of your recovery codes (8 letters and digits, like XXXX-XXXX). Each one works once. "
        "Or tap Cancel."
    ),
    "NONE_LEFT": N_(
        "You have no recovery codes to use. Your account manager can turn 2FA off for you; then set it up "
        "again with a number or address you keep. I can send them the request."
    ),
    "CODE_WRONG": N_(
        "That is not one of your unused recovery codes. Check it and type it again, or tap Cancel. Wrong "
        "recovery codes count toward the same limit as wrong one-time codes."
    ),
    "RECOVERED": N_(
        "That recovery code was right; it is now used up. {left}\n\nWhat would you like to do? Change your 2FA "
        "method (the current one stays in force until the new one is confirmed), or turn 2FA off."
    ),
    "CHOICE_AGAIN": N_(
        "What would you like to do with your recovery code: change your 2FA method, or turn 2FA off?"
    ),
    "CHOOSE_NEW_METHOD": N_(
        "How would you like to get your codes from now on? Your current setting stays in force until the new "
        "one is confirmed."
    ),
    "CHOICE_TOO_LATE": N_(
        "That recovery code was used more than 15 minutes ago, so nothing was changed. Send /lost to use "
        "another one."
    ),
    "NOTICE_BY_RECOVERY_CODE": N_(
        "This was done with a recovery code, in place of a code to the previous method."
    ),
    "FAQ_LOST_OFFER": N_(
        " If you kept the recovery codes you got when you turned on 2FA, you can use one here instead, to "
        "change your method or turn 2FA off yourself."
    ),
}
_TEXTS: Catalogue = Catalogue(__name__, MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
