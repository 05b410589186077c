"""What the assistant says about the authenticator app (TOTP)."""

from __future__ import annotations

BUTTON_APP = "Authenticator app"
APP_SETUP = (
    "Scan this QR code with your authenticator app (Google Authenticator, Microsoft Authenticator, "
    "1Password, Aegis…), or add the account by hand with this key:\n\n{key}\n\n"
    "Then type the 6-digit code the app shows to {purpose}. Until you do, nothing changes."
)
PURPOSE_ENABLE = "turn on 2FA"
PURPOSE_CHANGE = "make it your new 2FA method"
TYPE_APP_CODE = "Type the 6-digit code your authenticator app shows to {purpose}."
APP_PURPOSES = {
    "change_old": "confirm it is you before the change",
    "disable": "turn off 2FA",
    "test": "check your 2FA works",
}
APP_REMINDER = "Please type the 6-digit code your authenticator app shows now, or tap Cancel."
APP_NO_RESEND = (
    "Nothing is sent for the authenticator app: open it and type the 6-digit code it shows for this "
    "account (a new one every 30 seconds)."
)
SECRET_DELETED = "I deleted the message with the setup key from this chat: it is in your app now."
SECRET_NOT_KEPT = (
    "(A message with an authenticator app's setup key is not sent twice. If you did not get it, "
    "tap Cancel and choose the app again.)"
)
ENABLED_APP = "Done! 2FA is on. From now on, every login asks for the code your authenticator app shows."
CHANGED_APP = (
    "Done! Logins now ask for the code your authenticator app shows. We emailed a notice of the change "
    "to your registered address."
)
TEST_PASSED_APP = "Your 2FA works: the code from your authenticator app was right."

# The FAQ's personal answers for a user whose codes come from the app
FAQ_HOW = "your authenticator app"
FAQ_CHANGE_ON = (
    "Your codes come from your authenticator app. To change that, tap Change: type the app's code first, "
    "then set up the new method. The app stays in force until the new method is confirmed."
)
FAQ_DISABLE_ON = (
    "You can turn 2FA off yourself: confirm, then type the code your authenticator app shows. Your login "
    "will then be protected by your password only."
)
FAQ_CODE_NOT_RECEIVED_ON = (
    "Your codes come from your authenticator app: nothing is sent. Open the app and type the code it shows "
    "for this account. If a code is refused, check that the phone sets its clock automatically; send "
    "/test to try one, or contact support."
)
