"""The login handlers: read the body, call one `LoginService` method, answer its result."""

from __future__ import annotations

import asyncio

from aiohttp import web

from api.answers import answer
from api.errors import ApiError
from api.keys import SERVICES, api_key
from api.validation import (
    cleaned_text,
    code_text,
    json_object,
    optional_bool,
    optional_text,
    path_token,
    required_text,
)
from domain.signin.devices import IP_LIMIT, USER_AGENT_LIMIT
from domain.signin.logins import LoginResult, LoginStatus

EMAIL_LIMIT = 320  # RFC 5321: 64 + @ + 255
DEVICE_TOKEN_LIMIT = 128
LOGIN_ID_LIMIT = 128
MAX_WAIT = 25  # seconds a GET may wait for a tap (below common proxies' 30-second idle timeouts)
POLL_INTERVAL = 0.2  # seconds between two reads of a waiting login
RECOVERY_CODE_LIMIT = 64  # a code is 9 characters; room for spaces, never a long text


def _login_id(request: web.Request) -> str | None:
    return path_token(request, "login_id", LOGIN_ID_LIMIT)  # login ids are URL-safe tokens


async def start_login(request: web.Request) -> web.Response:
    """POST /v1/logins: after the password check, whether a second factor is needed (and send it)."""
    body = await json_object(request)
    email = required_text(body, "email", EMAIL_LIMIT)
    device_token = optional_text(body, "device_token", DEVICE_TOKEN_LIMIT)
    ip = cleaned_text(body, "ip", IP_LIMIT)  # passed on from the browser: cleaned, not refused
    user_agent = cleaned_text(body, "user_agent", USER_AGENT_LIMIT)
    services = request.app[SERVICES]
    # the code's limits are the client IP's when the page passes it, else this key's (domain.sources)
    result = await services.logins.start(email, device_token, ip, user_agent, api_key(request).name)
    return answer(result, services.clock.now())


async def verify_login(request: web.Request) -> web.Response:
    """POST /v1/logins/{login_id}/verify: check the code (or a recovery code); optionally remember the
    device."""
    body = await json_object(request)
    recovery = body.get("recovery_code") is not None  # a recovery code in place of the code
    if recovery and body.get("code") is not None:
        raise ApiError(400, "invalid_request", "Send code or recovery_code, not both.", field="code")
    approved = not recovery and body.get("code") is None  # neither: a login approved in Telegram
    typed = ""
    if not approved:
        typed = required_text(body, "recovery_code", RECOVERY_CODE_LIMIT) if recovery else code_text(body)
    remember = optional_bool(body, "remember_device")
    services = request.app[SERVICES]
    login_id = _login_id(request)
    if login_id is None:
        result = LoginResult(LoginStatus.UNKNOWN_LOGIN)
    elif approved:
        result = await services.logins.finish(login_id, remember)
    elif recovery:
        result = await services.logins.verify_recovery(login_id, typed, remember)
    else:
        result = await services.logins.verify(login_id, typed, remember)
    return answer(result, services.clock.now())


async def resend_code(request: web.Request) -> web.Response:
    """POST /v1/logins/{login_id}/resend: the same code again, after the cooldown."""
    services = request.app[SERVICES]
    login_id = _login_id(request)
    if login_id is None:
        result = LoginResult(LoginStatus.UNKNOWN_LOGIN)
    else:
        result = await services.logins.resend(login_id)
    return answer(result, services.clock.now())


async def login_progress(request: web.Request) -> web.Response:
    """GET /v1/logins/{login_id}?wait=N: where a login stands; with `wait`, answered as soon as it is no
    longer pending (or after N seconds, at most 25). Polled in short reads, so any worker sees any tap."""
    services = request.app[SERVICES]
    login_id = _login_id(request)
    wait = _wait_seconds(request)
    if login_id is None:
        return answer(LoginResult(LoginStatus.UNKNOWN_LOGIN), services.clock.now())
    deadline = asyncio.get_running_loop().time() + wait
    result = await services.logins.progress(login_id)
    while result.state == "pending" and not result.code_sent and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(POLL_INTERVAL)
        result = await services.logins.progress(login_id)
    return answer(result, services.clock.now())


def _wait_seconds(request: web.Request) -> float:
    raw = request.query.get("wait", "0")
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_WAIT:
        raise ApiError(
            400, "invalid_request", f"wait must be a whole number of seconds, 0 to {MAX_WAIT}.", field="wait"
        )
    return float(int(raw))
