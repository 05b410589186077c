"""The scrypt `SlowHasher` (app/hashing.py): its stored form, its checks, and that it runs off the loop."""

from __future__ import annotations

import base64
import hashlib
import threading
from typing import Any

import pytest

from app.hashing import ScryptHasher


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


async def test_a_hash_names_its_parameters_and_a_16_byte_salt_and_verifies_only_its_secret() -> None:
    hasher = ScryptHasher()
    stored = await hasher.hash("ABCD-EFGH")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(_unb64(salt)) == 16 and len(_unb64(digest)) == 32
    assert "ABCD" not in stored
    assert await hasher.verify("ABCD-EFGH", stored)
    assert not await hasher.verify("ABCD-EFGJ", stored)
    assert await hasher.hash("ABCD-EFGH") != stored  # a fresh salt each time


async def test_a_hash_made_with_other_parameters_still_verifies() -> None:
    light = ScryptHasher(n=2**10, r=4, p=1)
    stored = await light.hash("2345-6789")
    assert stored.startswith("scrypt$1024$4$1$")
    assert await ScryptHasher().verify("2345-6789", stored)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain text",
        "bcrypt$16384$8$1$AAAA$AAAA",
        "scrypt$16384$8$1$not base64!$AAAA",
        "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",  # n not a power of two
        f"scrypt${2**24}$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",  # far beyond what we make: refused, not run
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$",
    ],
)
def test_what_is_not_one_of_our_hashes_never_verifies(stored: str) -> None:
    assert ScryptHasher.verify_now("ABCD-EFGH", stored) is False


async def test_scrypt_runs_in_a_worker_thread_not_on_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    loop_thread = threading.current_thread()
    threads: list[threading.Thread] = []
    real = hashlib.scrypt

    def spy(*args: Any, **kwargs: Any) -> bytes:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", spy)  # app.hashing looks it up at each call
    hasher = ScryptHasher(n=2**10)
    stored = await hasher.hash("ABCD-EFGH")
    assert await hasher.verify("ABCD-EFGH", stored)
    assert len(threads) == 2 and loop_thread not in threads
