"""The presented bearer key, and its lookup by SHA-256 in the database behind a short in-process cache.

Only known, unrevoked keys are cached, for `CACHE_SECONDS`: a revoked key stops working within that time
in every process, and a new key works at once (an unknown key is never cached, so it is looked up each
time). A cache miss reads one row by its unique hash and, at most once a minute per key, records when the
key was last used.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import replace
from datetime import timedelta

from domain.core.api_keys import KeyGrant, key_hash
from domain.core.ports import Clock, UnitOfWorkFactory

CACHE_SECONDS = 5.0
CACHE_SIZE = 1024  # keys held at once; the oldest lookup goes first
LAST_USED_EVERY = timedelta(minutes=1)


def presented_token(authorization: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else None."""
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


class KeyLookup:
    """Finds the grant of a presented key: None for an unknown or revoked one (told apart by nobody)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, ttl: float = CACHE_SECONDS) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._ttl = ttl
        self._cache: OrderedDict[str, tuple[float, KeyGrant]] = OrderedDict()

    async def grant(self, presented: str) -> KeyGrant | None:
        digest = key_hash(presented)
        cached = self._cache.get(digest)
        if cached is not None and time.monotonic() - cached[0] < self._ttl:
            return cached[1]
        self._cache.pop(digest, None)
        async with self._uow_factory() as uow:
            key = await uow.api_keys.get_by_hash(digest)
            if key is None or not key.active:
                return None
            now = self._clock.now()
            if key.last_used_at is None or now - key.last_used_at >= LAST_USED_EVERY:
                await uow.api_keys.save(replace(key, last_used_at=now))
                await uow.commit()
        self._cache[digest] = (time.monotonic(), key.grant)
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return key.grant

    def forget(self) -> None:
        """Drop every cached grant (tests, and anything that must see a revocation at once)."""
        self._cache.clear()
