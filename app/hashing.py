"""`ScryptHasher`: the domain's `SlowHasher` on `hashlib.scrypt`, run in a worker thread.

scrypt with n=2**14, r=8, p=1 costs tens of milliseconds and 16 MiB per run, on purpose: a stolen table
of recovery-code hashes then costs an attacker that much per guess. That is far too long to hold the
event loop (every chat and API request of the process would wait), so each run goes to a thread of its
own: one thread per process, not the loop's default pool. Each pool thread gets a malloc arena of its own
and keeps the 16 MiB it last used, so runs spread over the default pool's threads left a worker about
100 MB larger after a few hundred 2FA activations (`bench/memory.py`: 80 hashes, 21 -> 117 MB resident
on the default pool, 21 -> 37 MB on one thread). Runs queue instead: ten codes take ten runs in a row
when 2FA is turned on, once, after the step's commit.

A hash is stored as `scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`: the parameters travel with it, so
hashes made before a change of parameters still verify.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
from concurrent.futures import ThreadPoolExecutor

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
_MAX_N = 2**20  # a stored string asking for more is refused, not run (it would take seconds and a GiB)


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    # maxmem: 128 * n * r bytes are needed (16 MiB at the defaults); OpenSSL refuses above its 32 MiB default.
    return hashlib.scrypt(
        secret.encode(), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=2 * 128 * n * r + 2**20
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


class ScryptHasher:
    """`domain.ports.SlowHasher` with a fresh 16-byte salt per hash, run on one thread of its own."""

    def __init__(self, n: int = N, r: int = R, p: int = P) -> None:
        self.n, self.r, self.p = n, r, p
        self._thread: ThreadPoolExecutor | None = None  # made at the first run, not at construction

    def _run(self) -> ThreadPoolExecutor:
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scrypt")
        return self._thread

    async def hash(self, secret: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(self._run(), self.hash_now, secret)

    async def verify(self, secret: str, stored: str) -> bool:
        return await asyncio.get_running_loop().run_in_executor(self._run(), self.verify_now, secret, stored)

    def hash_now(self, secret: str) -> str:
        """The blocking hash (for threads and command-line tools, never the event loop)."""
        salt = os.urandom(SALT_BYTES)
        digest = _scrypt(secret, salt, self.n, self.r, self.p, HASH_BYTES)
        return f"{SCHEME}${self.n}${self.r}${self.p}${_b64(salt)}${_b64(digest)}"

    @staticmethod
    def verify_now(secret: str, stored: str) -> bool:
        """The blocking check; False for a string that is not one of our hashes (never raises on it)."""
        try:
            scheme, n_text, r_text, p_text, salt_text, digest_text = stored.split("$")
            n, r, p = int(n_text), int(r_text), int(p_text)
            salt, expected = _unb64(salt_text), _unb64(digest_text)
        except ValueError:
            return False
        if scheme != SCHEME or not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= 16 and 0 < p <= 16):
            return False
        if not expected:
            return False
        return hmac.compare_digest(_scrypt(secret, salt, n, r, p, len(expected)), expected)
