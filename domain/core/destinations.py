"""Email addresses and phone numbers: validation, normalisation and masking for display.

email-validator and phonenumbers are pure helpers (no network: deliverability checks stay off).
"""

from __future__ import annotations

import functools
import re

import email_validator
import phonenumbers

from domain.core.commands import N_
from domain.core.errors import InvalidEmail, InvalidPhone, SmsNotAvailable
from domain.core.model import Channel

BULLET = "•"
# What `mask` gives, as SQL LIKE patterns and as expressions (a stored challenge is scrubbed to one). The
# email shapes are those of `mask_email` now and before (`a•••@`, from before the last character was shown).
MASK_PATTERNS: tuple[str, ...] = (
    f"__{BULLET * 3}_@%",
    f"_{BULLET * 3}_@%",
    f"_{BULLET * 3}@%",
    f"{BULLET * 3}@%",
    f"+% {BULLET * 7} %",
)
_MASKED = re.compile(rf"(.{{0,2}}{BULLET * 3}.?@[^@]*|\+\d* {BULLET * 7} \d{{0,2}})")


def normalise_email(text: str) -> str:
    """The normalised address (lower-cased domain, Unicode NFC), or `InvalidEmail` saying why not."""
    try:
        info = email_validator.validate_email(text.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise InvalidEmail(str(error)) from None
    return info.normalized


_SMS_CAPABLE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
# Why a number is refused, whole sentences (the chat shows them in the person's language: `N_` marks
# them for the catalogues, `InvalidPhone` carries the English).
NOT_A_PHONE = N_("that does not look like a phone number")
NOT_VALID_PHONE = N_("that is not a valid phone number; include the country code, like +44 7400 123456")
_WHY_NOT_SMS = {
    phonenumbers.PhoneNumberType.FIXED_LINE: N_("this number cannot receive SMS codes: it is a landline"),
    phonenumbers.PhoneNumberType.PREMIUM_RATE: N_(
        "this number cannot receive SMS codes: it is a premium-rate number"
    ),
    phonenumbers.PhoneNumberType.SHARED_COST: N_(
        "this number cannot receive SMS codes: it is a shared-cost number"
    ),
    phonenumbers.PhoneNumberType.TOLL_FREE: N_(
        "this number cannot receive SMS codes: it is a toll-free number"
    ),
    phonenumbers.PhoneNumberType.VOIP: N_(
        "this number cannot receive SMS codes: it is an internet (VoIP) number"
    ),
    phonenumbers.PhoneNumberType.PAGER: N_("this number cannot receive SMS codes: it is a pager number"),
    phonenumbers.PhoneNumberType.UAN: N_(
        "this number cannot receive SMS codes: it is a company switchboard number"
    ),
    phonenumbers.PhoneNumberType.VOICEMAIL: N_(
        "this number cannot receive SMS codes: it is a voicemail access number"
    ),
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: N_(
        "this number cannot receive SMS codes: it is a forwarding (personal) number"
    ),
}
NO_SMS_UNKNOWN = N_("this number cannot receive SMS codes: we cannot tell that it receives text messages")
PHONE_REFUSALS = (NOT_A_PHONE, NOT_VALID_PHONE, *_WHY_NOT_SMS.values(), NO_SMS_UNKNOWN)


def parse_phone(text: str, default_region: str, sms_regions: frozenset[str]) -> str:
    """A mobile number in strict E.164, from international or local (`default_region`) input.

    Raises `InvalidPhone` (not a number, or cannot receive SMS, with the reason) or `SmsNotAvailable`
    (a real mobile number in a country where SMS is not offered yet).
    """
    try:
        number = phonenumbers.parse(text.strip(), default_region.upper())
    except phonenumbers.NumberParseException:
        raise InvalidPhone(NOT_A_PHONE) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(NOT_VALID_PHONE)
    region = phonenumbers.region_code_for_number(number) or "unknown"
    if region not in sms_regions:
        raise SmsNotAvailable(region)
    kind = phonenumbers.number_type(number)
    if kind not in _SMS_CAPABLE:
        raise InvalidPhone(_WHY_NOT_SMS.get(kind, NO_SMS_UNKNOWN))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_key(email: str) -> str:
    """The form used to look an address up: case-insensitive, as mail providers treat it."""
    return email.strip().casefold()


def mask_email(email: str) -> str:
    """`alice@example.com` -> `al•••e@example.com`: mostly enough to tell two addresses on one domain
    apart (`a•••@` alone was not), never more than three characters of the name, and always three
    bullets, so not its length either.

    A name of 5 or more characters shows its first two and its last; of 4, its first and last; shorter
    ones only their first (`bob@` -> `b•••@`), as before.
    """
    local, _, domain = email.rpartition("@")
    if len(local) >= 5:
        head, tail = local[:2], local[-1]
    elif len(local) == 4:
        head, tail = local[:1], local[-1]
    else:
        head, tail = local[:1], ""
    return f"{head}{BULLET * 3}{tail}@{domain}"


@functools.lru_cache(maxsize=1024)
def mask_phone(e164: str) -> str:
    """`+447700900489` -> `+44 ••••••• 89`: country code and the last two digits only.

    Always seven bullets, so the mask does not reveal the number's length either. Cached: every status
    line, code prompt and login answer masks the same few numbers, and parsing one is the costly part.
    """
    try:
        number = phonenumbers.parse(e164, None)
        country = str(number.country_code)
        national = str(number.national_number)
    except phonenumbers.NumberParseException:
        country, national = "", e164.lstrip("+")
    return f"+{country} {BULLET * 7} {national[-2:]}"


# Stored (a scrubbed challenge's destination) and compared in English; shown in the person's language
# (`domain.wording.texts_destinations.shown_mask`).
APP = N_("authenticator app")  # an app's "destination": nothing secret
TELEGRAM_CHAT = N_("your Telegram chat")  # approvals go to the linked chat (its id is the destination)
MASK_PATTERNS += (APP, TELEGRAM_CHAT)


def is_masked(destination: str) -> bool:
    """Whether `destination` is the output of `mask` rather than a number or an address."""
    return destination in (APP, TELEGRAM_CHAT) or _MASKED.fullmatch(destination) is not None


def mask(channel: Channel, destination: str) -> str:
    if channel is Channel.APP:
        return APP
    if channel is Channel.TELEGRAM:
        return TELEGRAM_CHAT
    return mask_phone(destination) if channel is Channel.SMS else mask_email(destination)
