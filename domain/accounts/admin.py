"""Administration use cases: contracts and users, one at a time or imported all-or-nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.core.destinations import email_key, normalise_email
from domain.core.errors import DomainError, Duplicate, InvalidEmail, NotFound
from domain.core.model import AuditEvent, AuditKind, Contract, Role, User
from domain.core.ports import UnitOfWork


class ImportRefused(DomainError):
    """An import row was refused; nothing of the import was kept. Names the row (1 = the header)."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(f"row {row}: {reason}")
        self.row = row
        self.reason = reason


@dataclass(frozen=True)
class UserRow:
    email: str
    name: str
    contract: str
    role: str = "member"


_ROLES = {"member": Role.MEMBER, "manager": Role.ACCOUNT_MANAGER, "account_manager": Role.ACCOUNT_MANAGER}


async def add_contract(uow: UnitOfWork, name: str, now: datetime) -> Contract:
    clean = " ".join(name.split())
    if not clean:
        raise DomainError("a contract needs a name")
    if await uow.contracts.get_by_name(clean) is not None:
        raise Duplicate(f"a contract named {clean!r} exists already")
    contract = await uow.contracts.add(Contract(id=None, name=clean))
    await uow.audit.add(
        AuditEvent(at=now, kind=AuditKind.CONTRACT_ADDED, actor="cli", detail={"name": clean})
    )
    return contract


async def add_user(
    uow: UnitOfWork, email: str, name: str, contract_name: str, role: Role, now: datetime
) -> User:
    """Add a user with a validated, normalised registered email; refuses duplicates and unknown contracts."""
    address = normalise_email(email)
    clean_name = " ".join(name.split())
    if not clean_name:
        raise DomainError("a user needs a name")
    contract = await uow.contracts.get_by_name(" ".join(contract_name.split()))
    if contract is None or contract.id is None:
        raise NotFound(f"no contract named {contract_name!r} (add it with: twofa contracts add NAME)")
    if await uow.users.get_by_email(address) is not None:
        raise Duplicate(f"a user with the email {address} exists already")
    user = await uow.users.add(
        User(id=None, contract_id=contract.id, name=clean_name, email=address, role=role)
    )
    await uow.audit.add(
        AuditEvent(
            at=now, kind=AuditKind.USER_ADDED, user_id=user.id, actor="cli", detail={"role": role.value}
        )
    )
    return user


async def import_users(uow: UnitOfWork, rows: Sequence[UserRow], now: datetime) -> list[User]:
    """Add every row or none: the first bad row raises `ImportRefused` naming it (data rows start at 2)."""
    seen: dict[str, int] = {}
    added = []
    for number, row in enumerate(rows, start=2):
        role = _ROLES.get(row.role.strip().lower() or "member")
        if role is None:
            raise ImportRefused(number, f"role {row.role!r} is not one of member, manager")
        try:
            key = email_key(normalise_email(row.email))
        except InvalidEmail as error:
            raise ImportRefused(number, f"invalid email {row.email!r}: {error}") from None
        if key in seen:
            raise ImportRefused(number, f"duplicate email {row.email!r} (also on row {seen[key]})")
        seen[key] = number
        try:
            added.append(await add_user(uow, row.email, row.name, row.contract, role, now))
        except DomainError as error:
            raise ImportRefused(number, str(error)) from None
    return added


DEMO_CONTRACT = "Demo Ltd"
DEMO_USERS = (
    ("alice@example.com", "Alice Member", Role.MEMBER),
    ("bob@example.com", "Bob Member", Role.MEMBER),
    ("carol@example.com", "Carol Manager", Role.ACCOUNT_MANAGER),
)


async def seed_demo(uow: UnitOfWork, now: datetime) -> list[User] | None:
    """On an empty database, a demo contract with two members and one account manager; else None."""
    if await uow.contracts.list():
        return None
    await add_contract(uow, DEMO_CONTRACT, now)
    return [await add_user(uow, email, name, DEMO_CONTRACT, role, now) for email, name, role in DEMO_USERS]
