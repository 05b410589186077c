"""Every sentence the assistant says, in English, in one place (front-ends only lay it out)."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.core.challenge import Purpose
from domain.core.commands import COMMANDS
from domain.core.countries import country_name
from domain.core.model import Channel, Contract, DisableRequest, SupportTicket, TwoFactorSetting, User
from domain.core.policy import Refusal
from domain.wording import texts_recovery

PRODUCT = "twofa-assistant"

_PURPOSE_WORDS: dict[Purpose, str] = {
    Purpose.LINK: "to link a chat to your account",
    Purpose.LINK_SECOND_FACTOR: "to link a chat to your account (two-factor check)",
    Purpose.ENABLE: "to turn on 2FA",
    Purpose.CHANGE_OLD: "to change your 2FA setting",
    Purpose.CHANGE_NEW: "to confirm your new email address",
    Purpose.DISABLE: "to turn off 2FA",
    Purpose.LOGIN: "to log in",
    Purpose.TEST: "to test your 2FA",
    Purpose.MANAGER_ACTION: "to confirm an account manager action",
    Purpose.IDENTITY: "to confirm your request to your account manager",
    Purpose.RECOVERY_CODES: texts_recovery.CODE_PURPOSE,
}


def _minutes(span: timedelta) -> str:
    minutes = max(1, round(span.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _purpose_words(purpose: Purpose, channel: Channel) -> str:
    if purpose is Purpose.CHANGE_NEW and channel is Channel.SMS:
        return "to confirm your new number"
    return _PURPOSE_WORDS[purpose]


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
        return f"Too many wrong codes were typed for this account. New codes are blocked until {clock_time(retry_at) if retry_at else 'later'}."  # noqa: E501
    if reason is Refusal.COOLDOWN:
        return f"The code was sent a moment ago. You can ask for it again {when}."
    if reason in (Refusal.USER_RATE, Refusal.DESTINATION_RATE):
        return f"Too many codes were sent in a short time. You can ask for a new one {when}."
    if reason is Refusal.EXPIRED:
        return "This code has expired. Ask for a new code."
    return "This code is no longer active."


HELP = "\n".join(  # every command, from the list Telegram's command menu is set from too
    (
        "I help you protect your login with a one-time code by SMS, by email or from an authenticator app "
        "(two-factor authentication, 2FA).",
        *(f"/{command.name} – {command.description}" for command in COMMANDS),
        "You can also just ask a question about 2FA in your own words.",
    )
)

INTRO = (
    f"Hello! I am {PRODUCT}. I help you set up and manage two-factor authentication (2FA) for your "
    "account.\nFirst, let's link this chat to your account. What is your account email address?"
)
ASK_EMAIL_AGAIN = "Which email address is registered for your account?"
LINK_CODE_SENT = "If {email} belongs to an account, we sent it a code. Type the code here to link this chat."
NOT_AN_EMAIL = "That does not look like an email address ({why}). Please type the address you log in with."
LINK_SECOND_SENT = "Thanks. Your account has 2FA on, so we also sent a code to {masked}. Type it here."
LINKED = "Done! This chat is now linked to {name}'s account."
ALREADY_LINKED = "This chat is linked to {name}'s account."
NOT_LINKED = "This chat is not linked to an account yet. Send /start to link it."
LINK_TOKEN_BAD = "This link has expired or was already used. Send /start to link with your email instead."
CODE_REMINDER = "Please type the {digits}-digit code we sent to {masked}, or tap Resend or Cancel."
CODE_WRONG = "That code is not right. {left} {tries} left."
CODE_KILLED = "Too many wrong codes. That code no longer works and nothing was changed; you can start again."
CODE_NOT_ACTIVE = "That code is no longer active and nothing was changed; you can start again."
CODE_EXPIRED = "That code has expired. Tap New code to get another one."
CODE_EXPIRED_TYPE_AGAIN = (
    "That code has expired, and we do not keep the {what} it went to once a code is of no more use. "
    "Please type the {what} again and I will send a new code."
)
WHAT_PHONE = "mobile number"
WHAT_EMAIL = "email address"
CODE_RESENT = "We sent the code again to {masked}. It is still valid until {until}."
CODE_NEW_SENT = "We sent a new code to {masked}."
CODE_UNDELIVERED = "We could not send a code to {masked} just now. Please try again in a moment."
CANCELLED = "Cancelled. Nothing was changed."
NOTHING_TO_CANCEL = "There is nothing to cancel. Send /help to see what I can do."
STALE_BUTTON = "That button belongs to an earlier step. Here is where we are now:"
NOT_UNDERSTOOD = "Sorry, I did not understand that. Here is what I can do:"
UNKNOWN_COMMAND = "I do not know the command /{name}."
CONTINUE_LINKING = "We are linking this chat. " + CODE_REMINDER

BUTTON_RESEND = "Resend code"
BUTTON_NEW_CODE = "New code"
BUTTON_CANCEL = "Cancel"
BUTTON_STATUS = "My 2FA status"
BUTTON_HELP = "Help"
BUTTON_LINK = "Link this chat"


def tries(left: int) -> str:
    return "try" if left == 1 else "tries"


METHOD_WORDS = {"sms": "SMS", "email": "email"}  # as a sentence says them: "codes by SMS", "codes by email"


def status(user: User, contract: Contract | None, setting: TwoFactorSetting, masked: str | None) -> str:
    """The account, the contract and the 2FA state, destination masked."""
    lines = [
        f"Account: {user.name} ({user.email})",
        f"Contract: {contract.name if contract else 'unknown'}",
        f"Role: {'account manager' if user.is_manager else 'member'}",
    ]
    if setting.enabled and masked:
        since = f" since {setting.verified_at:%Y-%m-%d}" if setting.verified_at else ""
        if setting.method.value in METHOD_WORDS:
            lines.append(f"2FA: on, codes by {METHOD_WORDS[setting.method.value]} to {masked}{since}.")
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

LOGIN_WATCH = "At {time}, a login code was sent to {masked} ({where}). Was this you?"
BUTTON_LOGIN_YES = "Yes, it was me"
BUTTON_LOGIN_NO = "No, secure my account"
LOGIN_CONFIRMED = "Thanks for confirming. Enjoy your session."
LOGIN_NOT_YOURS = "That login is not one of yours, so nothing was done."
LOGIN_SECURED = (
    "Done: that login was stopped, every remembered device was forgotten, and no new login code will be "
    "sent before {until}. We emailed your registered address. Change your password now, and contact "
    "support if anything looks wrong."
)
CODES_TOO_OFTEN = (
    "You have received several login codes for the same browser recently. That browser is not being "
    'remembered: when you log in, tick "Remember this device" and make sure the browser keeps cookies for '
    "our site (private windows and cookie cleaners forget it). If it still happens, contact support and we "
    "will check that everything is working."
)
TEST_CODE_SENT = "We sent a test code to {masked}. Type it here to check your 2FA works."
TEST_PASSED = "Your 2FA works: the code reached you at {masked}. Logins will ask for codes sent there."
NO_DEVICES = "You have no remembered devices: every login asks for a code."
DEVICES_HEADER = "Remembered devices (each skips the code at login until it expires):"
DEVICE_FORGOTTEN = "Forgotten. That device will need a code at its next login."
DEVICES_FORGOTTEN = "Forgotten: every device will need a code at its next login."
BUTTON_FORGET_ALL = "Forget all"
LAST_LOGIN_CODE = "Last login code: sent {sent}{verified}."
REMEMBERED_ONLY = (
    "Your last logins came from remembered devices, so no code was needed. If a device you did not "
    "remember skipped the code, contact support."
)


def device_line(number: int, user_agent: str, ip: str, created: datetime, last_used: datetime | None) -> str:
    """One remembered device; one never used since it was remembered says since when (day and time)."""
    since = last_used or created
    used = f", {'last used' if last_used else 'not used since'} {since:%Y-%m-%d %H:%M UTC}"
    where = f" ({ip})" if ip else ""
    return f"{number}. {user_agent}{where}, remembered {created:%Y-%m-%d}{used}"


def notice_login_denied(user: User, at: datetime, where: str, until: datetime) -> tuple[str, str]:
    return (
        "A login to your account was stopped",
        f"Hello {user.name},\n\nOn {at:%Y-%m-%d at %H:%M UTC} you told us in the assistant chat that a login "
        f"({where}) was not you. We stopped it, forgot every remembered device, and will send no login code "
        f"before {until:%H:%M UTC}.\n\nChange your password now. If you need help, contact support.",
    )


def _blocked_where(by_ip: bool) -> str:
    return "for sign-ins from that network" if by_ip else "for sign-ins through that sign-in page"


def login_codes_blocked(at: datetime, failures: int, until: datetime, by_ip: bool) -> str:
    """The chat alert when wrong codes at the sign-in page blocked login codes (once, not per wrong code)."""
    return (
        f"At {clock_time(at)}, {failures} wrong codes in a row were typed at the sign-in page for your "
        f"account, so login codes are blocked {_blocked_where(by_ip)} until {clock_time(until)}. If that "
        "was you, wait until then and type the newest code. If it was not you, someone knows your "
        "password: change it now."
    )


def notice_login_codes_blocked(
    user: User, at: datetime, failures: int, until: datetime, by_ip: bool
) -> tuple[str, str]:
    return (
        "Login codes for your account were blocked for a while",
        f"Hello {user.name},\n\nOn {at:%Y-%m-%d at %H:%M UTC}, {failures} wrong codes in a row were typed "
        f"at the sign-in page for your account, so login codes are blocked {_blocked_where(by_ip)} "
        f"until {clock_time(until)}. More wrong codes block them again, for longer each time.\n\n"
        "If that was you, wait until then and type the newest code. If it was not you, someone knows your "
        "password: change it now. If you need help, contact support.",
    )


def notice_devices_forgotten(user: User, at: datetime, count: int) -> tuple[str, str]:
    return (
        "Remembered devices were forgotten",
        f"Hello {user.name},\n\nOn {at:%Y-%m-%d at %H:%M UTC}, {count} remembered device"
        f"{'s were' if count != 1 else ' was'} forgotten from the assistant chat. The next login on "
        f"{'them' if count != 1 else 'it'} will ask for a code.\n\nIf this was not you, contact support.",
    )


SUPPORT_HINT = (
    "Our support team can help with anything about your login and 2FA. Reply to any of our emails or "
    "write to support, and mention that you talked to the assistant."
)

MANAGER_NOTICE_EXTRA = (
    "Reason given: {reason}. Your login is now protected by your password only. Please set up 2FA again as "
    "soon as you can: in the assistant chat send /enable, or go to My profile > Two-Factor Authentication."
)
MANAGER_DISABLED_CHAT = (
    "Your account manager {manager} turned off 2FA for your account (reason: {reason}). Your login is "
    "protected by your password only: please set up 2FA again."
)
MANAGE_ONLY = "Only account managers can use /manage. To ask your account manager for help, send /request."
MANAGE_HEADER = "Contract {contract}: 2FA of each user"
MANAGE_USER_LINE = "• {name} <{email}>: {state}"
MANAGE_NO_REQUESTS = "No open requests."
MANAGE_NEED_2FA = (
    "To act for your contract, first turn on 2FA for yourself: actions are confirmed with a code."
)
MANAGE_ASK_REASON = "Why is 2FA being turned off {target}? Choose a reason or type your own."
MANAGE_CODE_SENT = "To confirm, type the code we sent to {masked}."
MANAGE_NOTHING = "2FA was not on for {target}, so nothing changed."
MANAGE_OWN_KEPT = " Your own 2FA stays on; to turn it off as well, send /disable."


def manage_done(names: list[str], own_kept: bool = False) -> str:
    """What a manager's action did: for whom 2FA is now off, and (when acting for everyone) that the
    manager's own stays on."""
    if len(names) == 1:
        text = f"Done: 2FA is now off for {names[0]}, who was emailed and invited to set it up again."
    else:
        who = f"{', '.join(names[:-1])} and {names[-1]}"
        text = f"Done: 2FA is now off for {who}. Each was emailed and invited to set it up again."
    return text + (MANAGE_OWN_KEPT if own_kept else "")


