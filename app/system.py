"""The real clock and randomness behind the domain's `Clock` and `TokenSource` interfaces."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SecretsTokens:
    """Tokens from the operating system's CSPRNG, URL-safe (A-Za-z0-9_-)."""

    def token(self, nbytes: int = 16) -> str:
        return secrets.token_urlsafe(nbytes)
