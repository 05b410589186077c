"""What the assistant says about approving sign-ins in the linked Telegram chat (number matching)."""

from __future__ import annotations

from domain.wording.i18n import N_, Catalogue, Message

BUTTON_TELEGRAM: str
BUTTON_CONFIRM: str
BUTTON_NOT_ME: str
BUTTON_CODE_INSTEAD: str

SET_UP: str
PURPOSE_ENABLE: str
PURPOSE_CHANGE: str
CONFIRM_HERE: str
PURPOSES: dict[str, str]
REMINDER: str
NO_RESEND: str
ENABLED: str
CHANGED: str
TEST_PASSED: str

QUESTION: str
APPROVED: str
DENIED_WRONG: str
DENIED_NOT_ME: str
EXPIRED: str
ALREADY: str
CODE_INSTEAD: str
CODE_INSTEAD_SHOWN: str

# The FAQ's personal answers for a user who approves sign-ins in Telegram
FAQ_HOW: str
FAQ_CODE_NOT_RECEIVED_ON: str
FAQ_CHANGE_ON: str
FAQ_DISABLE_ON: str
OTHER_CHAT: str
CODE_NOT_KEPT: str


_MESSAGES: dict[str, Message] = {
    "BUTTON_TELEGRAM": N_("Approve in Telegram"),
    "BUTTON_CONFIRM": N_("Confirm"),
    "BUTTON_NOT_ME": N_("This wasn't me"),
    "BUTTON_CODE_INSTEAD": N_("Send me a code instead"),
    "SET_UP": N_(
        "With this method, each sign-in asks you here: the login page shows a number, and you tap the same "
        "number in this chat. Nothing is sent by SMS or email.\n\nTap Confirm to {purpose} with this chat."
    ),
    "PURPOSE_ENABLE": N_("turn on 2FA"),
    "PURPOSE_CHANGE": N_("make it your new 2FA method"),
    "CONFIRM_HERE": N_("Tap Confirm to {purpose}."),
    "PURPOSES": {
        "change_old": N_("confirm it is you before the change"),
        "disable": N_("turn off 2FA"),
        "test": N_("check your 2FA works"),
    },
    "REMINDER": N_("Please tap Confirm, or Cancel."),
    "NO_RESEND": N_("Nothing is sent for this method: tap Confirm in this chat."),
    "ENABLED": N_(
        "Done! 2FA is on. From now on, every sign-in asks you in this chat to tap the number you see."
    ),
    "CHANGED": N_(
        "Done! Sign-ins are now approved in this chat. We emailed a notice of the change to your registered "
        "address."
    ),
    "TEST_PASSED": N_("Your 2FA works: sign-ins are approved in this chat."),
    "QUESTION": N_("Sign-in to {service} from {where} at {time}.\n\nWhich number does your screen show?"),
    "APPROVED": N_("✅ Sign-in approved: {service} from {where} at {time}."),
    "DENIED_WRONG": N_(
        "❌ Sign-in refused: that was not the number on the screen. If it was you, start the sign-in again; "
        "if not, your password may be known to someone: change it."
    ),
    "DENIED_NOT_ME": N_("❌ Sign-in refused: {service} from {where} at {time}."),
    "EXPIRED": N_(
        "⌛ This sign-in request expired ({service} from {where} at {time}); nothing was approved."
    ),
    "ALREADY": N_("This sign-in was already answered."),
    "CODE_INSTEAD": N_(
        "Your sign-in code for {service} is {code}. Type it on the login page; it works once, until {until}. "
        "Nobody from us will ever ask you for it."
    ),
    "CODE_INSTEAD_SHOWN": N_("🔢 You asked for a code to type on the login page instead (sent below)."),
    "FAQ_HOW": N_("this Telegram chat (you tap the number the login page shows)"),
    "FAQ_CHANGE_ON": N_(
        "Your sign-ins are approved in this chat. To change that, tap Change: confirm here first, then set "
        "up the new method. Approval here stays in force until the new method is confirmed."
    ),
    "FAQ_DISABLE_ON": N_(
        "You can turn 2FA off yourself: tap Turn off 2FA, then Confirm in this chat. Your login will then "
        "be protected by your password only."
    ),
    "FAQ_CODE_NOT_RECEIVED_ON": N_(
        "Your sign-ins are approved in this chat: nothing is sent by SMS or email. When you sign in, a "
        'question appears here; tap the number the login page shows, or "Send me a code instead". If no '
        "question arrives, check that you have not blocked the bot; send /test to try, or contact support."
    ),
    "OTHER_CHAT": N_(
        "Your sign-ins are approved in another Telegram chat: please do this from that chat (or contact "
        "support if you no longer have it)."
    ),
    "CODE_NOT_KEPT": N_(
        '(A sign-in code is not sent twice. If you did not get it, tap "Send me a code instead" again.)'
    ),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
