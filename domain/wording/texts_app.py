"""What the assistant says about the authenticator app (TOTP)."""

from __future__ import annotations

from domain.wording.i18n import N_, Catalogue, Message

BUTTON_APP: str
APP_SETUP: str
PURPOSE_ENABLE: str
PURPOSE_CHANGE: str
TYPE_APP_CODE: str
APP_PURPOSES: dict[str, str]
APP_REMINDER: str
APP_NO_RESEND: str
SECRET_DELETED: str
SECRET_NOT_KEPT: str
ENABLED_APP: str
CHANGED_APP: str
TEST_PASSED_APP: str

# The FAQ's personal answers for a user whose codes come from the app
FAQ_HOW: str
FAQ_CHANGE_ON: str
FAQ_DISABLE_ON: str
FAQ_CODE_NOT_RECEIVED_ON: str


_MESSAGES: dict[str, Message] = {
    "BUTTON_APP": N_("Authenticator app"),
    "APP_SETUP": N_(
        "Scan this QR code with your authenticator app (Google Authenticator, Microsoft Authenticator, "
        "1Password, Aegis…), or add the account by hand with this key:\n\n{key}\n\n"
        "Then type the 6-digit code the app shows to {purpose}. Until you do, nothing changes."
    ),
    "PURPOSE_ENABLE": N_("turn on 2FA"),
    "PURPOSE_CHANGE": N_("make it your new 2FA method"),
    "TYPE_APP_CODE": N_("Type the 6-digit code your authenticator app shows to {purpose}."),
    "APP_PURPOSES": {
        "change_old": N_("confirm it is you before the change"),
        "disable": N_("turn off 2FA"),
        "test": N_("check your 2FA works"),
    },
    "APP_REMINDER": N_("Please type the 6-digit code your authenticator app shows now, or tap Cancel."),
    "APP_NO_RESEND": N_(
        "Nothing is sent for the authenticator app: open it and type the 6-digit code it shows for this "
        "account (a new one every 30 seconds)."
    ),
    "SECRET_DELETED": N_("I deleted the message with the setup key from this chat: it is in your app now."),
    "SECRET_NOT_KEPT": N_(
        "(A message with an authenticator app's setup key is not sent twice. If you did not get it, "
        "tap Cancel and choose the app again.)"
    ),
    "ENABLED_APP": N_(
        "Done! 2FA is on. From now on, every login asks for the code your authenticator app shows."
    ),
    "CHANGED_APP": N_(
        "Done! Logins now ask for the code your authenticator app shows. We emailed a notice of the change "
        "to your registered address."
    ),
    "TEST_PASSED_APP": N_("Your 2FA works: the code from your authenticator app was right."),
    "FAQ_HOW": N_("your authenticator app"),
    "FAQ_CHANGE_ON": N_(
        "Your codes come from your authenticator app. To change that, tap Change: type the app's code first, "
        "then set up the new method. The app stays in force until the new method is confirmed."
    ),
    "FAQ_DISABLE_ON": N_(
        "You can turn 2FA off yourself: confirm, then type the code your authenticator app shows. Your login "
        "will then be protected by your password only."
    ),
    "FAQ_CODE_NOT_RECEIVED_ON": N_(
        "Your codes come from your authenticator app: nothing is sent. Open the app and type the code it shows "
        "for this account. If a code is refused, check that the phone sets its clock automatically; send "
        "/test to try one, or contact support."
    ),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