def manage_nothing(everyone: bool) -> str:
    """Nobody's 2FA was on (the acting manager's own aside, when acting for everyone)."""
    if everyone:
        return MANAGE_NOTHING.format(target="anyone else in the contract") + MANAGE_OWN_KEPT
    return MANAGE_NOTHING.format(target="them")


MANAGE_REFUSED = "You can act only on the contracts you manage. This attempt was recorded."
MANAGE_EXPIRED = "That request is no longer open (it was decided already or expired after 7 days)."
MANAGE_DECLINED = "Request #{number} declined. The requester was told."
BUTTON_APPROVE = "Approve"
BUTTON_DECLINE = "Decline"
BUTTON_OFF_FOR = "Turn off for {name}"
BUTTON_OFF_FOR_ALL = "Turn off for everyone"
BUTTON_OWN_REASON = "Type a reason"

REQUEST_ASK = (
    "Your account manager can turn 2FA off, for example if you no longer have access to your phone or "
    "email. For whom?"
)
BUTTON_REQUEST_ME = "For me"
BUTTON_REQUEST_USER = "For another user"
BUTTON_REQUEST_ALL = "For everyone in my contract"
REQUEST_ASK_USER = "Type the email address of the user whose 2FA should be turned off."
REQUEST_NO_SUCH_USER = "There is no user with that email in your contract. Type another, or tap Cancel."
REQUEST_ASK_REASON = "In a few words, why should 2FA be turned off?"
REQUEST_SELF_OFF = "2FA is off for your account already, so there is nothing to ask."
REQUEST_IDENTITY_SENT = "To show it is you, type the code we sent to your registered email {masked}."
REQUEST_SENT = (
    "Request #{number} is with your account manager{managers}. You will hear back here and by email."
)
REQUEST_SENT_UNVERIFIED = (
    " Because your codes go to your registered email, we could not check it is you by email: your manager "
    "will confirm your identity another way."
)
REQUEST_NO_MANAGER_CHAT = " Your account manager does not use this assistant yet, so we emailed them."
REQUEST_NO_MANAGER = (
    "Your contract has no account manager registered, so the request could not be sent. Please contact "
    "support."
)
REQUEST_APPROVED = (
    "Your request #{number} was approved by {manager}: 2FA is now off. Please set it up again when you "
    "can (/enable)."
)
REQUEST_DECLINED = (
    "Your request #{number} was declined by {manager}. Contact them if you need to talk it over."
)
REQUEST_OUTCOME_SUBJECT = "Your request to your account manager"


