"""One-time-code maths: codes are computed from the server key and the challenge id, never stored.

The secret of a challenge is HMAC-SHA256(server key, challenge id); the code is RFC 4226 HOTP over it at
counter 0. A resend therefore repeats the same code, and the database alone cannot reveal it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata

import pyotp

_SECRET_LABEL = b"twofa-assistant/otp/v1:"
_TOKEN_LABEL = b"twofa-assistant/token/v1:"


def challenge_secret(server_key: bytes, challenge_id: str) -> str:
    """Base32 HOTP secret of one challenge, derived from the server key."""
    digest = hmac.new(server_key, _SECRET_LABEL + challenge_id.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")


def code_for(server_key: bytes, challenge_id: str, digits: int = 6) -> str:
    """The code a challenge expects (and sends)."""
    return pyotp.HOTP(challenge_secret(server_key, challenge_id), digits=digits).at(0)


def normalise_typed_code(text: str) -> str | None:
    """Digits of what a person typed, tolerating spaces, dashes and non-ASCII digits; None if not a code.

    `" 123-456 "` and full-width `"１２３４５６"` both give `"123456"`.
    """
    digits: list[str] = []
    for char in text.strip():
        if char.isspace() or unicodedata.category(char) == "Pd" or char in ".·":
            continue
        value = unicodedata.digit(char, None)
        if value is None:
            return None
        digits.append(str(value))
    return "".join(digits) or None


def looks_like_code(text: str, digits: int = 6) -> bool:
    """True when the text is a code-shaped answer (right number of digits once normalised)."""
    normalised = normalise_typed_code(text)
    return normalised is not None and len(normalised) == digits


def codes_match(expected: str, typed: str) -> bool:
    """Constant-time comparison, so timing does not reveal how many digits were right."""
    return hmac.compare_digest(expected.encode(), typed.encode())


def token_hash(server_key: bytes, token: str) -> str:
    """HMAC of a bearer token (deep link, device token): what is stored instead of the token itself."""
    return hmac.new(server_key, _TOKEN_LABEL + token.encode(), hashlib.sha256).hexdigest()
