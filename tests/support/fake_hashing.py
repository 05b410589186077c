"""A fast, salted stand-in for the scrypt `SlowHasher`, counting its calls, for unit tests."""

from __future__ import annotations

import hashlib
import hmac
import itertools
from dataclasses import dataclass, field


@dataclass
class FakeSlowHasher:
    """SHA-256 over a per-hash salt: salted like the real one (equal secrets store differently), but
    instant. `hashes` and `verifies` count the calls, so tests can tell how many slow runs a try costs."""

    hashes: int = 0
    verifies: int = 0
    _salts: itertools.count[int] = field(default_factory=itertools.count)

    async def hash(self, secret: str) -> str:
        self.hashes += 1
        salt = f"salt{next(self._salts)}"
        return f"fake${salt}${self._digest(salt, secret)}"

    async def verify(self, secret: str, stored: str) -> bool:
        self.verifies += 1
        scheme, salt, digest = stored.split("$")
        return scheme == "fake" and hmac.compare_digest(digest, self._digest(salt, secret))

    @staticmethod
    def _digest(salt: str, secret: str) -> str:
        return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()