def request_summary(request: DisableRequest, requester: User, target: User | None) -> str:
    """How a request reads to a manager: who asked, for whom, why, and whether identity was checked."""
    whom = f"{target.name} <{target.email}>" if target else "every user of the contract"
    check = (
        "identity confirmed by a code to the registered email"
        if request.verified
        else ("UNVERIFIED: check the requester's identity by other means")
    )
    return (
        f"Request #{request.id} from {requester.name} <{requester.email}>: turn off 2FA for {whom}.\n"
        f"Reason: {request.reason}\n{check}. Open until {request.expires_at:%Y-%m-%d %H:%M UTC}."
    )


def notice_request(manager: User, summary: str) -> tuple[str, str]:
    return (
        "A request to turn off 2FA is waiting for you",
        f"Hello {manager.name},\n\n{summary}\n\nApprove or decline it in the assistant chat (/manage). "
        "Requests expire after 7 days.",
    )


FINISH_FIRST = "Let's finish what we are doing first (or send /cancel), then press that button again."

BUTTON_ASK_MANAGER = "Ask my account manager"
BUTTON_MANAGE = "Manage my contract"
BUTTON_SUPPORT = "Contact support"
BUTTON_TEST = "Send a test code"
BUTTON_DEVICES = "My remembered devices"

