"""Email addresses and phone numbers: validation, normalisation and masking for display.

email-validator and phonenumbers are pure helpers (no network: deliverability checks stay off).
"""

from __future__ import annotations

import email_validator
import phonenumbers

from domain.errors import InvalidEmail
from domain.model import Channel

BULLET = "•"


def normalise_email(text: str) -> str:
    """The normalised address (lower-cased domain, Unicode NFC), or `InvalidEmail` saying why not."""
    try:
        info = email_validator.validate_email(text.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise InvalidEmail(str(error)) from None
    return info.normalized


def email_key(email: str) -> str:
    """The form used to look an address up: case-insensitive, as mail providers treat it."""
    return email.strip().casefold()


def mask_email(email: str) -> str:
    """`alice@example.com` -> `a•••@example.com`: enough to recognise, not to read."""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}{BULLET * 3}@{domain}"


def mask_phone(e164: str) -> str:
    """`+447700900489` -> `+44 ••••••• 89`: country code and the last two digits only.

    Always seven bullets, so the mask does not reveal the number's length either.
    """
    try:
        number = phonenumbers.parse(e164, None)
        country = str(number.country_code)
        national = str(number.national_number)
    except phonenumbers.NumberParseException:
        country, national = "", e164.lstrip("+")
    return f"+{country} {BULLET * 7} {national[-2:]}"


def mask(channel: Channel, destination: str) -> str:
    return mask_phone(destination) if channel is Channel.SMS else mask_email(destination)
