"""The account-manager handlers for the product's own admin tools: read the body, call `disable_for`.

The rules (who may act on which contract, the notices, the audit events) are `domain.managers`'; this
module only maps its answers and refusals to HTTP.
"""

from __future__ import annotations

from datetime import datetime

from aiohttp import web

from api.errors import ApiError
from api.keys import SERVICES
from api.validation import json_object, optional_text, required_text
from api.views import EMAIL_LIMIT
from domain.destinations import email_key
from domain.errors import NotFound
from domain.managers import NotAllowed, authorize, disable_for
from domain.model import AuditEvent, AuditKind, User
from domain.ports import UnitOfWork

REASON_LIMIT = 200
CONTRACT_ID_MAX = 2**31 - 1  # ids are 32-bit integer columns: anything larger names no contract
ACTION = "disable"


def _contract_id(request: web.Request) -> int | None:
    """The `{contract_id}` path segment as a number (None: too large to name any contract); 400 if not one."""
    text = request.match_info["contract_id"]
    if not (text.isascii() and text.isdigit()):
        raise ApiError(
            400, "invalid_request", "The contract id must be a positive integer.", field="contract_id"
        )
    number = int(text.lstrip("0") or "0") if len(text.lstrip("0")) <= 10 else None
    return number if number is not None and number <= CONTRACT_ID_MAX else None


def _not_allowed() -> ApiError:
    return ApiError(403, "not_allowed", "manager_email is not an account manager of this contract.")


def _unknown_user() -> ApiError:
    return ApiError(404, "unknown_user", "user_email is not a user of this contract.")


async def _refuse_unknown_manager(uow: UnitOfWork, contract_id: int, now: datetime) -> None:
    """Audit an attempt by an address that is no user at all (the domain audits the users it refuses)."""
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.MANAGER_REFUSED,
            actor="api",
            detail={"contract": contract_id, "action": ACTION, "via": "api", "manager": "unknown"},
        )
    )


async def _target(uow: UnitOfWork, user_email: str, contract_id: int) -> int | None:
    """The id of the user named by `user_email` (None: every user); 404 unless they are in the contract."""
    if not user_email:
        return None
    user = await uow.users.get_by_email(email_key(user_email))
    if user is None or user.contract_id != contract_id:
        raise _unknown_user()
    return user.key


async def _disable(
    uow: UnitOfWork, manager: User, contract_id: int, user_email: str, reason: str, now: datetime
) -> list[User]:
    """Authorise first, so that only a manager of the contract learns whether a user is in it."""
    await authorize(uow, manager, contract_id, ACTION, now)
    target = await _target(uow, user_email, contract_id)
    try:
        return await disable_for(uow, manager, contract_id, target, reason, via="api", now=now)
    except NotFound:
        raise _unknown_user() from None


async def disable_two_factor(request: web.Request) -> web.Response:
    """POST /v1/contracts/{contract_id}/two-factor/disable: a manager turns 2FA off for one or every user."""
    body = await json_object(request)
    reason = required_text(body, "reason", REASON_LIMIT).strip()
    manager_email = required_text(body, "manager_email", EMAIL_LIMIT)
    user_email = optional_text(body, "user_email", EMAIL_LIMIT).strip()
    contract_id = _contract_id(request)
    services = request.app[SERVICES]
    now = services.clock.now()
    async with services.uow_factory() as uow:
        contract = None if contract_id is None else await uow.contracts.get(contract_id)
        if contract is None or contract.id is None:
            raise ApiError(404, "unknown_contract", "There is no such contract.")
        manager = await uow.users.get_by_email(email_key(manager_email))
        if manager is None:
            await _refuse_unknown_manager(uow, contract.id, now)
            await uow.commit()
            raise _not_allowed()
        try:
            affected = await _disable(uow, manager, contract.id, user_email, reason, now)
        except NotAllowed:
            await uow.commit()  # the refusal's audit event must outlive the refusal
            raise _not_allowed() from None
        await uow.commit()
    return web.json_response({"disabled": [user.email for user in affected], "count": len(affected)})