FAQ_SETUP = (
    "Setting up 2FA takes a minute: choose SMS or email, add your number or address, and confirm it with "
    "the code we send (or choose an authenticator app, scan the QR code and type the code it shows). From "
    "then on, every login asks for a code. (In the web app: My profile > Two-Factor Authentication.)"
)
FAQ_SETUP_ON = "2FA is already on for you: codes go by {how}. You can change it or turn it off."
FAQ_METHODS = (
    "There are three methods: a code by SMS, a code by email, or a code from an authenticator app on your "
    "phone (Google Authenticator, Microsoft Authenticator and the like; nothing is sent, so it works "
    "anywhere). Only one can be used at a time, never two at once."
)
FAQ_YOU_USE = " You get codes by {how}."
FAQ_SMS_AVAILABILITY = (
    "SMS is not available in every country yet: we are still waiting for provider registration in some "
    "regions. Email works everywhere, so if SMS is not offered for your number, choose email."
)
FAQ_PER_USER = (
    "2FA is personal: each user of your contract turns it on individually, with a phone number or email "
    "they always have access to. Turning it on for you does not turn it on for your colleagues."
)
FAQ_PER_USER_MANAGER = " As account manager, you can see who has it on with /manage."
FAQ_CHANGE = (
    "To change the number or email: confirm with a code sent to the current one, add the new one, then "
    "type the code sent to it."
)
FAQ_CHANGE_ON = (
    "You get codes by {how}. To change it, tap Change: we send a code to the current one first, then to "
    "the new one. Your current setting stays in force until the new one is confirmed."
)
FAQ_CHANGE_OFF = "2FA is off for you, so there is nothing to change yet. You can turn it on."
FAQ_DISABLE = (
    "You can turn 2FA off yourself: confirm, then type the code sent to your current phone or email."
)
FAQ_DISABLE_ON = (
    "You can turn 2FA off yourself: confirm, then type the code we send to {where}. Your login will then "
    "be protected by your password only."
)
FAQ_DISABLE_OFF = "2FA is already off for you."
FAQ_DISABLE_OTHERS = (
    "Only your account manager can turn 2FA off for every user of your contract, or for another user "
    "(for example if they lost their phone). I can send them your request."
)
FAQ_DISABLE_OTHERS_MANAGER = (
    "As account manager you can do it yourself: open /manage to turn 2FA off for one user or for everyone."
)
FAQ_LOST_ACCESS = (
    "If you no longer have the phone or email that receives your codes, your account manager can turn 2FA "
    "off for you; then set it up again with a number or address you keep. I can send them the request."
)
FAQ_NOTIFICATIONS = (
    "Yes. Besides the code itself, every time 2FA is turned on, changed or turned off we email your "
    "registered address{address}, so if someone else makes a change, you will know."
)
FAQ_HOW_IT_WORKS = (
    "With 2FA on, each login asks for a one-time code (OTP), sent by SMS or email or shown by your "
    "authenticator app, on top of your password. "
    'A code works once, for 5 minutes. If you tick "Remember this device", that browser skips the code '
    "for 30 days."
)
FAQ_CODES_TOO_OFTEN = (
    "Codes every day, or several times a day, usually mean your browser is not being remembered: tick "
    '"Remember this device" when you log in, and let the browser keep cookies for our site. If it keeps '
    "happening, contact support so we can check everything is working."
)
FAQ_NOT_PROMPTED = (
    "If 2FA is on but a login did not ask for a code, that device may be remembered (see /devices) — or "
    "something is wrong. Send a test code to check your 2FA, and contact support so we can look into it."
)
FAQ_CODE_NOT_RECEIVED = (
    "Codes usually arrive within a minute. Check the number or address you entered, and for email your "
    "spam folder. If nothing arrives, ask for a new code or contact support."
)
FAQ_CODE_NOT_RECEIVED_ON = (
    "Your codes go to {where}. They usually arrive within a minute; for email, check your spam folder. "
    "Send a test code to check, or contact support if nothing arrives."
)
FAQ_CODE_PENDING = (
    "The code went to {masked}. It can take a minute; for email, check your spam folder. You can ask for "
    "it again after a minute, or cancel and use the other method."
)
FAQ_STATUS = "Here is your 2FA setting:"
FAQ_NONE = (
    "I can help with two-factor authentication (2FA): setting it up, changing your number or email, turning "
    "it off, and questions about codes. For anything else, our support team can help."
)
NO_CODE_EXPECTED = (
    "No code is awaited right now: the step it was for is finished or was cancelled. Nothing was changed."
)
FAQ_LINK_FIRST = " To begin, send /start to link this chat to your account."
LINK_ASK_EMAIL = " To begin, type the email address you log in with."
MEANWHILE = "Meanwhile, we are in the middle of {flow}:"
SUPPORT_ASK = (
    "In one line, what do you need help with? I will pass it to our support team with your account details."
)
SUPPORT_OPENED = "Ticket #{number} is open. Our support team will contact you at {email}."
SUPPORT_OPENED_ANONYMOUS = "Ticket #{number} is open. Our support team will get back to you."
SUPPORT_EMPTY = "Please describe the problem in a few words."


