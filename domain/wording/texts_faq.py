"""The FAQ's answers, and what the assistant says about support tickets."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.core.model import SupportTicket
from domain.wording.i18n import N_, Catalogue, Message, _, calendar_date, clock_time, ngettext

FAQ_SETUP: str
FAQ_SETUP_ON: str
FAQ_METHODS: str
FAQ_YOU_USE: str
FAQ_SMS_AVAILABILITY: str
FAQ_PER_USER: str
FAQ_PER_USER_MANAGER: str
FAQ_CHANGE: str
FAQ_CHANGE_ON: str
FAQ_CHANGE_OFF: str
FAQ_DISABLE: str
FAQ_DISABLE_ON: str
FAQ_DISABLE_OFF: str
FAQ_DISABLE_OTHERS: str
FAQ_DISABLE_OTHERS_MANAGER: str
FAQ_LOST_ACCESS: str
FAQ_NOTIFICATIONS: str
FAQ_HOW_IT_WORKS: str
FAQ_CODES_TOO_OFTEN: str
FAQ_NOT_PROMPTED: str
FAQ_CODE_NOT_RECEIVED: str
FAQ_CODE_NOT_RECEIVED_ON: str
FAQ_CODE_PENDING: str
FAQ_STATUS: str
FAQ_NONE: str
NO_CODE_EXPECTED: str
FAQ_LINK_FIRST: str
LINK_ASK_EMAIL: str
MEANWHILE: str
SUPPORT_ASK: str
SUPPORT_OPENED: str
SUPPORT_OPENED_ANONYMOUS: str
SUPPORT_EMPTY: str


def codes_go(method: str, where: str) -> str:
    """How an answer says where codes go: "SMS at +44 ••••••• 89", "email at al•••e@example.com"."""
    if method == "sms":
        return _("SMS at {where}").format(where=where)
    return _("email at {where}").format(where=where)


def support_limited(number: int | None, per_chat: int, window: timedelta, again: datetime) -> str:
    """Over the per-chat ticket limit: what they already have, and when they may open another."""
    minutes = max(1, round(window.total_seconds() / 60))
    if minutes == 60:
        span = _("hour")
    elif minutes % 60 == 0:
        span = ngettext("{count} hour", "{count} hours", minutes // 60).format(count=minutes // 60)
    else:
        span = ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)
    return ngettext(
        "Thank you, our support team already has your ticket #{number} and will get back to you. To keep the "
        "queue fair, a chat can open {count} ticket per {span}, so you can open another after {time}.",
        "Thank you, our support team already has your ticket #{number} and will get back to you. To keep the "
        "queue fair, a chat can open {count} tickets per {span}, so you can open another after {time}.",
        per_chat,
    ).format(number=number, count=per_chat, span=span, time=clock_time(again))


def ticket_body(ticket: SupportTicket) -> str:
    return _(
        "Support ticket #{number} opened {date} {time} from the assistant chat.\n\n"
        "The user wrote: {description}\n\n{context}"
    ).format(
        number=ticket.id,
        date=calendar_date(ticket.created_at),
        time=clock_time(ticket.created_at),
        description=ticket.description,
        context=ticket.context,
    )


_MESSAGES: dict[str, Message] = {
    "FAQ_SETUP": N_(
        "Setting up 2FA takes a minute: choose SMS or email, add your number or address, and confirm it with "
        "the code we send (or choose an authenticator app, scan the QR code and type the code it shows). From "
        "then on, every login asks for a code. (In the web app: My profile > Two-Factor Authentication.)"
    ),
    "FAQ_SETUP_ON": N_("2FA is already on for you: codes go by {how}. You can change it or turn it off."),
    "FAQ_METHODS": N_(
        "There are three methods: a code by SMS, a code by email, or a code from an authenticator app on your "
        "phone (Google Authenticator, Microsoft Authenticator and the like; nothing is sent, so it works "
        "anywhere). Only one can be used at a time, never two at once."
    ),
    "FAQ_YOU_USE": N_(" You get codes by {how}."),
    "FAQ_SMS_AVAILABILITY": N_(
        "SMS is not available in every country yet: we are still waiting for provider registration in some "
        "regions. Email works everywhere, so if SMS is not offered for your number, choose email."
    ),
    "FAQ_PER_USER": N_(
        "2FA is personal: each user of your contract turns it on individually, with a phone number or email "
        "they always have access to. Turning it on for you does not turn it on for your colleagues."
    ),
    "FAQ_PER_USER_MANAGER": N_(" As account manager, you can see who has it on with /manage."),
    "FAQ_CHANGE": N_(
        "To change the number or email: confirm with a code sent to the current one, add the new one, then "
        "type the code sent to it."
    ),
    "FAQ_CHANGE_ON": N_(
        "You get codes by {how}. To change it, tap Change: we send a code to the current one first, then to "
        "the new one. Your current setting stays in force until the new one is confirmed."
    ),
    "FAQ_CHANGE_OFF": N_("2FA is off for you, so there is nothing to change yet. You can turn it on."),
    "FAQ_DISABLE": N_(
        "You can turn 2FA off yourself: confirm, then type the code sent to your current phone or email."
    ),
    "FAQ_DISABLE_ON": N_(
        "You can turn 2FA off yourself: confirm, then type the code we send to {where}. Your login will then "
        "be protected by your password only."
    ),
    "FAQ_DISABLE_OFF": N_("2FA is already off for you."),
    "FAQ_DISABLE_OTHERS": N_(
        "Only your account manager can turn 2FA off for every user of your contract, or for another user "
        "(for example if they lost their phone). I can send them your request."
    ),
    "FAQ_DISABLE_OTHERS_MANAGER": N_(
        "As account manager you can do it yourself: open /manage to turn 2FA off for one user or for everyone."
    ),
    "FAQ_LOST_ACCESS": N_(
        "If you no longer have the phone or email that receives your codes, your account manager can turn 2FA "
        "off for you; then set it up again with a number or address you keep. I can send them the request."
    ),
    "FAQ_NOTIFICATIONS": N_(
        "Yes. Besides the code itself, every time 2FA is turned on, changed or turned off we email your "
        "registered address{address}, so if someone else makes a change, you will know."
    ),
    "FAQ_HOW_IT_WORKS": N_(
        "With 2FA on, each login asks for a one-time code (OTP), sent by SMS or email or shown by your "
        "authenticator app, on top of your password. "
        'A code works once, for 5 minutes. If you tick "Remember this device", that browser skips the code '
        "for 30 days."
    ),
    "FAQ_CODES_TOO_OFTEN": N_(
        "Codes every day, or several times a day, usually mean your browser is not being remembered: tick "
        '"Remember this device" when you log in, and let the browser keep cookies for our site. If it keeps '
        "happening, contact support so we can check everything is working."
    ),
    "FAQ_NOT_PROMPTED": N_(
        "If 2FA is on but a login did not ask for a code, that device may be remembered (see /devices) — or "
        "something is wrong. Send a test code to check your 2FA, and contact support so we can look into it."
    ),
    "FAQ_CODE_NOT_RECEIVED": N_(
        "Codes usually arrive within a minute. Check the number or address you entered, and for email your "
        "spam folder. If nothing arrives, ask for a new code or contact support."
    ),
    "FAQ_CODE_NOT_RECEIVED_ON": N_(
        "Your codes go to {where}. They usually arrive within a minute; for email, check your spam folder. "
        "Send a test code to check, or contact support if nothing arrives."
    ),
    "FAQ_CODE_PENDING": N_(
        "The code went to {masked}. It can take a minute; for email, check your spam folder. You can ask for "
        "it again after a minute, or cancel and use the other method."
    ),
    "FAQ_STATUS": N_("Here is your 2FA setting:"),
    "FAQ_NONE": N_(
        "I can help with two-factor authentication (2FA): setting it up, changing your number or email, turning "
        "it off, and questions about codes. For anything else, our support team can help."
    ),
    "NO_CODE_EXPECTED": N_(
        "No code is awaited right now: the step it was for is finished or was cancelled. Nothing was changed."
    ),
    "FAQ_LINK_FIRST": N_(" To begin, send /start to link this chat to your account."),
    "LINK_ASK_EMAIL": N_(" To begin, type the email address you log in with."),
    "MEANWHILE": N_("Meanwhile, we are in the middle of {flow}:"),
    "SUPPORT_ASK": N_(
        "In one line, what do you need help with? I will pass it to our support team with your account details."
    ),
    "SUPPORT_OPENED": N_("Ticket #{number} is open. Our support team will contact you at {email}."),
    "SUPPORT_OPENED_ANONYMOUS": N_("Ticket #{number} is open. Our support team will get back to you."),
    "SUPPORT_EMPTY": N_("Please describe the problem in a few words."),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
