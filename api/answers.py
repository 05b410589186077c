"""How each `LoginResult` is answered over HTTP: one status code and one JSON shape per `LoginStatus`."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import hdrs, web

from api.errors import json_error
from domain.signin.logins import LoginResult, LoginStatus


def iso_utc(moment: datetime, *, round_up: bool = False) -> str:
    """ISO 8601 in UTC with a `Z`, to the second (rounded up for retry times, so waiting that long works)."""
    moment = moment.astimezone(UTC)
    whole = moment.replace(microsecond=0)
    if round_up and whole != moment:
        whole += timedelta(seconds=1)
    return whole.isoformat().replace("+00:00", "Z")


# status -> (HTTP status, human message); the codes and statuses are documented in api/openapi.py
ERRORS: dict[LoginStatus, tuple[int, str]] = {
    LoginStatus.INVALID_CODE: (400, "The code is not right."),
    LoginStatus.UNKNOWN_LOGIN: (404, "There is no such login."),
    LoginStatus.ALREADY_USED: (409, "This login has been verified already."),
    LoginStatus.EXPIRED: (410, "The code has expired; start the login again."),
    LoginStatus.LOCKED: (423, "Too many wrong codes: login codes are blocked for now."),
    LoginStatus.TOO_MANY_ATTEMPTS: (429, "Too many wrong codes for this login; start the login again."),
    LoginStatus.RATE_LIMITED: (429, "Too many codes were sent; try again later."),
    LoginStatus.COOLDOWN: (429, "A code was sent moments ago; wait before asking for it again."),
    LoginStatus.UNDELIVERED: (502, "The code could not be delivered."),
    LoginStatus.NOTHING_TO_SEND: (409, "The code comes from the authenticator app: nothing is sent."),
    LoginStatus.DENIED: (403, "The sign-in was refused in the user's Telegram chat."),
    LoginStatus.NOT_APPROVED: (409, "The sign-in has not been approved in the user's Telegram chat yet."),
}


def _sent(result: LoginResult) -> dict[str, Any]:
    if result.channel is None or result.expires_at is None:
        raise ValueError(f"a {result.status} result carries the channel and the expiry")
    body = {
        "channel": result.channel.value,
        # which code the page asks for: "sms", "email" or "app"; "approve": show the number, wait for the tap
        "input": "approve" if result.number is not None else result.channel.value,
        "sent_to": result.sent_to,
        "expires_at": iso_utc(result.expires_at),
    }
    if result.delivered_via is not None:  # an SMS-method code that could go through Telegram
        body["delivered_via"] = result.delivered_via.value
    return body


def _success(result: LoginResult) -> dict[str, Any] | None:
    status = result.status
    if status is LoginStatus.NOT_ENABLED:
        # unknown emails land here too: the very same bytes as an account without 2FA
        return {"second_factor": "not_enabled", "setup_suggested": True}
    if status is LoginStatus.REMEMBERED:
        return {"second_factor": "remembered"}
    if status is LoginStatus.REQUIRED:
        required = {
            "second_factor": "required",
            "login_id": result.login_id,
            **_sent(result),
            "recovery": result.recovery,  # the page may offer to type a recovery code instead
        }
        if result.number is not None:
            required["number"] = result.number
        return required
    if status is LoginStatus.PROGRESS:
        return {
            "login_id": result.login_id,
            "status": result.state,
            "input": "code" if result.code_sent else "approve",
            "approved_by": result.approved_by,
            "expires_at": iso_utc(result.expires_at) if result.expires_at else None,
        }
    if status is LoginStatus.SENT:
        return {"sent": True, **_sent(result)}
    if status is LoginStatus.VERIFIED:
        body: dict[str, Any] = {"verified": True}
        if result.device is not None:
            body["device_token"] = result.device.token
            body["device_expires_at"] = iso_utc(result.device.expires_at)
        if result.recovery_codes_left is not None:
            body["recovery_codes_left"] = result.recovery_codes_left
        if result.approved_by is not None:
            body["approved_by"] = result.approved_by
        return body
    return None


def answer(result: LoginResult, now: datetime) -> web.Response:
    """The HTTP answer to a login result (`now` turns `retry_at` into a `Retry-After` header)."""
    body = _success(result)
    if body is not None:
        return web.json_response(body)
    status, message = ERRORS[result.status]
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if result.status is LoginStatus.INVALID_CODE:
        extra["attempts_left"] = result.attempts_left or 0
    if result.status is LoginStatus.NOT_APPROVED:
        extra["status"] = result.state or "pending"
    if result.status is LoginStatus.UNDELIVERED and result.problem is not None:
        extra["problem"] = result.problem.value
    if result.retry_at is not None and status in (423, 429):
        extra["retry_at"] = iso_utc(result.retry_at, round_up=True)
        headers[hdrs.RETRY_AFTER] = str(max(1, math.ceil((result.retry_at - now).total_seconds())))
    return json_error(status, result.status.value, message, headers, **extra)