def support_limited(number: int | None, per_chat: int, window: timedelta, again: datetime) -> str:
    """Over the per-chat ticket limit: what they already have, and when they may open another."""
    minutes = max(1, round(window.total_seconds() / 60))
    if minutes == 60:
        span = "hour"
    elif minutes % 60 == 0:
        span = f"{minutes // 60} hours"
    else:
        span = f"{minutes} minute{'s' if minutes != 1 else ''}"
    tickets = "ticket" if per_chat == 1 else "tickets"
    return (
        f"Thank you, our support team already has your ticket #{number} and will get back to you. To keep "
        f"the queue fair, a chat can open {per_chat} {tickets} per {span}, so you can open another after "
        f"{clock_time(again)}."
    )


def ticket_body(ticket: SupportTicket) -> str:
    return (
        f"Support ticket #{ticket.id} opened {ticket.created_at:%Y-%m-%d %H:%M UTC} "
        "from the assistant chat.\n\n"
        f"The user wrote: {ticket.description}\n\n{ticket.context}"
    )


def notice_repeated_attempts(user: User, at: datetime, linking: bool) -> tuple[str, str]:
    """Told to the owner when a stranger keeps asking for codes or typing wrong ones (once a day)."""
    what = (
        "someone kept asking to link a Telegram chat to your account, or typed wrong codes to do it"
        if linking
        else "someone at the sign-in page kept asking for login codes or typing wrong ones"
    )
    return (
        "Repeated attempts on your account",
        f"Hello {user.name},\n\nOn {at:%Y-%m-%d at %H:%M UTC} {what}. We paused them; your own sign-in and "
        "your assistant chat are not affected.\n\nIf this was not you, change your password; no code was "
        "given away. If you need help, contact support.",
    )


PRIVATE_CHAT_ONLY = (
    "I only act for an account in a private chat with its owner, so nothing said in a group or channel "
    "reaches anyone's account or 2FA. Open a private chat with me to link your account or change your 2FA."
)
BUTTON_OPEN_PRIVATE = "Open a private chat"
NOT_YOUR_BUTTON = "This button is not for you."

# The terminal chat, when a step failed on our side (its transaction rolled back: nothing was changed).
STEP_FAILED = "Something went wrong on our side; nothing you typed was lost, please try again."


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
