"""What the assistant says about logins: "was this you?", remembered devices, blocked codes, and
their notices."""

from __future__ import annotations

from datetime import datetime

from domain.core.model import User
from domain.wording.i18n import N_, Catalogue, Message
from domain.wording.texts import clock_time

LOGIN_WATCH: str
BUTTON_LOGIN_YES: str
BUTTON_LOGIN_NO: str
LOGIN_CONFIRMED: str
LOGIN_NOT_YOURS: str
LOGIN_SECURED: str
CODES_TOO_OFTEN: str
TEST_CODE_SENT: str
TEST_PASSED: str
NO_DEVICES: str
DEVICES_HEADER: str
DEVICE_FORGOTTEN: str
DEVICES_FORGOTTEN: str
BUTTON_FORGET_ALL: str
LAST_LOGIN_CODE: str
REMEMBERED_ONLY: str


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


_MESSAGES: dict[str, Message] = {
    "LOGIN_WATCH": N_("At {time}, a login code was sent to {masked} ({where}). Was this you?"),
    "BUTTON_LOGIN_YES": N_("Yes, it was me"),
    "BUTTON_LOGIN_NO": N_("No, secure my account"),
    "LOGIN_CONFIRMED": N_("Thanks for confirming. Enjoy your session."),
    "LOGIN_NOT_YOURS": N_("That login is not one of yours, so nothing was done."),
    "LOGIN_SECURED": N_(
        "Done: that login was stopped, every remembered device was forgotten, and no new login code will be "
        "sent before {until}. We emailed your registered address. Change your password now, and contact "
        "support if anything looks wrong."
    ),
    "CODES_TOO_OFTEN": N_(
        "You have received several login codes for the same browser recently. That browser is not being "
        'remembered: when you log in, tick "Remember this device" and make sure the browser keeps cookies for '
        "our site (private windows and cookie cleaners forget it). If it still happens, contact support and we "
        "will check that everything is working."
    ),
    "TEST_CODE_SENT": N_("We sent a test code to {masked}. Type it here to check your 2FA works."),
    "TEST_PASSED": N_(
        "Your 2FA works: the code reached you at {masked}. Logins will ask for codes sent there."
    ),
    "NO_DEVICES": N_("You have no remembered devices: every login asks for a code."),
    "DEVICES_HEADER": N_("Remembered devices (each skips the code at login until it expires):"),
    "DEVICE_FORGOTTEN": N_("Forgotten. That device will need a code at its next login."),
    "DEVICES_FORGOTTEN": N_("Forgotten: every device will need a code at its next login."),
    "BUTTON_FORGET_ALL": N_("Forget all"),
    "LAST_LOGIN_CODE": N_("Last login code: sent {sent}{verified}."),
    "REMEMBERED_ONLY": N_(
        "Your last logins came from remembered devices, so no code was needed. If a device you did not "
        "remember skipped the code, contact support."
    ),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
