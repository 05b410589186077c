"""`twofa keys add|list|revoke`: the HTTP API's keys, kept in the database as SHA-256 hashes only.

`add` prints the key once; nothing can show it again (revoke it and add another if it is lost).
"""

from __future__ import annotations

import argparse
import sys

from app.wiring import Services
from domain.accounts.key_admin import add_key, revoke_key
from domain.core.api_keys import KeyScope


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`twofa keys add NAME --scope login|manager [--contract C ...]`, `keys list`, `keys revoke NAME`."""
    keys = sub.add_parser("keys", help="API keys of the HTTP API").add_subparsers(
        dest="action", required=True
    )
    add = keys.add_parser("add", help="create a key and print it once")
    add.add_argument("name", help="who holds it, e.g. login-page or acme-admin (shown in the audit trail)")
    add.add_argument(
        "--scope",
        required=True,
        choices=[scope.value for scope in KeyScope],
        help="login: /v1/logins only; manager: the manager endpoints, for the --contract(s) only",
    )
    add.add_argument(
        "--contract",
        action="append",
        default=[],
        help="a contract (name or number) a manager key acts on; repeat for several",
    )
    keys.add_parser("list", help="every key: name, scope, contracts, created, revoked (never the key)")
    keys.add_parser("revoke", help="revoke a key (every process refuses it within 5 s)").add_argument("name")


async def add(services: Services, args: argparse.Namespace) -> int:
    async with services.uow_factory() as uow:
        key, secret = await add_key(
            uow, services.tokens, args.name, KeyScope(args.scope), args.contract, services.clock.now()
        )
        await uow.commit()
    contracts = f" for contracts {', '.join(map(str, key.contract_ids))}" if key.contract_ids else ""
    print(f"added API key {key.name!r} ({key.scope.value} scope{contracts}). The key, shown only this once:")
    print(secret)
    print(
        "Give it to its caller as `Authorization: Bearer <key>`; it is stored only as a hash.",
        file=sys.stderr,
    )
    return 0


async def list_keys(services: Services, args: argparse.Namespace) -> int:
    async with services.uow_factory() as uow:
        keys = await uow.api_keys.list()
        names = {c.id: c.name for c in await uow.contracts.list()}
    print("name\tscope\tcontracts\tcreated\trevoked\tlast_used")
    for key in keys:
        contracts = ",".join(names.get(number, str(number)) for number in key.contract_ids) or "-"
        revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "-"
        used = key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else "-"
        created = key.created_at.isoformat(timespec="seconds")
        print(f"{key.name}\t{key.scope.value}\t{contracts}\t{created}\t{revoked}\t{used}")
    return 0


async def revoke(services: Services, args: argparse.Namespace) -> int:
    async with services.uow_factory() as uow:
        key = await revoke_key(uow, args.name, services.clock.now())
        await uow.commit()
    assert key.revoked_at is not None  # noqa: S101  (revoke_key returns it revoked)
    print(f"revoked API key {key.name!r} at {key.revoked_at.isoformat(timespec='seconds')}")
    return 0
