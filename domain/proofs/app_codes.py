"""Authenticator-app codes (TOTP, RFC 6238): enrolment, and checking a typed code once per time step.

The secret is made from the `TokenSource` (160 random bits, as RFC 4226 recommends), sealed by the
`SecretBox` before it is stored, and shown to the person once (QR code and text) to put in their app.
A code is accepted at the current 30-second step or one step either side (clock drift); two steps away
is refused. Each accepted step is used once per user: the step is recorded with a conditional UPDATE in
the same transaction, so a code replayed (even at once, to another worker) is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

import pyotp

from domain.core.model import AppSecret, User
from domain.core.ports import SecretBox, TokenSource, UnitOfWork

STEP_SECONDS = 30
DRIFT_STEPS = 1  # accepted either side of the current step
DIGITS = 6
SECRET_BYTES = 20


@dataclass(frozen=True)
class Enrolment:
    """What the person needs to add the account to their app: the URI (for the QR code) and the key."""

    uri: str
    key: str  # the base32 secret, grouped in fours for typing by hand


def time_step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def step_of(secret: str, digits: str, now: datetime) -> int | None:
    """The time step within the drift window whose code is `digits`, or None. Every candidate is
    compared (constant time each), so timing does not tell which step matched."""
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = time_step(now)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step).encode(), digits.encode()) and found is None:
            found = step
    return found


class AppCodes:
    """Enrols an authenticator app for a user and checks the codes it shows."""

    def __init__(self, box: SecretBox, tokens: TokenSource, issuer: str) -> None:
        self._box = box
        self._tokens = tokens
        self._issuer = issuer

    async def enrol(self, uow: UnitOfWork, user: User, now: datetime) -> Enrolment:
        """A new secret, stored sealed and inactive (the method in force stays until it is confirmed)."""
        # 160 random bits from the token source, as bytes (hashing keeps every bit of the token's entropy)
        raw = hashlib.sha256(b"app-secret:" + self._tokens.token(SECRET_BYTES).encode()).digest()[
            :SECRET_BYTES
        ]
        secret = base64.b32encode(raw).decode("ascii")
        await uow.app_secrets.add(AppSecret(None, user.key, self._box.seal(secret, _context(user.key)), now))
        uri = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
            name=user.email, issuer_name=self._issuer
        )
        return Enrolment(uri, " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)))

    async def accept(
        self, uow: UnitOfWork, user_id: int, digits: str, now: datetime, *, enrolling: bool
    ) -> bool:
        """Whether `digits` is the code of the user's app now (the one being enrolled, or the active one),
        at a step not used before; the step is then used up."""
        stored = await uow.app_secrets.get(user_id, active=not enrolling)
        if stored is None or stored.id is None:
            return False
        try:
            secret = self._box.open(stored.sealed, _context(user_id))
        except ValueError:
            return False  # sealed with another key (or altered): no code can match it
        step = step_of(secret, digits, now)
        return step is not None and await uow.app_secrets.use_step(stored.id, step)


def _context(user_id: int) -> str:
    return f"app-secret:user:{user_id}"
