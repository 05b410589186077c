"""The account-manager handlers for the product's own admin tools: read the body, call `ManagerActions`.

The rules (which key and which manager may act on which contract, the code, the notices, the audit events)
are `domain.manager_actions`'; this module only maps its answers and refusals to HTTP. Turning 2FA off is
two calls: the first sends a code to the manager's own 2FA destination, the second brings it back.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from aiohttp import hdrs, web

from api.answers import iso_utc
from api.errors import ApiError, json_error
from api.keys import SERVICES, api_key
from api.validation import code_text, json_object, optional_text, path_token, required_text
from api.views import EMAIL_LIMIT
from domain.accounts.manager_actions import ActionOutcome, ActionResult, ManagerActions
from domain.core.manager_action_state import ManagerAction

ACTIONS = web.AppKey("manager_actions", ManagerActions)
REASON_LIMIT = 200
CONTRACT_ID_MAX = 2**31 - 1  # ids are 32-bit integer columns: anything larger names no contract
ACTION_ID_LIMIT = 64

# outcome -> (HTTP status, human message); the codes are documented in api/openapi_managers.py
ERRORS: dict[ActionOutcome, tuple[int, str]] = {
    ActionOutcome.NOT_ALLOWED: (403, "Not allowed: the key or manager_email does not cover this contract."),
    ActionOutcome.UNKNOWN_CONTRACT: (404, "There is no such contract."),
    ActionOutcome.UNKNOWN_USER: (404, "user_email is not a user of this contract."),
    ActionOutcome.UNKNOWN_ACTION: (404, "There is no such manager action."),
    ActionOutcome.NEEDS_2FA: (
        409,
        "The manager has no 2FA, so nothing can confirm the action: they must turn 2FA on first.",
    ),
    ActionOutcome.ALREADY_USED: (409, "This action was confirmed already."),
    ActionOutcome.INVALID_CODE: (400, "The code is not right."),
    ActionOutcome.EXPIRED: (410, "The code has expired; ask for the action again."),
    ActionOutcome.LOCKED: (423, "Too many wrong codes: codes to this manager are blocked for now."),
    ActionOutcome.TOO_MANY_ATTEMPTS: (429, "Too many wrong codes for this action; ask for it again."),
    ActionOutcome.RATE_LIMITED: (429, "Too many codes were sent to this manager; try again later."),
    ActionOutcome.UNDELIVERED: (502, "The code could not be delivered to the manager."),
}


def _contract_id(request: web.Request) -> int | None:
    """The `{contract_id}` path segment as a number (None: too large to name any contract); 400 if not one."""
    text = request.match_info["contract_id"]
    if not (text.isascii() and text.isdigit()):
        raise ApiError(
            400, "invalid_request", "The contract id must be a positive integer.", field="contract_id"
        )
    number = int(text.lstrip("0") or "0") if len(text.lstrip("0")) <= 10 else None
    return number if number is not None and number <= CONTRACT_ID_MAX else None


def _state(action: ManagerAction) -> dict[str, Any]:
    return {"action_id": action.id, "status": action.status.value, "expires_at": iso_utc(action.expires_at)}


def _answer(result: ActionResult, now: datetime) -> web.Response:
    if result.outcome is ActionOutcome.PENDING and result.action is not None:
        body = _state(result.action)
        if result.sent_to is not None:
            return web.json_response({**body, "sent_to": result.sent_to}, status=202)
        body |= {"contract_id": result.action.contract_id, "created_at": iso_utc(result.action.created_at)}
        if result.action.decided_at is not None:
            body["decided_at"] = iso_utc(result.action.decided_at)
        return web.json_response(body)
    if result.outcome is ActionOutcome.DONE:
        return web.json_response({"disabled": list(result.disabled), "count": len(result.disabled)})
    status, message = ERRORS[result.outcome]
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if result.outcome is ActionOutcome.INVALID_CODE:
        extra["attempts_left"] = result.attempts_left or 0
    if result.outcome is ActionOutcome.UNDELIVERED and result.problem is not None:
        extra["problem"] = result.problem.value
    if result.retry_at is not None and status in (423, 429):
        extra["retry_at"] = iso_utc(result.retry_at, round_up=True)
        headers[hdrs.RETRY_AFTER] = str(max(1, math.ceil((result.retry_at - now).total_seconds())))
    return json_error(status, result.outcome.value, message, headers, **extra)


def _action_id(request: web.Request) -> str:
    """The `{action_id}`, or "" (no action) when it cannot be one of our tokens: never queried with."""
    return path_token(request, "action_id", ACTION_ID_LIMIT) or ""


async def disable_two_factor(request: web.Request) -> web.Response:
    """POST /v1/contracts/{contract_id}/two-factor/disable: ask; the manager's code confirms it."""
    body = await json_object(request)
    reason = required_text(body, "reason", REASON_LIMIT).strip()
    manager_email = required_text(body, "manager_email", EMAIL_LIMIT)
    user_email = optional_text(body, "user_email", EMAIL_LIMIT).strip()
    contract_id = _contract_id(request)
    result = await request.app[ACTIONS].request(
        api_key(request), contract_id, manager_email, user_email, reason
    )
    return _answer(result, request.app[SERVICES].clock.now())


async def confirm_action(request: web.Request) -> web.Response:
    """POST /v1/manager-actions/{action_id}/confirm: the manager's code; when right, the action runs."""
    body = await json_object(request)
    code = code_text(body)
    result = await request.app[ACTIONS].confirm(api_key(request), _action_id(request), code)
    return _answer(result, request.app[SERVICES].clock.now())


async def action_status(request: web.Request) -> web.Response:
    """GET /v1/manager-actions/{action_id}: where the action stands."""
    result = await request.app[ACTIONS].status(api_key(request), _action_id(request))
    return _answer(result, request.app[SERVICES].clock.now())
