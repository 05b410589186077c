"""What the assistant says about approving sign-ins in the linked Telegram chat (number matching)."""

from __future__ import annotations

BUTTON_TELEGRAM = "Approve in Telegram"
BUTTON_CONFIRM = "Confirm"
BUTTON_NOT_ME = "This wasn't me"
BUTTON_CODE_INSTEAD = "Send me a code instead"

SET_UP = (
    "With this method, each sign-in asks you here: the login page shows a number, and you tap the same "
    "number in this chat. Nothing is sent by SMS or email.\n\nTap Confirm to {purpose} with this chat."
)
PURPOSE_ENABLE = "turn on 2FA"
PURPOSE_CHANGE = "make it your new 2FA method"
CONFIRM_HERE = "Tap Confirm to {purpose}."
PURPOSES = {
    "change_old": "confirm it is you before the change",
    "disable": "turn off 2FA",
    "test": "check your 2FA works",
}
REMINDER = "Please tap Confirm, or Cancel."
NO_RESEND = "Nothing is sent for this method: tap Confirm in this chat."
ENABLED = "Done! 2FA is on. From now on, every sign-in asks you in this chat to tap the number you see."
CHANGED = (
    "Done! Sign-ins are now approved in this chat. We emailed a notice of the change to your registered "
    "address."
)
TEST_PASSED = "Your 2FA works: sign-ins are approved in this chat."

QUESTION = "Sign-in to {service} from {where} at {time}.\n\nWhich number does your screen show?"
APPROVED = "✅ Sign-in approved: {service} from {where} at {time}."
DENIED_WRONG = (
    "❌ Sign-in refused: that was not the number on the screen. If it was you, start the sign-in again; "
    "if not, your password may be known to someone: change it."
)
DENIED_NOT_ME = "❌ Sign-in refused: {service} from {where} at {time}."
EXPIRED = "⌛ This sign-in request expired ({service} from {where} at {time}); nothing was approved."
ALREADY = "This sign-in was already answered."
CODE_INSTEAD = (
    "Your sign-in code for {service} is {code}. Type it on the login page; it works once, until {until}. "
    "Nobody from us will ever ask you for it."
)
CODE_INSTEAD_SHOWN = "🔢 You asked for a code to type on the login page instead (sent below)."

# The FAQ's personal answers for a user who approves sign-ins in Telegram
FAQ_HOW = "this Telegram chat (you tap the number the login page shows)"
FAQ_CODE_NOT_RECEIVED_ON = (
    "Your sign-ins are approved in this chat: nothing is sent by SMS or email. When you sign in, a "
    'question appears here; tap the number the login page shows, or "Send me a code instead". If no '
    "question arrives, check that you have not blocked the bot; send /test to try, or contact support."
)
OTHER_CHAT = (
    "Your sign-ins are approved in another Telegram chat: please do this from that chat (or contact "
    "support if you no longer have it)."
)
CODE_NOT_KEPT = (
    '(A sign-in code is not sent twice. If you did not get it, tap "Send me a code instead" again.)'
)
