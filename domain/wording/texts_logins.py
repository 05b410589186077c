"""What the assistant says about logins: "was this you?", remembered devices, blocked codes, and
their notices."""

from __future__ import annotations

from datetime import datetime

from domain.core.model import User
from domain.wording.i18n import N_, Catalogue, Message, _, calendar_date, clock_time, ngettext, speaking

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
BUTTON_FORGET: str  # one device, by its number in the list
LAST_LOGIN_CODE: str
REMEMBERED_ONLY: str


def device_line(number: int, user_agent: str, ip: str, created: datetime, last_used: datetime | None) -> str:
    """One remembered device; one never used since it was remembered says since when (day and time)."""
    where = {"ip": ip, "device": user_agent, "number": number, "created": calendar_date(created)}
    if last_used:
        when = {"date": calendar_date(last_used), "time": clock_time(last_used)}
        if ip:
            return _("{number}. {device} ({ip}), remembered {created}, last used {date} {time}").format(
                **where, **when
            )
        return _("{number}. {device}, remembered {created}, last used {date} {time}").format(**where, **when)
    when = {"date": calendar_date(created), "time": clock_time(created)}
    if ip:
        return _("{number}. {device} ({ip}), remembered {created}, not used since {date} {time}").format(
            **where, **when
        )
    return _("{number}. {device}, remembered {created}, not used since {date} {time}").format(**where, **when)


def notice_login_denied(user: User, at: datetime, where: str, until: datetime) -> tuple[str, str]:
    with speaking(getattr(user, "language", None)):
        return (
            _("A login to your account was stopped"),
            _(
                "Hello {name},\n\nOn {date} at {time} you told us in the assistant chat that a login ({where}) "
                "was not you. We stopped it, forgot every remembered device, and will send no login code "
                "before {until}.\n\nChange your password now. If you need help, contact support."
            ).format(
                name=user.name,
                date=calendar_date(at),
                time=clock_time(at),
                where=where,
                until=clock_time(until),
            ),
        )


def login_codes_blocked(at: datetime, failures: int, until: datetime, by_ip: bool) -> str:
    """The chat alert when wrong codes at the sign-in page blocked login codes (once, not per wrong code)."""
    if by_ip:
        text = ngettext(
            "At {time}, {failures} wrong code in a row was typed at the sign-in page for your account, so "
            "login codes are blocked for sign-ins from that network until {until}. If that was you, wait "
            "until then and type the newest code. If it was not you, someone knows your password: change it "
            "now.",
            "At {time}, {failures} wrong codes in a row were typed at the sign-in page for your account, so "
            "login codes are blocked for sign-ins from that network until {until}. If that was you, wait "
            "until then and type the newest code. If it was not you, someone knows your password: change it "
            "now.",
            failures,
        )
    else:
        text = ngettext(
            "At {time}, {failures} wrong code in a row was typed at the sign-in page for your account, so "
            "login codes are blocked for sign-ins through that sign-in page until {until}. If that was you, "
            "wait until then and type the newest code. If it was not you, someone knows your password: "
            "change it now.",
            "At {time}, {failures} wrong codes in a row were typed at the sign-in page for your account, so "
            "login codes are blocked for sign-ins through that sign-in page until {until}. If that was you, "
            "wait until then and type the newest code. If it was not you, someone knows your password: "
            "change it now.",
            failures,
        )
    return text.format(time=clock_time(at), failures=failures, until=clock_time(until))


def notice_login_codes_blocked(
    user: User, at: datetime, failures: int, until: datetime, by_ip: bool
) -> tuple[str, str]:
    with speaking(getattr(user, "language", None)):
        if by_ip:
            body = ngettext(
                "Hello {name},\n\nOn {date} at {time}, {failures} wrong code in a row was typed at the sign-in "
                "page for your account, so login codes are blocked for sign-ins from that network until "
                "{until}. More wrong codes block them again, for longer each time.\n\n"
                "If that was you, wait until then and type the newest code. If it was not you, someone knows "
                "your password: change it now. If you need help, contact support.",
                "Hello {name},\n\nOn {date} at {time}, {failures} wrong codes in a row were typed at the sign-in "
                "page for your account, so login codes are blocked for sign-ins from that network until "
                "{until}. More wrong codes block them again, for longer each time.\n\n"
                "If that was you, wait until then and type the newest code. If it was not you, someone knows "
                "your password: change it now. If you need help, contact support.",
                failures,
            )
        else:
            body = ngettext(
                "Hello {name},\n\nOn {date} at {time}, {failures} wrong code in a row was typed at the sign-in "
                "page for your account, so login codes are blocked for sign-ins through that sign-in page "
                "until {until}. More wrong codes block them again, for longer each time.\n\n"
                "If that was you, wait until then and type the newest code. If it was not you, someone knows "
                "your password: change it now. If you need help, contact support.",
                "Hello {name},\n\nOn {date} at {time}, {failures} wrong codes in a row were typed at the sign-in "
                "page for your account, so login codes are blocked for sign-ins through that sign-in page "
                "until {until}. More wrong codes block them again, for longer each time.\n\n"
                "If that was you, wait until then and type the newest code. If it was not you, someone knows "
                "your password: change it now. If you need help, contact support.",
                failures,
            )
        return _("Login codes for your account were blocked for a while"), body.format(
            name=user.name,
            date=calendar_date(at),
            time=clock_time(at),
            failures=failures,
            until=clock_time(until),
        )


def notice_devices_forgotten(user: User, at: datetime, count: int) -> tuple[str, str]:
    with speaking(getattr(user, "language", None)):
        return _("Remembered devices were forgotten"), ngettext(
            "Hello {name},\n\nOn {date} at {time}, {count} remembered device was forgotten from the assistant "
            "chat. The next login on it will ask for a code.\n\nIf this was not you, contact support.",
            "Hello {name},\n\nOn {date} at {time}, {count} remembered devices were forgotten from the "
            "assistant chat. The next login on them will ask for a code.\n\nIf this was not you, contact "
            "support.",
            count,
        ).format(name=user.name, date=calendar_date(at), time=clock_time(at), count=count)


def notice_repeated_attempts(user: User, at: datetime, linking: bool) -> tuple[str, str]:
    """Told to the owner when a stranger keeps asking for codes or typing wrong ones (once a day)."""
    with speaking(getattr(user, "language", None)):
        if linking:
            body = _(
                "Hello {name},\n\nOn {date} at {time} someone kept asking to link a Telegram chat to your "
                "account, or typed wrong codes to do it. We paused them; your own sign-in and your assistant "
                "chat are not affected.\n\nIf this was not you, change your password; no code was given away. "
                "If you need help, contact support."
            )
        else:
            body = _(
                "Hello {name},\n\nOn {date} at {time} someone at the sign-in page kept asking for login codes "
                "or typing wrong ones. We paused them; your own sign-in and your assistant chat are not "
                "affected.\n\nIf this was not you, change your password; no code was given away. If you need "
                "help, contact support."
            )
        return _("Repeated attempts on your account"), body.format(
            name=user.name, date=calendar_date(at), time=clock_time(at)
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
    "BUTTON_FORGET": N_("Forget {number}"),
    "LAST_LOGIN_CODE": N_("Last login code: sent {sent}{verified}."),
    "REMEMBERED_ONLY": N_(
        "Your last logins came from remembered devices, so no code was needed. If a device you did not "
        "remember skipped the code, contact support."
    ),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
