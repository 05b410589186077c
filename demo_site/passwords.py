"""The site's own password check (the integrating site's passwords, not the product's).

Every demo account's password is `demo`; the site keeps only a salted scrypt hash of it per account. An
unknown email is checked against a stand-in hash, so it takes as long as a known one.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from collections.abc import Iterable

DEMO_PASSWORD = "demo"  # documented on the page: it is the demo's point
# the product's demo contract (`twofa chat` / `twofa demo-site` seed it on a new database)
DEMO_EMAILS = ("alice@example.com", "bob@example.com", "carol@example.com")
_N, _R, _P = 2**14, 8, 1


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


class DemoPasswords:
    """Email -> (salt, scrypt hash); built once when the site starts (in a worker thread)."""

    def __init__(self, hashes: dict[str, tuple[bytes, bytes]]) -> None:
        self._hashes = hashes
        self._stand_in = (secrets.token_bytes(16), secrets.token_bytes(32))

    @classmethod
    async def for_accounts(cls, emails: Iterable[str], password: str = DEMO_PASSWORD) -> DemoPasswords:
        def build() -> dict[str, tuple[bytes, bytes]]:
            hashes = {}
            for email in emails:
                salt = secrets.token_bytes(16)
                hashes[email.strip().lower()] = (salt, _hash(password, salt))
            return hashes

        return cls(await asyncio.to_thread(build))

    @property
    def emails(self) -> list[str]:
        return sorted(self._hashes)

    async def check(self, email: str, password: str) -> bool:
        """Whether `password` is the account's; the same work whether or not the account exists."""
        known = self._hashes.get(email.strip().lower())
        salt, expected = known or self._stand_in
        typed = await asyncio.to_thread(_hash, password, salt)
        return hmac.compare_digest(typed, expected) and known is not None
