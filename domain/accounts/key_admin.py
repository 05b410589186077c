"""Administration of API keys: add (the key is shown once), list and revoke; every add and revoke audited.

The key is made by the caller's `TokenSource`; only its SHA-256 (`domain.api_keys.key_hash`) is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from domain.core.api_keys import KEY_BYTES, KEY_PREFIX, NAME_PATTERN, NAME_RULE, ApiKey, KeyScope, key_hash
from domain.core.errors import DomainError, Duplicate, NotFound
from domain.core.model import AuditEvent, AuditKind, Contract
from domain.core.ports import TokenSource, UnitOfWork

ACTOR = "cli"


async def _contract(uow: UnitOfWork, given: str) -> Contract:
    """A contract by its name, or by its number as `twofa contracts list` shows it."""
    name = " ".join(given.split())
    contract = await uow.contracts.get_by_name(name)
    if contract is None and name.isascii() and name.isdigit() and len(name) <= 10:
        contract = await uow.contracts.get(int(name))
    if contract is None or contract.id is None:
        raise NotFound(f"no contract named {given!r} (see: twofa contracts list)")
    return contract


async def add_key(
    uow: UnitOfWork,
    tokens: TokenSource,
    name: str,
    scope: KeyScope,
    contracts: Sequence[str],
    now: datetime,
) -> tuple[ApiKey, str]:
    """Store a new key; returns it and the key itself, which exists nowhere else afterwards."""
    if not NAME_PATTERN.fullmatch(name):
        raise DomainError(f"a key name is {NAME_RULE}, not {name!r}")
    if scope is KeyScope.MANAGER and not contracts:
        raise DomainError("a manager key needs at least one --contract")
    if scope is KeyScope.LOGIN and contracts:
        raise DomainError("a login key acts on no contract: leave out --contract")
    found = [await _contract(uow, given) for given in contracts]
    contract_ids = tuple(sorted({c.id for c in found if c.id is not None}))
    if await uow.api_keys.get_by_name(name) is not None:
        raise Duplicate(f"an API key named {name!r} exists already")
    secret = KEY_PREFIX + tokens.token(KEY_BYTES)
    key = await uow.api_keys.add(ApiKey(None, name, key_hash(secret), scope, contract_ids, now))
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.API_KEY_ADDED,
            actor=ACTOR,
            detail={"name": name, "scope": scope.value, "contracts": list(contract_ids)},
        )
    )
    return key, secret


async def revoke_key(uow: UnitOfWork, name: str, now: datetime) -> ApiKey:
    """Revoke a key by name (revoking a revoked key again changes nothing and is not audited twice)."""
    key = await uow.api_keys.get_by_name(name)
    if key is None:
        raise NotFound(f"no API key named {name!r} (see: twofa keys list)")
    if not key.active:
        return key
    revoked = replace(key, revoked_at=now)
    await uow.api_keys.save(revoked)
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.API_KEY_REVOKED,
            actor=ACTOR,
            detail={"name": name, "scope": key.scope.value, "contracts": list(key.contract_ids)},
        )
    )
    return revoked
