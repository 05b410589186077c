"""API keys: what the HTTP API's callers hold. A key is shown once; only its SHA-256 is ever kept.

A `login` key (the product's login page) may call only the login endpoints; a `manager` key (the product's
admin tools) only the account-manager endpoints, and only for the contracts it names. `KeyGrant` is what an
authenticated request carries: the key's name, scope and contracts, never the key.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

KEY_PREFIX = "twofa_"  # recognisable in a leaked file or a secret scanner
KEY_BYTES = 32  # `secrets.token_urlsafe(32)`: 256 bits
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
NAME_RULE = "1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit"


class KeyScope(enum.StrEnum):
    LOGIN = "login"  # /v1/logins*
    MANAGER = "manager"  # /v1/contracts/{id}/... and /v1/manager-actions/..., for its contracts only


def key_hash(key: str) -> str:
    """What is stored and looked up: the SHA-256 of the key, in hex (the key is 256 random bits, so a
    plain hash is as good as a keyed one and lets any process look a key up)."""
    return hashlib.sha256(key.encode()).hexdigest()


def key_actor(name: str) -> str:
    """How audit events name a key as the actor."""
    return f"api-key:{name}"


@dataclass(frozen=True)
class KeyGrant:
    """What an authenticated request may do: `request["api_key"]` in the HTTP API."""

    name: str
    scope: KeyScope
    contract_ids: frozenset[int] = frozenset()

    @property
    def actor(self) -> str:
        return key_actor(self.name)

    def covers(self, contract_id: int | None) -> bool:
        """Whether this key may act on `contract_id` (a manager key naming it)."""
        return self.scope is KeyScope.MANAGER and contract_id is not None and contract_id in self.contract_ids


@dataclass(frozen=True)
class ApiKey:
    """A stored key: its hash, never the key itself."""

    id: int | None
    name: str
    key_hash: str
    scope: KeyScope
    contract_ids: tuple[int, ...]  # manager keys: the contracts they act on; login keys: none
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def grant(self) -> KeyGrant:
        return KeyGrant(self.name, self.scope, frozenset(self.contract_ids))
